import { expect } from 'chai';
import {
  ACCOUNTS,
  buildBoleta,
  buildFactura,
  buildHonorarios,
  buildReportInput,
  mustBuildOne,
  mustFail,
  rows,
} from '../../support/accountingFactories';

describe('voucher builder: amounts and currencies', () => {
  for (const [label, total] of [
    ['negative', -18500],
    ['NaN', NaN],
    ['fractional', 18500.5],
    ['infinite', Infinity],
  ] as const) {
    it(`blocks a ${label} total as an invalid amount naming the expense`, () => {
      const problems = mustFail(
        buildReportInput({ expenses: [buildBoleta({ id: 31, supplier: 'Jumbo', total })] }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'invalid_amount',
        subject: { kind: 'expense', key: '31' },
        expenseIds: [31],
      });
      expect(problems[0].message).to.include('gasto 31');
      expect(problems[0].message).to.include('«Jumbo»');
      expect(problems[0].message).to.include('Total');
    });
  }

  it('lists every invalid amount field of a factura in one problem', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [buildFactura({ id: 1, net: 100.5, tax: -19, otherTaxes: 0, total: 82 })],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0].code).to.equal('invalid_amount');
    expect(problems[0].message).to.include('Neto 100,5');
    expect(problems[0].message).to.include('IVA -19');
  });

  it('blocks an invalid retention on honorarios', () => {
    const problems = mustFail(
      buildReportInput({ expenses: [buildHonorarios({ id: 1, total: 1000, retention: 145.5 })] }),
    );
    expect(problems.map((p) => p.code)).to.deep.equal(['invalid_amount']);
    expect(problems[0].message).to.include('Retención 145,5');
  });

  it('does not validate amounts a document kind does not post', () => {
    const draft = mustBuildOne(
      buildReportInput({
        expenses: [buildBoleta({ id: 1, total: 18500, net: 15546.22, tax: 2953.78, retention: NaN })],
      }),
    );
    expect(draft.lines.map((l) => l.debit + l.credit)).to.deep.equal([18500, 18500]);
  });

  it('blocks an expense whose currency is not the company currency', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [buildBoleta({ id: 5, currency: 'USD', originalCurrency: 'USD', total: 25 })],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({ code: 'unknown_currency', subject: { kind: 'expense', key: '5' } });
    expect(problems[0].message).to.include('«USD»');
    expect(problems[0].message).to.include('CLP');
  });

  it("posts a foreign-currency expense at the API's converted Total and keeps the original amount", () => {
    const draft = mustBuildOne(
      buildReportInput({
        expenses: [
          buildBoleta({
            id: 1,
            supplier: 'Starbucks Miami',
            originalCurrency: 'USD',
            originalAmount: 12.5,
            exchangeRate: 950.4,
            total: 11880,
          }),
        ],
      }),
    );
    expect(rows(draft).map((r) => r.slice(0, 3))).to.deep.equal([
      [ACCOUNTS.food, 11880, 0],
      [ACCOUNTS.payableStaff, 0, 11880],
    ]);
    expect(draft.lines[0].glosa).to.include('USD 12,5');
    expect(draft.lines[0].origin?.note).to.include('USD 12,5');
    expect(draft.lines[0].origin?.note).to.include('950,4');
  });

  it('never splits IVA from a foreign-currency factura', () => {
    const draft = mustBuildOne(
      buildReportInput({
        expenses: [
          buildFactura({
            id: 1,
            originalCurrency: 'EUR',
            originalAmount: 100,
            exchangeRate: 1030,
            net: 84.03,
            tax: 15.97,
            total: 103000,
          }),
        ],
      }),
    );
    expect(draft.lines.map((l) => l.accountCode)).to.not.include(ACCOUNTS.ivaCredit);
    expect(rows(draft).map((r) => r.slice(0, 3))).to.deep.equal([
      [ACCOUNTS.fuel, 103000, 0],
      [ACCOUNTS.payableStaff, 0, 103000],
    ]);
    expect(draft.lines[0].origin?.note).to.include('sin separar IVA');
  });

  it('treats an original currency equal to the company currency as local', () => {
    const draft = mustBuildOne(
      buildReportInput({ expenses: [buildFactura({ id: 1, originalCurrency: 'clp', net: 1000 })] }),
    );
    expect(draft.lines.map((l) => l.accountCode)).to.include(ACCOUNTS.ivaCredit);
  });

  it('writes no line for an approved expense of 0 pesos', () => {
    const draft = mustBuildOne(
      buildReportInput({ expenses: [buildBoleta({ id: 1, total: 0 }), buildBoleta({ id: 2, total: 1000 })] }),
    );
    expect(draft.lines.flatMap((l) => l.origin?.expenseIds)).to.deep.equal([2, 2]);
  });

  it('blocks a report whose approved expenses all total 0', () => {
    const problems = mustFail(buildReportInput({ expenses: [buildBoleta({ id: 1, total: 0 })] }));
    expect(problems.map((p) => p.code)).to.deep.equal(['empty_voucher']);
  });
});
