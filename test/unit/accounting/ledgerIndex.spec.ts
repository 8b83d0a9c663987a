import { expect } from 'chai';
import { LedgerIndex, normalizeAccountCode } from '../../../plugin/accounting/LedgerIndex';
import { demoBusinessCenters, demoChart } from '../../support/testChart';

describe('ledger checks', () => {
  const index = new LedgerIndex(demoChart(), demoBusinessCenters());

  it('accepts an active postable account typed with separators and returns the ledger code', () => {
    expect(normalizeAccountCode(' 4.110-201 002 ')).to.equal('4110201002');
    expect(index.resolveAccount('4.110.201.002')).to.deep.equal({ ok: true, code: '4110201002' });
  });

  it('names the account and what is wrong with it', () => {
    expect(index.resolveAccount('9999')).to.deep.equal({
      ok: false,
      message: 'La cuenta 9999 no existe en el plan de cuentas',
    });
    expect(index.resolveAccount('4110299001')).to.deep.include({ ok: false });
    expect((index.resolveAccount('4110299001') as { message: string }).message).to.match(/inactiva/);
    expect((index.resolveAccount('4110200000') as { message: string }).message).to.match(/no es imputable/);
  });

  it('accepts only active postable business centers', () => {
    expect(index.resolveBusinessCenter('EMPNEGVTAVTA000')).to.deep.equal({
      ok: true,
      code: 'EMPNEGVTAVTA000',
    });
    expect(index.resolveBusinessCenter('empnegvtavta000')).to.deep.equal({
      ok: true,
      code: 'EMPNEGVTAVTA000',
    });
    expect((index.resolveBusinessCenter('EMPNEG000000000') as { message: string }).message).to.match(
      /no es imputable/,
    );
    expect((index.resolveBusinessCenter('EMPGESGESOLD000') as { message: string }).message).to.match(
      /inactivo/,
    );
  });

  it('suggests the single active postable account with the same digits, and nothing otherwise', () => {
    expect(index.suggestFor('4-1-10-201-002')).to.equal('4110201002');
    expect(index.suggestFor('4-1-10-299-001')).to.equal(null); // inactive
    expect(index.suggestFor('4-1-10-200-000')).to.equal(null); // not postable
    expect(index.suggestFor('41102010')).to.equal(null); // a prefix is not a match
    expect(index.suggestFor('Combustible')).to.equal(null);
    const twins = new LedgerIndex([
      ...demoChart(),
      { ...demoChart()[6], code: '4110-201002' }, // a second account with the same digits
    ]);
    expect(twins.suggestFor('4110201002')).to.equal(null);
  });
});
