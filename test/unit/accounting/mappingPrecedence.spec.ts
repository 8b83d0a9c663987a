import { expect } from 'chai';
import {
  ACCOUNTS,
  buildBoleta,
  buildFactura,
  buildReportInput,
  mustBuildOne,
  mustFail,
  pair,
} from '../../support/accountingFactories';

describe('voucher builder: mapping precedence', () => {
  it('posts a factura with its Categoría de factura before its Categoría', () => {
    const draft = mustBuildOne(
      buildReportInput({
        mappings: {
          invoiceCategories: { Combustible: pair(ACCOUNTS.fuel, ACCOUNTS.payableStaff) },
          categories: { Combustible: pair(ACCOUNTS.travel, ACCOUNTS.payableStaff) },
        },
        expenses: [buildFactura({ id: 1, category: 'Combustible' })],
      }),
    );
    expect(draft.lines[0].accountCode).to.equal(ACCOUNTS.fuel);
    expect(draft.lines[0].origin?.rule).to.equal('invoice_category:Combustible:debit');
  });

  it('falls back to the Categoría when the factura has no Categoría de factura', () => {
    const draft = mustBuildOne(
      buildReportInput({
        mappings: {
          invoiceCategories: {},
          categories: { Combustible: pair(ACCOUNTS.travel, ACCOUNTS.payableStaff) },
        },
        expenses: [buildFactura({ id: 1, category: 'Combustible' })],
      }),
    );
    expect(draft.lines[0].accountCode).to.equal(ACCOUNTS.travel);
    expect(draft.lines[0].origin?.rule).to.equal('category:Combustible:debit');
  });

  it('ignores Categorías de factura for a boleta', () => {
    const draft = mustBuildOne(
      buildReportInput({
        mappings: {
          invoiceCategories: { Alimentación: pair(ACCOUNTS.fuel, ACCOUNTS.payableStaff) },
          categories: { Alimentación: pair(ACCOUNTS.food, ACCOUNTS.payableStaff) },
        },
        expenses: [buildBoleta({ id: 1, category: 'Alimentación' })],
      }),
    );
    expect(draft.lines[0].accountCode).to.equal(ACCOUNTS.food);
  });

  it("falls back to the Cuenta of the expense's CategoryCode", () => {
    const draft = mustBuildOne(
      buildReportInput({
        mappings: {
          categories: {},
          invoiceCategories: {},
          accounts: { '4-1-02-05-01': pair(ACCOUNTS.food, ACCOUNTS.payableStaff) },
        },
        expenses: [buildBoleta({ id: 1, category: 'Colación', categoryCode: '4-1-02-05-01' })],
      }),
    );
    expect(draft.lines.map((l) => l.origin?.rule)).to.deep.equal([
      'account:4-1-02-05-01:debit',
      'account:4-1-02-05-01:credit',
    ]);
  });

  it('does not count an item with only one of Debe and Haber as mapped', () => {
    const draft = mustBuildOne(
      buildReportInput({
        mappings: {
          invoiceCategories: { Combustible: pair(ACCOUNTS.fuel, null) },
          categories: { Combustible: pair(null, ACCOUNTS.payableStaff) },
          accounts: { '4-1-02-01-02': pair(ACCOUNTS.travel, ACCOUNTS.payableStaff) },
        },
        expenses: [buildFactura({ id: 1, category: 'Combustible', categoryCode: '4-1-02-01-02' })],
      }),
    );
    expect(draft.lines[0].origin?.rule).to.equal('account:4-1-02-01-02:debit');
  });

  it('blocks an unmapped factura on its Categoría de factura and says where to map it', () => {
    const problems = mustFail(
      buildReportInput({
        mappings: { invoiceCategories: {}, categories: {} },
        expenses: [buildFactura({ id: 1, category: 'Peajes', categoryCode: '4-1-02-09-01' })],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({
      code: 'unmapped_invoice_category',
      subject: { kind: 'invoice_category', key: 'Peajes' },
      expenseIds: [1],
    });
    expect(problems[0].message).to.include('«Peajes»');
    expect(problems[0].message).to.include('Configuración › Centralización › Categorías de factura');
    expect(problems[0].message).to.include('«4-1-02-09-01»');
  });

  it('blocks an unmapped boleta on its Categoría and merges the expenses it blocks', () => {
    const problems = mustFail(
      buildReportInput({
        mappings: { categories: {} },
        expenses: [
          buildBoleta({ id: 1, category: 'Estacionamiento' }),
          buildBoleta({ id: 2, category: 'Estacionamiento' }),
        ],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({
      code: 'unmapped_category',
      subject: { kind: 'category', key: 'Estacionamiento' },
      expenseIds: [1, 2],
    });
    expect(problems[0].message).to.match(/La categoría «Estacionamiento» no tiene cuentas Debe y Haber/);
    expect(problems[0].message).to.include('Configuración › Centralización › Categorías');
  });
});
