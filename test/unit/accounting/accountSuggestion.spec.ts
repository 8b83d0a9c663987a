import { expect } from 'chai';
import { suggestAccount } from '../../../plugin/accounting/accountSuggestion';
import { LedgerIndex } from '../../../plugin/accounting/LedgerIndex';
import { mainStems, nameSimilarity, namesAlike } from '../../../plugin/accounting/nameSimilarity';
import { demoChart } from '../../support/testChart';

describe('account suggestions', () => {
  const index = new LedgerIndex(demoChart());

  it('suggests the account whose digits equal the code, typed with or without separators, saying so', () => {
    const byCode = { account: '4110201002', reason: 'código igual a 4110201002' };
    expect(suggestAccount(index, '4110201002', [])).to.deep.equal(byCode);
    expect(suggestAccount(index, '41.102.01.002', ['Taxi'])).to.deep.equal(byCode);
    expect(suggestAccount(index, '4-110-201-002', [])).to.deep.equal(byCode);
    // A code that matches wins over names.
    expect(suggestAccount(index, '4110207001', ['Combustible'])!.account).to.equal('4110207001');
  });

  it('falls back to the account whose name is alike a category name, accent- and case-insensitive', () => {
    expect(suggestAccount(index, '4-1-02-01-02', ['Combustible'])).to.deep.equal({
      account: '4110201002',
      reason: 'nombre parecido: Combustibles',
    });
    expect(suggestAccount(index, '4-1-02-05-01', ['Taxi', 'ALIMENTACION'])).to.deep.equal({
      account: '4110205001',
      reason: 'nombre parecido: Alimentación y viáticos',
    });
    expect(suggestAccount(index, '', ['Pasajes aéreos nacionales'])).to.deep.equal({
      account: '4110203001',
      reason: 'nombre parecido: Pasajes y traslados',
    });
  });

  it('suggests nothing for names alike nothing, alike only an inactive account, or alike two accounts', () => {
    expect(suggestAccount(index, '4-1-02-09-09', ['Courier y correspondencia'])).to.equal(null);
    expect(suggestAccount(index, '4-1-02-09-09', ['Gastos varios'])).to.equal(null);
    const tie = new LedgerIndex([
      ...demoChart(),
      { ...demoChart()[6], code: '4110201003', name: 'Combustibles' },
    ]);
    expect(suggestAccount(tie, '4-1-02-01-02', ['Combustible'])).to.equal(null);
  });

  it("needs the category's main word in the account's name: a side word is not enough", () => {
    const withReceivables = new LedgerIndex([
      ...demoChart(),
      { ...demoChart()[2], code: '1110301001', name: 'Clientes nacionales' },
    ]);
    expect(suggestAccount(withReceivables, '4-1-02-08-01', ['Atención a clientes'])).to.equal(null);
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
