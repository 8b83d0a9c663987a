import { expect } from 'chai';
import { LedgerIndex, normalizeAccountCode } from '../../../plugin/mapping/ledgerChecks';
import { mainStems, nameSimilarity, namesAlike } from '../../../plugin/mapping/nameSimilarity';
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

  it('suggests the single active postable account with the same digits, saying so', () => {
    const byCode = { account: '4110201002', reason: 'código igual a 4110201002' };
    expect(index.suggestFor('4-1-10-201-002')).to.deep.equal(byCode);
    expect(index.suggestFor('4110201002')).to.deep.equal(byCode);
    expect(index.suggestFor('41.102.01.002')).to.deep.equal(byCode);
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

  it('falls back to the account whose name is alike a category name, accent- and case-insensitive', () => {
    expect(index.suggestFor('4-1-02-01-02', ['Combustible'])).to.deep.equal({
      account: '4110201002',
      reason: 'nombre parecido: Combustibles',
    });
    expect(index.suggestFor('4-1-02-05-01', ['Taxi', 'ALIMENTACION'])).to.deep.equal({
      account: '4110205001',
      reason: 'nombre parecido: Alimentación y viáticos',
    });
    expect(index.suggestFor('', ['Pasajes aéreos nacionales'])).to.deep.equal({
      account: '4110203001',
      reason: 'nombre parecido: Pasajes y traslados',
    });
    // A code that matches wins over names; nothing alike, or a tie, suggests nothing.
    expect(index.suggestFor('4110207001', ['Combustible'])!.account).to.equal('4110207001');
    expect(index.suggestFor('4-1-02-09-09', ['Courier y correspondencia'])).to.equal(null);
    expect(index.suggestFor('4-1-02-09-09', ['Gastos varios'])).to.equal(null); // only alike an inactive account
    // The main word of the category must be in the account's name: a side word is not enough.
    const withReceivables = new LedgerIndex([
      ...demoChart(),
      { ...demoChart()[2], code: '1110301001', name: 'Clientes nacionales' },
    ]);
    expect(withReceivables.suggestFor('4-1-02-08-01', ['Atención a clientes'])).to.equal(null);
    const tie = new LedgerIndex([
      ...demoChart(),
      { ...demoChart()[6], code: '4110201003', name: 'Combustibles' },
    ]);
    expect(tie.suggestFor('4-1-02-01-02', ['Combustible'])).to.equal(null);
  });

  it('measures name similarity on word stems, ignoring accents, case and small words', () => {
    expect(nameSimilarity('Combustible', 'COMBUSTIBLES')).to.equal(1);
    expect(nameSimilarity('Alimentación', 'alimentacion y viáticos')).to.be.closeTo(0.67, 0.01);
    expect(nameSimilarity('Materiales de oficina', 'Material oficina')).to.equal(1);
    expect(nameSimilarity('Taxi', 'Combustibles')).to.equal(0);
    expect(nameSimilarity('', 'Combustibles')).to.equal(0);
    expect([...mainStems('Peajes y TAG, Estacionamiento')]).to.deep.equal(['peaj', 'tag', 'estacionamiento']);
    expect(namesAlike('Repuestos y mantención', 'Mantención de vehículos')).to.equal(0.5);
    expect(namesAlike('Atención a clientes', 'Clientes nacionales')).to.equal(0);
  });
});
