import { expect } from 'chai';
import { draftTotals } from '../../../plugin/accounting/balance';
import type { VoucherDraft, VoucherLine } from '../../../plugin/host/Ledger';
import {
  ACCOUNTS,
  buildBoleta,
  buildFactura,
  buildHonorarios,
  buildReportInput,
  buildUser,
  mustFail,
} from '../../support/accountingFactories';

describe('voucher builder: problems', () => {
  it('reports two unmapped categories and one unmapped cost center at once', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [
          buildBoleta({ id: 1, category: 'Peajes' }),
          buildBoleta({ id: 2, category: 'Estacionamiento' }),
          buildBoleta({ id: 3, category: 'Alimentación', costCenter: 'CC-999' }),
        ],
      }),
    );
    expect(problems.map((p) => [p.code, p.subject.key])).to.deep.equal([
      ['unmapped_category', 'Peajes'],
      ['unmapped_category', 'Estacionamiento'],
      ['unmapped_cost_center', 'CC-999'],
    ]);
  });

  it('reports an unmapped cost center even on an expense whose category is not mapped yet', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [
          buildBoleta({ id: 1, category: 'Peajes', costCenter: 'CC-999' }),
          buildBoleta({ id: 2, category: 'Estacionamiento' }),
        ],
      }),
    );
    expect(problems.map((p) => p.code).sort()).to.deep.equal([
      'unmapped_category',
      'unmapped_category',
      'unmapped_cost_center',
    ]);
  });

  it('collects every problem of every expense and never returns a partial voucher', () => {
    const problems = mustFail(
      buildReportInput({
        report: { employeeIdentification: '12.345.678-4', closeDate: '' },
        settings: { retentionAccount: null },
        users: [buildUser({ identification: '' })],
        mappings: {
          invoiceCategories: {
            Combustible: { debitAccount: ACCOUNTS.closedFuel, creditAccount: ACCOUNTS.payableStaff },
          },
        },
        expenses: [
          buildFactura({ id: 1, supplierRut: 'nope', folio: '' }),
          buildFactura({ id: 2, net: 10000, tax: 1900, otherTaxes: 0, total: 15000 }),
          buildBoleta({ id: 3, category: 'Peajes' }),
          buildBoleta({ id: 4, total: -5 }),
          buildBoleta({ id: 5, currency: 'USD' }),
          buildHonorarios({ id: 6 }),
          buildBoleta({ id: 7, costCenter: 'CC-404' }),
          buildBoleta({ id: 8, total: 999, status: 2, category: 'No importa' }),
        ],
      }),
    );
    const codes = problems.map((p) => p.code);
    expect(codes).to.have.members([
      'missing_date',
      'inactive_account',
      'invalid_employee_rut',
      'invalid_supplier_rut',
      'missing_document_number',
      'inconsistent_amounts',
      'unmapped_category',
      'invalid_amount',
      'unknown_currency',
      'missing_setting',
      'unmapped_cost_center',
    ]);
    expect(problems.find((p) => p.code === 'invalid_supplier_rut')?.expenseIds).to.deep.equal([1]);
    expect(problems.find((p) => p.code === 'inconsistent_amounts')?.expenseIds).to.deep.equal([2]);
    expect(problems.find((p) => p.code === 'inactive_account')?.expenseIds).to.deep.equal([1, 2]);
    expect(problems.flatMap((p) => p.expenseIds)).to.not.include(8);
  });

  it('reports each cause once, with every expense it blocks', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [1, 2, 3].map((id) => buildBoleta({ id, category: 'Peajes', costCenter: 'CC-999' })),
      }),
    );
    expect(problems).to.have.length(2);
    for (const problem of problems) expect(problem.expenseIds).to.deep.equal([1, 2, 3]);
  });

  it('writes every message in Spanish, naming what to fix', () => {
    const problems = mustFail(
      buildReportInput({
        expenses: [buildBoleta({ id: 1, category: 'Peajes' }), buildBoleta({ id: 2, costCenter: 'CC-999' })],
      }),
    );
    for (const problem of problems) {
      expect(problem.message).to.match(/^(La|El) /);
      expect(problem.message).to.match(/Configuración › Centralización › (Categorías|Centros de costo)/);
    }
  });

  it('blocks a voucher whose totals overflow exact integer arithmetic as unbalanced', () => {
    const big = 2 ** 52;
    const problems = mustFail(
      buildReportInput({
        expenses: [buildBoleta({ id: 1, total: big }), buildBoleta({ id: 2, total: big })],
      }),
    );
    expect(problems.map((p) => p.code)).to.deep.equal(['unbalanced']);
    expect(problems[0].expenseIds).to.deep.equal([1, 2]);
    expect(problems[0].message).to.include('no cuadra');
  });
});

describe('final balance guard', () => {
  const line = (debit: number, credit: number): VoucherLine => ({
    accountCode: '1',
    debit,
    credit,
    glosa: '',
  });
  const draft = (...lines: VoucherLine[]): VoucherDraft => ({
    source: 'rindegastos',
    type: 'TRASPASO',
    date: '2025-06-20',
    glosa: '',
    currency: 'CLP',
    lines,
  });

  it('accepts a draft that balances to the peso', () => {
    expect(draftTotals(draft(line(100, 0), line(0, 60), line(0, 40)))).to.deep.equal({
      debit: 100,
      credit: 100,
      wellFormed: true,
      balanced: true,
    });
  });

  it('refuses a draft off by one peso', () => {
    expect(draftTotals(draft(line(100, 0), line(0, 99))).balanced).to.equal(false);
  });

  it('refuses lines with both or neither side, negative or fractional amounts, and empty drafts', () => {
    expect(draftTotals(draft(line(100, 100))).balanced).to.equal(false);
    expect(draftTotals(draft(line(0, 0))).balanced).to.equal(false);
    expect(draftTotals(draft(line(-5, 0), line(0, -5))).balanced).to.equal(false);
    expect(draftTotals(draft(line(0.5, 0), line(0, 0.5))).balanced).to.equal(false);
    expect(draftTotals(draft()).balanced).to.equal(false);
  });
});
