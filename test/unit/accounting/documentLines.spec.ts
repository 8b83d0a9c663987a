import { expect } from 'chai';
import {
  ACCOUNTS,
  buildExpense,
  buildFactura,
  buildHonorarios,
  buildReportInput,
  extraField,
  mustBuildOne,
  mustFail,
  rows,
} from '../../support/accountingFactories';

describe('voucher builder: lines per document kind', () => {
  describe('factura', () => {
    it('debits net plus other taxes, debits IVA to the IVA account and credits the total', () => {
      const draft = mustBuildOne(
        buildReportInput({
          expenses: [
            buildFactura({ id: 1, net: 29580, tax: 5620, otherTaxes: 24300, total: 59500, folio: '88' }),
          ],
        }),
      );
      expect(rows(draft)).to.deep.equal([
        [ACCOUNTS.fuel, 53880, 0, 'EMPNEGVTAVTA000', '', ''],
        [ACCOUNTS.ivaCredit, 5620, 0, '', '99.520.000-7', '33 88'],
        [ACCOUNTS.payableStaff, 0, 59500, '', '12.345.678-5', ''],
      ]);
    });

    it('writes no IVA line when the factura has no tax (factura exenta)', () => {
      const draft = mustBuildOne(
        buildReportInput({ expenses: [buildFactura({ id: 1, documentType: '34', net: 40000, tax: 0 })] }),
      );
      expect(rows(draft)).to.deep.equal([
        [ACCOUNTS.fuel, 40000, 0, 'EMPNEGVTAVTA000', '', ''],
        [ACCOUNTS.payableStaff, 0, 40000, '', '12.345.678-5', ''],
      ]);
    });

    it('does not need the IVA setting when no factura carries IVA', () => {
      const draft = mustBuildOne(
        buildReportInput({
          settings: { ivaCreditAccount: null },
          expenses: [buildFactura({ id: 1, documentType: '34', net: 40000, tax: 0 })],
        }),
      );
      expect(draft.lines).to.have.length(2);
    });

    it('absorbs a 1-peso excess of the total in the net line and says so', () => {
      const draft = mustBuildOne(
        buildReportInput({
          expenses: [buildFactura({ id: 1, net: 10000, tax: 1900, otherTaxes: 0, total: 11901 })],
        }),
      );
      expect(rows(draft).map((r) => r.slice(0, 3))).to.deep.equal([
        [ACCOUNTS.fuel, 10001, 0],
        [ACCOUNTS.ivaCredit, 1900, 0],
        [ACCOUNTS.payableStaff, 0, 11901],
      ]);
      expect(draft.lines[0].origin?.note).to.match(/diferencia de \+1 peso/);
      expect(draft.lines[1].origin).to.not.have.property('note');
    });

    it('absorbs a 1-peso shortfall of the total in the net line', () => {
      const draft = mustBuildOne(
        buildReportInput({
          expenses: [buildFactura({ id: 1, net: 10000, tax: 1900, otherTaxes: 0, total: 11899 })],
        }),
      );
      expect(draft.lines[0].debit).to.equal(9999);
      expect(draft.lines[0].origin?.note).to.match(/diferencia de -1 peso/);
      expect(draft.lines[2].credit).to.equal(11899);
    });

    it('blocks a factura off by more than 1 peso and names the expense, supplier and numbers', () => {
      const problems = mustFail(
        buildReportInput({
          expenses: [
            buildFactura({
              id: 4711,
              supplier: 'Copec',
              net: 29580,
              tax: 5620,
              otherTaxes: 24300,
              total: 59800,
            }),
          ],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'inconsistent_amounts',
        subject: { kind: 'expense', key: '4711' },
        expenseIds: [4711],
      });
      for (const text of ['4711', '«Copec»', '29.580', '5.620', '24.300', '59.500', '59.800', '300']) {
        expect(problems[0].message).to.include(text);
      }
    });

    it('blocks a factura with IVA when the IVA account setting is missing', () => {
      const problems = mustFail(
        buildReportInput({
          settings: { ivaCreditAccount: null },
          expenses: [buildFactura({ id: 1 }), buildFactura({ id: 2, folio: '1234568' })],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'missing_setting',
        subject: { kind: 'setting', key: 'ivaCreditAccount' },
        expenseIds: [1, 2],
      });
      expect(problems[0].message).to.include('IVA crédito fiscal');
      expect(problems[0].message).to.include('Configuración › General');
    });

    it("recognises facturas by the company's own document codes", () => {
      const draft = mustBuildOne(
        buildReportInput({
          mappings: { documentTypes: { FACT: 'factura' } },
          expenses: [buildFactura({ id: 1, documentType: 'FACT', net: 10000 })],
        }),
      );
      expect(draft.lines.map((l) => l.accountCode)).to.include(ACCOUNTS.ivaCredit);
      expect(draft.lines[1].document).to.deep.equal({ type: 'FACT', number: '1234567' });
    });

    it('reads the document type from the field the settings name', () => {
      const expense = buildExpense({
        id: 1,
        category: 'Combustible',
        supplier: 'Copec',
        net: 10000,
        tax: 1900,
        total: 11900,
        costCenter: 'CC-210',
        supplierRut: '99.520.000-7',
        folio: '5',
      });
      expense.extraFields.push(extraField('Documento', '33'));
      const draft = mustBuildOne(
        buildReportInput({ settings: { documentTypeField: 'Documento' }, expenses: [expense] }),
      );
      expect(draft.lines.map((l) => l.accountCode)).to.include(ACCOUNTS.ivaCredit);
    });
  });

  describe('boleta and other documents', () => {
    for (const [label, documentType] of [
      ['a boleta', '39'],
      ['a boleta exenta', '41'],
      ['a document of unknown kind', 'TICKET'],
      ['an expense with no document', undefined],
    ] as const) {
      it(`debits and credits the whole total for ${label}, ignoring Net and Tax`, () => {
        const draft = mustBuildOne(
          buildReportInput({
            expenses: [
              buildExpense({
                id: 1,
                documentType,
                costCenter: 'CC-100',
                net: 15546,
                tax: 2954,
                total: 18500,
              }),
            ],
          }),
        );
        expect(rows(draft)).to.deep.equal([
          [ACCOUNTS.food, 18500, 0, 'EMPGESGESADM000', '', ''],
          [ACCOUNTS.payableStaff, 0, 18500, '', '12.345.678-5', ''],
        ]);
      });
    }
  });

  describe('honorarios', () => {
    it('debits the gross, credits the retention to its account and the rest to the credit account', () => {
      const draft = mustBuildOne(
        buildReportInput({ expenses: [buildHonorarios({ id: 1, total: 100000, retention: 14500 })] }),
      );
      expect(rows(draft)).to.deep.equal([
        [ACCOUNTS.fees, 100000, 0, 'EMPNEGVTAVTA000', '', ''],
        [ACCOUNTS.retention, 0, 14500, '', '', ''],
        [ACCOUNTS.payableStaff, 0, 85500, '', '12.345.678-5', ''],
      ]);
      expect(draft.lines[1].origin?.rule).to.equal('setting:retentionAccount');
    });

    it('uses the retention amount as given, never recomputing it', () => {
      const draft = mustBuildOne(
        buildReportInput({ expenses: [buildHonorarios({ id: 1, total: 100000, retention: 13751 })] }),
      );
      expect(draft.lines[1].credit).to.equal(13751);
    });

    it('posts like a boleta when there is no retention', () => {
      const draft = mustBuildOne(
        buildReportInput({
          settings: { retentionAccount: null },
          expenses: [buildHonorarios({ id: 1, total: 50000, retention: 0 })],
        }),
      );
      expect(rows(draft).map((r) => r.slice(0, 3))).to.deep.equal([
        [ACCOUNTS.fees, 50000, 0],
        [ACCOUNTS.payableStaff, 0, 50000],
      ]);
    });

    it('blocks a retention larger than the total', () => {
      const problems = mustFail(
        buildReportInput({ expenses: [buildHonorarios({ id: 9, total: 10000, retention: 12000 })] }),
      );
      expect(problems.map((p) => p.code)).to.deep.equal(['inconsistent_amounts']);
      expect(problems[0].message).to.include('12.000');
      expect(problems[0].message).to.include('10.000');
    });

    it('blocks a retention when the retention account setting is missing', () => {
      const problems = mustFail(
        buildReportInput({ settings: { retentionAccount: null }, expenses: [buildHonorarios({ id: 1 })] }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'missing_setting',
        subject: { kind: 'setting', key: 'retentionAccount' },
      });
      expect(problems[0].message).to.include('retención de honorarios');
    });
  });
});
