import { expect } from 'chai';
import {
  ACCOUNTS,
  CENTERS,
  buildBoleta,
  buildFactura,
  buildLedger,
  buildReportInput,
  buildUser,
  defaultLedgerAccounts,
  ledgerAccount,
  mustBuildOne,
  mustFail,
  pair,
} from '../../support/accountingFactories';

describe('voucher builder: analyses (business center, auxiliary, document)', () => {
  describe('business center', () => {
    it('puts the mapped business center only on lines whose account requires one', () => {
      const draft = mustBuildOne(
        buildReportInput({ expenses: [buildFactura({ id: 1, costCenter: 'CC-100' })] }),
      );
      expect(draft.lines.map((l) => l.businessCenterCode)).to.deep.equal([
        CENTERS.admin,
        undefined,
        undefined,
      ]);
    });

    it('puts a business center on a credit line when its account requires one', () => {
      const ledger = buildLedger({
        accounts: [
          ...defaultLedgerAccounts().filter((a) => a.code !== ACCOUNTS.payableStaff),
          ledgerAccount(ACCOUNTS.payableStaff, { requires: { auxiliary: true, businessCenter: true } }),
        ],
      });
      const draft = mustBuildOne(
        buildReportInput({ ledger, expenses: [buildBoleta({ id: 1, costCenter: 'CC-210' })] }),
      );
      expect(draft.lines[1].businessCenterCode).to.equal(CENTERS.sales);
    });

    it("falls back to the user's costing code when the expense has no cost center", () => {
      const draft = mustBuildOne(
        buildReportInput({
          users: [buildUser({ costingCode: 'CC-100' })],
          expenses: [buildBoleta({ id: 1, costCenter: undefined })],
        }),
      );
      expect(draft.lines[0].businessCenterCode).to.equal(CENTERS.admin);
    });

    it('prefers the expense cost center over the user costing code', () => {
      const draft = mustBuildOne(
        buildReportInput({
          users: [buildUser({ costingCode: 'CC-100' })],
          expenses: [buildBoleta({ id: 1, costCenter: 'CC-210' })],
        }),
      );
      expect(draft.lines[0].businessCenterCode).to.equal(CENTERS.sales);
    });

    it('reads the cost center from the field the settings name', () => {
      const expense = buildBoleta({ id: 1, costCenter: undefined });
      expense.extraFields.push({ Name: 'Área', Value: 'Administración', Code: 'CC-100' });
      const draft = mustBuildOne(
        buildReportInput({ settings: { costCenterField: 'Área' }, expenses: [expense] }),
      );
      expect(draft.lines[0].businessCenterCode).to.equal(CENTERS.admin);
    });

    it('blocks an expense without cost center when its account requires a business center', () => {
      const problems = mustFail(
        buildReportInput({
          users: [buildUser({ costingCode: '' })],
          expenses: [buildBoleta({ id: 12, costCenter: '' })],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'missing_cost_center',
        subject: { kind: 'expense', key: '12' },
      });
      expect(problems[0].message).to.include('gasto 12');
      expect(problems[0].message).to.include('«Centro de Costo»');
      expect(problems[0].message).to.include(ACCOUNTS.food);
    });

    it('does not need a cost center when no account requires a business center', () => {
      const ledger = buildLedger({
        accounts: defaultLedgerAccounts().map((a) => ({
          ...a,
          requires: { ...a.requires, businessCenter: false },
        })),
      });
      const draft = mustBuildOne(
        buildReportInput({
          ledger,
          users: [buildUser({ costingCode: '' })],
          expenses: [buildBoleta({ id: 1, costCenter: 'CC-999' })],
        }),
      );
      expect(draft.lines.every((l) => l.businessCenterCode === undefined)).to.equal(true);
    });

    it('blocks an unmapped cost center and says where to map it', () => {
      const problems = mustFail(
        buildReportInput({
          expenses: [
            buildBoleta({ id: 1, costCenter: 'CC-999' }),
            buildFactura({ id: 2, costCenter: 'CC-999' }),
          ],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'unmapped_cost_center',
        subject: { kind: 'cost_center', key: 'CC-999' },
        expenseIds: [1, 2],
      });
      expect(problems[0].message).to.include('«CC-999»');
      expect(problems[0].message).to.include('Configuración › Centralización › Centros de costo');
    });

    it('names an unmapped cost center by its Rindegastos name and code', () => {
      const input = buildReportInput({ expenses: [buildBoleta({ id: 1, costCenter: 'CC-999' })] });
      input.mappings.costCenterNames = new Map([['CC-999', 'Faena Sur']]);
      const problems = mustFail(input);
      expect(problems[0].message).to.include('El centro de costo «Faena Sur» (código CC-999) no tiene');
    });

    it('treats a cost center mapped to nothing as unmapped', () => {
      const problems = mustFail(
        buildReportInput({
          mappings: { costCenters: { 'CC-210': null } },
          expenses: [buildBoleta({ id: 1 })],
        }),
      );
      expect(problems.map((p) => p.code)).to.deep.equal(['unmapped_cost_center']);
    });

    for (const [code, center, text] of [
      ['unknown_business_center', 'EMPNOEXISTE0000', 'no existe'],
      ['inactive_business_center', 'EMPOLDOLDOLD000', 'inactivo'],
      ['non_postable_business_center', CENTERS.salesParent, 'no es imputable'],
    ] as const) {
      it(`blocks a cost center mapped to a business center that ${text}`, () => {
        const problems = mustFail(
          buildReportInput({
            mappings: { costCenters: { 'CC-210': center } },
            expenses: [buildBoleta({ id: 1 })],
          }),
        );
        expect(problems).to.have.length(1);
        expect(problems[0]).to.deep.include({ code, subject: { kind: 'business_center', key: center } });
        expect(problems[0].message).to.include(center);
        expect(problems[0].message).to.include('«CC-210»');
        expect(problems[0].message).to.include(text);
      });
    }
  });

  describe('auxiliary', () => {
    it('formats the employee RUT however Rindegastos sent it', () => {
      const draft = mustBuildOne(
        buildReportInput({
          report: { employeeIdentification: '123456785' },
          expenses: [buildBoleta({ id: 1 })],
        }),
      );
      expect(draft.lines[1].auxiliary).to.deep.equal({ rut: '12.345.678-5', name: 'Octavio Olivares' });
    });

    it("falls back to the user's Identification when the report has no employee RUT", () => {
      const draft = mustBuildOne(
        buildReportInput({
          report: { employeeIdentification: '' },
          users: [buildUser({ identification: '99520000-7' })],
          expenses: [buildBoleta({ id: 1 })],
        }),
      );
      expect(draft.lines[1].auxiliary?.rut).to.equal('99.520.000-7');
    });

    it('blocks an invalid employee RUT on a credit account that requires an auxiliary', () => {
      const problems = mustFail(
        buildReportInput({
          report: { id: 90001, employeeIdentification: '12.345.678-4' },
          expenses: [buildBoleta({ id: 1 }), buildBoleta({ id: 2 })],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'invalid_employee_rut',
        subject: { kind: 'report', key: '90001' },
        expenseIds: [1, 2],
      });
      expect(problems[0].message).to.include('«12.345.678-4»');
      expect(problems[0].message).to.include('Octavio Olivares');
      expect(problems[0].message).to.include(ACCOUNTS.payableStaff);
    });

    it('blocks a missing employee RUT when neither the report nor the user has one', () => {
      const problems = mustFail(
        buildReportInput({
          report: { employeeIdentification: '' },
          users: [buildUser({ identification: '' })],
          expenses: [buildBoleta({ id: 1 })],
        }),
      );
      expect(problems.map((p) => p.code)).to.deep.equal(['invalid_employee_rut']);
      expect(problems[0].message).to.include('no tiene RUT');
    });

    it('ignores an invalid employee RUT when no account requires an auxiliary', () => {
      const ledger = buildLedger({
        accounts: defaultLedgerAccounts().map((a) => ({
          ...a,
          requires: { ...a.requires, auxiliary: false },
        })),
      });
      const draft = mustBuildOne(
        buildReportInput({
          ledger,
          report: { employeeIdentification: 'x' },
          expenses: [buildBoleta({ id: 1 })],
        }),
      );
      expect(draft.lines.every((l) => l.auxiliary === undefined)).to.equal(true);
    });

    for (const [label, rut] of [
      ['an invalid', '99.520.000-8'],
      ['a missing', ''],
    ] as const) {
      it(`blocks ${label} supplier RUT on the IVA line`, () => {
        const problems = mustFail(
          buildReportInput({ expenses: [buildFactura({ id: 44, supplierRut: rut })] }),
        );
        expect(problems).to.have.length(1);
        expect(problems[0]).to.deep.include({
          code: 'invalid_supplier_rut',
          subject: { kind: 'expense', key: '44' },
        });
        expect(problems[0].message).to.include('gasto 44');
        expect(problems[0].message).to.include(ACCOUNTS.ivaCredit);
        if (rut) expect(problems[0].message).to.include(`«${rut}»`);
        else expect(problems[0].message).to.include('«RUT Proveedor»');
      });
    }

    it('puts the supplier RUT on the factura net line when its account requires an auxiliary', () => {
      const ledger = buildLedger({
        accounts: [
          ...defaultLedgerAccounts().filter((a) => a.code !== ACCOUNTS.fuel),
          ledgerAccount(ACCOUNTS.fuel, { requires: { businessCenter: true, auxiliary: true } }),
        ],
      });
      const draft = mustBuildOne(
        buildReportInput({ ledger, expenses: [buildFactura({ id: 1, supplierRut: '995200007' })] }),
      );
      expect(draft.lines[0].auxiliary).to.deep.equal({ rut: '99.520.000-7', name: 'Copec' });
    });
  });

  describe('document', () => {
    it('blocks a factura without folio when an account requires the document', () => {
      const problems = mustFail(buildReportInput({ expenses: [buildFactura({ id: 45, folio: '' })] }));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'missing_document_number',
        subject: { kind: 'expense', key: '45' },
      });
      expect(problems[0].message).to.include('«Número de Documento»');
      expect(problems[0].message).to.include(ACCOUNTS.ivaCredit);
    });

    it('reads the folio from the field the settings name', () => {
      const expense = buildFactura({ id: 1, folio: undefined });
      expense.extraFields.push({ Name: 'Folio', Value: '000123', Code: '' });
      const draft = mustBuildOne(
        buildReportInput({ settings: { documentNumberField: 'Folio' }, expenses: [expense] }),
      );
      expect(draft.lines[1].document).to.deep.equal({ type: '33', number: '000123' });
    });

    it('puts the document on a credit line when its account requires one', () => {
      const ledger = buildLedger({
        accounts: [...defaultLedgerAccounts(), ledgerAccount('2110101001', { requires: { document: true } })],
      });
      const draft = mustBuildOne(
        buildReportInput({
          ledger,
          mappings: { invoiceCategories: { Combustible: pair(ACCOUNTS.fuel, '2110101001') } },
          expenses: [buildFactura({ id: 1, folio: '777' })],
        }),
      );
      expect(draft.lines[2]).to.deep.include({
        accountCode: '2110101001',
        document: { type: '33', number: '777' },
      });
      expect(draft.lines[0]).to.not.have.property('document');
    });
  });
});
