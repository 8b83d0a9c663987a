import { expect } from 'chai';
import {
  ACCOUNTS,
  buildBoleta,
  buildFactura,
  buildHonorarios,
  buildLedger,
  buildReportInput,
  mustBuild,
  mustBuildOne,
  mustFail,
  rows,
} from '../../support/accountingFactories';

describe('voucher builder: statuses, grouping, merging, date and glosa', () => {
  describe('statuses', () => {
    it('posts only approved expenses, ignoring rejected and in-process ones', () => {
      const draft = mustBuildOne(
        buildReportInput({
          expenses: [
            buildBoleta({ id: 1, total: 1000, status: 0 }),
            buildBoleta({ id: 2, total: 2000, status: 1 }),
            buildBoleta({ id: 3, total: 4000, status: 2, category: 'Sin mapear' }),
          ],
        }),
      );
      expect(draft.lines.map((l) => l.debit + l.credit)).to.deep.equal([2000, 2000]);
      expect(draft.lines.flatMap((l) => l.origin?.expenseIds)).to.deep.equal([2, 2]);
    });

    it('blocks a report without approved expenses', () => {
      const problems = mustFail(
        buildReportInput({
          expenses: [buildBoleta({ id: 1, status: 2 }), buildBoleta({ id: 2, status: 0 })],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'no_approved_expenses',
        subject: { kind: 'report', key: '90001' },
      });
      expect(problems[0].message).to.include('8842');
    });

    it('blocks a report that is not closed', () => {
      const problems = mustFail(buildReportInput({ report: { status: 0 } }));
      expect(problems.map((p) => p.code)).to.deep.equal(['report_not_closed']);
    });
  });

  describe('grouping', () => {
    it('makes one voucher per approved expense when grouping by expense', () => {
      const vouchers = mustBuild(
        buildReportInput({
          settings: { grouping: 'expense' },
          expenses: [
            buildFactura({ id: 11, net: 10000 }),
            buildBoleta({ id: 12, total: 5000, status: 2 }),
            buildBoleta({ id: 13, total: 3000 }),
          ],
        }),
      );
      expect(vouchers.map((v) => v.part)).to.deep.equal(['11', '13']);
      expect(rows(vouchers[0].draft).map((r) => r.slice(0, 3))).to.deep.equal([
        [ACCOUNTS.fuel, 10000, 0],
        [ACCOUNTS.ivaCredit, 1900, 0],
        [ACCOUNTS.payableStaff, 0, 11900],
      ]);
      expect(rows(vouchers[1].draft).map((r) => r.slice(0, 3))).to.deep.equal([
        [ACCOUNTS.food, 3000, 0],
        [ACCOUNTS.payableStaff, 0, 3000],
      ]);
      for (const { draft } of vouchers) expect(draft.glosa).to.equal('Rendición N° 8842 Octavio Olivares');
    });
  });

  describe('merging', () => {
    const expenses = () => [
      buildBoleta({ id: 1, total: 1000, costCenter: 'CC-210' }),
      buildBoleta({ id: 2, total: 2000, costCenter: 'CC-210' }),
      buildBoleta({ id: 3, total: 4000, costCenter: 'CC-100' }),
      buildHonorarios({ id: 4, total: 10000, retention: 1450 }),
    ];

    it("keeps every line with 'none', debit lines first in expense order", () => {
      const draft = mustBuildOne(
        buildReportInput({ settings: { mergeLines: 'none' }, expenses: expenses() }),
      );
      expect(rows(draft).map((r) => r.slice(0, 4))).to.deep.equal([
        [ACCOUNTS.food, 1000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.food, 2000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.food, 4000, 0, 'EMPGESGESADM000'],
        [ACCOUNTS.fees, 10000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.payableStaff, 0, 1000, ''],
        [ACCOUNTS.payableStaff, 0, 2000, ''],
        [ACCOUNTS.payableStaff, 0, 4000, ''],
        [ACCOUNTS.retention, 0, 1450, ''],
        [ACCOUNTS.payableStaff, 0, 8550, ''],
      ]);
    });

    it("merges credit lines of the same account, center and auxiliary with 'credit'", () => {
      const draft = mustBuildOne(
        buildReportInput({ settings: { mergeLines: 'credit' }, expenses: expenses() }),
      );
      expect(rows(draft).map((r) => r.slice(0, 4))).to.deep.equal([
        [ACCOUNTS.food, 1000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.food, 2000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.food, 4000, 0, 'EMPGESGESADM000'],
        [ACCOUNTS.fees, 10000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.payableStaff, 0, 15550, ''],
        [ACCOUNTS.retention, 0, 1450, ''],
      ]);
      expect(draft.lines[4].origin).to.deep.equal({
        expenseIds: [1, 2, 3, 4],
        rule: 'category:Alimentación:credit, category:Honorarios:credit',
      });
      expect(draft.lines[4].glosa).to.equal('Rendición N° 8842 Octavio Olivares');
    });

    it("merges identical debit lines too with 'all', never across business centers", () => {
      const draft = mustBuildOne(buildReportInput({ settings: { mergeLines: 'all' }, expenses: expenses() }));
      expect(rows(draft).map((r) => r.slice(0, 4))).to.deep.equal([
        [ACCOUNTS.food, 3000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.food, 4000, 0, 'EMPGESGESADM000'],
        [ACCOUNTS.fees, 10000, 0, 'EMPNEGVTAVTA000'],
        [ACCOUNTS.payableStaff, 0, 15550, ''],
        [ACCOUNTS.retention, 0, 1450, ''],
      ]);
      expect(draft.lines[0].origin?.expenseIds).to.deep.equal([1, 2]);
      expect(draft.lines[0].origin?.rule).to.equal('category:Alimentación:debit');
    });

    it("never merges lines with different documents, even with 'all'", () => {
      const draft = mustBuildOne(
        buildReportInput({
          settings: { mergeLines: 'all' },
          expenses: [
            buildFactura({ id: 1, net: 1000, folio: '10' }),
            buildFactura({ id: 2, net: 1000, folio: '11' }),
          ],
        }),
      );
      expect(rows(draft)).to.deep.equal([
        [ACCOUNTS.fuel, 2000, 0, 'EMPNEGVTAVTA000', '', ''],
        [ACCOUNTS.ivaCredit, 190, 0, '', '99.520.000-7', '33 10'],
        [ACCOUNTS.ivaCredit, 190, 0, '', '99.520.000-7', '33 11'],
        [ACCOUNTS.payableStaff, 0, 2380, '', '12.345.678-5', ''],
      ]);
    });
  });

  describe('date', () => {
    const expenses = () => [
      buildBoleta({ id: 1, issueDate: '2025-06-02' }),
      buildBoleta({ id: 2, issueDate: '2025-06-11' }),
      buildBoleta({ id: 3, issueDate: '2025-06-30', status: 2 }),
    ];
    for (const [voucherDate, expected] of [
      ['close', '2025-06-20'],
      ['send', '2025-06-18'],
      ['lastExpense', '2025-06-11'],
      ['posting', '2025-07-01'],
    ] as const) {
      it(`dates the voucher by the '${voucherDate}' option`, () => {
        const draft = mustBuildOne(
          buildReportInput({
            report: { closeDate: '2025-06-20', sendDate: '2025-06-18' },
            postingDate: '2025-07-01',
            settings: { voucherDate },
            expenses: expenses(),
          }),
        );
        expect(draft.date).to.equal(expected);
      });
    }

    it('uses the close date by default', () => {
      const draft = mustBuildOne(buildReportInput({ report: { closeDate: '2025-06-20' } }));
      expect(draft.date).to.equal('2025-06-20');
    });

    for (const [voucherDate, input] of [
      ['close', { report: { closeDate: '' } }],
      ['send', { report: { sendDate: '' } }],
      ['lastExpense', { expenses: [buildBoleta({ id: 1, issueDate: '' })] }],
      ['posting', { postingDate: '' }],
    ] as const) {
      it(`blocks when the '${voucherDate}' date is empty`, () => {
        const problems = mustFail(buildReportInput({ ...input, settings: { voucherDate } }));
        expect(problems).to.have.length(1);
        expect(problems[0]).to.deep.include({
          code: 'missing_date',
          subject: { kind: 'report', key: '90001' },
        });
        expect(problems[0].message).to.include('Configuración › General');
      });
    }

    it('blocks a date that is not a calendar date', () => {
      const problems = mustFail(buildReportInput({ report: { closeDate: '2025-02-30' } }));
      expect(problems.map((p) => p.code)).to.deep.equal(['missing_date']);
    });
  });

  describe('type and glosa', () => {
    it('uses the voucher type of the settings', () => {
      const draft = mustBuildOne(buildReportInput({ settings: { voucherType: 'EGRESO' } }));
      expect(draft.type).to.equal('EGRESO');
    });

    it('blocks an empty voucher type', () => {
      const problems = mustFail(buildReportInput({ settings: { voucherType: ' ' } }));
      expect(problems.map((p) => p.code)).to.deep.equal(['missing_setting']);
    });

    it('renders the glosa template of the settings', () => {
      const draft = mustBuildOne(
        buildReportInput({ settings: { glosaTemplate: 'RG {reportId} · {title} ({policy})' } }),
      );
      expect(draft.glosa).to.equal('RG 90001 · Viaje a Rancagua (Política Ventas)');
    });

    it('cuts the voucher glosa and every line glosa to the ledger limit', () => {
      const draft = mustBuildOne(
        buildReportInput({
          ledger: buildLedger({ glosaMaxLength: 12 }),
          settings: { mergeLines: 'none' },
          expenses: [buildFactura({ id: 1, supplier: 'Compañía de Petróleos de Chile COPEC S.A.' })],
        }),
      );
      expect(draft.glosa).to.equal('Rendición N°');
      expect(draft.lines.map((l) => l.glosa)).to.deep.equal(['Combustible', 'IVA Combusti', 'Rendición N°']);
      for (const line of draft.lines) expect(line.glosa.length).to.be.at.most(12);
    });

    it("gives the Haber of a single-expense voucher the report's glosa, not the supplier", () => {
      const glosa = 'Rendición N° 8842 Octavio Olivares';
      const oneExpense = mustBuildOne(
        buildReportInput({ expenses: [buildFactura({ id: 1, supplier: 'Combustible COPEC S.A.' })] }),
      );
      expect(oneExpense.lines.map((l) => [l.accountCode, l.glosa])).to.deep.equal([
        [ACCOUNTS.fuel, 'Combustible Combustible COPEC S.A.'],
        [ACCOUNTS.ivaCredit, 'IVA Combustible Combustible COPEC S.A.'],
        [ACCOUNTS.payableStaff, glosa],
      ]);
      const perExpense = mustBuild(
        buildReportInput({
          settings: { grouping: 'expense', mergeLines: 'none' },
          expenses: [
            buildBoleta({ id: 2, total: 3000 }),
            buildHonorarios({ id: 3, total: 10000, retention: 1450 }),
          ],
        }),
      );
      expect(
        perExpense.map((v) => v.draft.lines.filter((l) => l.credit > 0).map((l) => [l.accountCode, l.glosa])),
      ).to.deep.equal([
        [[ACCOUNTS.payableStaff, glosa]],
        // The retention is owed for that boleta: its line keeps naming the document.
        [
          [
            ACCOUNTS.retention,
            perExpense[1].draft.lines.find((l) => l.accountCode === ACCOUNTS.retention)!.glosa,
          ],
          [ACCOUNTS.payableStaff, glosa],
        ],
      ]);
      expect(perExpense[1].draft.lines.find((l) => l.accountCode === ACCOUNTS.retention)!.glosa).to.match(
        /^Retención Honorarios/,
      );
    });

    it('stamps the source and the company currency', () => {
      const draft = mustBuildOne(buildReportInput());
      expect(draft).to.deep.include({ source: 'rindegastos', currency: 'CLP' });
    });
  });
});
