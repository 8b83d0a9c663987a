import { expect } from 'chai';
import { buildVouchers } from '../../../plugin/accounting/VoucherBuilder';
import { mustBuild, rows, workedExampleInput } from '../../support/accountingFactories';

describe('voucher builder: worked example of chile-accounting.md §3', () => {
  it('produces exactly the voucher of the worked example', () => {
    const vouchers = mustBuild(workedExampleInput());

    expect(vouchers).to.have.length(1);
    const [{ part, draft }] = vouchers;
    expect(part).to.equal('report');
    expect(draft.source).to.equal('rindegastos');
    expect(draft.type).to.equal('TRASPASO');
    expect(draft.date).to.equal('2025-06-20');
    expect(draft.glosa).to.equal('Rendición N° 8842 Octavio Olivares');
    expect(draft.currency).to.equal('CLP');
    expect(rows(draft)).to.deep.equal([
      ['4110201002', 53880, 0, 'EMPNEGVTAVTA000', '', ''],
      ['1110601001', 5620, 0, '', '99.520.000-7', '33 1234567'],
      ['4110205001', 18500, 0, 'EMPNEGVTAVTA000', '', ''],
      ['2110701001', 0, 78000, '', '12.345.678-5', ''],
    ]);
  });

  it('puts no analysis on a line whose account does not require it', () => {
    const [{ draft }] = mustBuild(workedExampleInput());
    const [fuel, iva, food, payable] = draft.lines;

    expect(fuel).to.not.have.any.keys('auxiliary', 'document');
    expect(iva).to.not.have.property('businessCenterCode');
    expect(food).to.not.have.any.keys('auxiliary', 'document');
    expect(payable).to.not.have.any.keys('businessCenterCode', 'document');
  });

  it('names the auxiliaries and states each line origin', () => {
    const [{ draft }] = mustBuild(workedExampleInput());
    const [fuel, iva, food, payable] = draft.lines;

    expect(iva.auxiliary).to.deep.equal({ rut: '99.520.000-7', name: 'Copec' });
    expect(payable.auxiliary).to.deep.equal({ rut: '12.345.678-5', name: 'Octavio Olivares' });
    expect(fuel.origin).to.deep.equal({ expenseIds: [1], rule: 'invoice_category:Combustible:debit' });
    expect(iva.origin).to.deep.equal({ expenseIds: [1], rule: 'setting:ivaCreditAccount' });
    expect(food.origin).to.deep.equal({ expenseIds: [2], rule: 'category:Alimentación:debit' });
    expect(payable.origin).to.deep.equal({
      expenseIds: [1, 2],
      rule: 'invoice_category:Combustible:credit, category:Alimentación:credit',
    });
  });

  it('gives every line a short glosa within the ledger limit', () => {
    const input = workedExampleInput();
    const [{ draft }] = mustBuild(input);

    expect(draft.lines.map((l) => l.glosa)).to.deep.equal([
      'Combustible Copec',
      'IVA Combustible Copec',
      'Alimentación Restaurante El Parrón',
      'Rendición N° 8842 Octavio Olivares',
    ]);
    for (const line of draft.lines) expect(line.glosa.length).to.be.at.most(input.ledger.glosaMaxLength);
  });

  it('ignores the rejected expense: the voucher posts the approved total, not the report total', () => {
    const result = buildVouchers(workedExampleInput());
    if (!result.ok) expect.fail('the worked example must build');
    const lines = result.vouchers[0].draft.lines;
    expect(lines.flatMap((l) => l.origin?.expenseIds ?? [])).to.not.include(3);
    expect(lines.reduce((s, l) => s + l.debit, 0)).to.equal(78000);
  });
});
