import { expect } from 'chai';
import {
  ACCOUNTS,
  buildBoleta,
  buildFactura,
  buildHonorarios,
  buildReportInput,
  mustFail,
  pair,
} from '../../support/accountingFactories';

describe('voucher builder: accounts must exist, be active and postable', () => {
  for (const [code, account, text] of [
    ['unknown_account', '4110299999', 'no existe'],
    ['inactive_account', ACCOUNTS.closedFuel, 'inactiva'],
    ['non_postable_account', ACCOUNTS.expensesHeading, 'no es imputable'],
  ] as const) {
    it(`blocks a mapped account that ${text}, naming the account and the mapping item`, () => {
      const problems = mustFail(
        buildReportInput({
          mappings: { invoiceCategories: { Combustible: pair(account, ACCOUNTS.payableStaff) } },
          expenses: [buildFactura({ id: 1 }), buildFactura({ id: 2, folio: '1234568' })],
        }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code,
        subject: { kind: 'account', key: account },
        expenseIds: [1, 2],
      });
      expect(problems[0].message).to.include(`La cuenta ${account}`);
      expect(problems[0].message).to.include(text);
      expect(problems[0].message).to.include('Debe de la categoría de factura «Combustible»');
      expect(problems[0].message).to.include('Configuración › Centralización › Categorías de factura');
    });
  }

  it('names every mapping item that uses the same bad account', () => {
    const problems = mustFail(
      buildReportInput({
        mappings: {
          categories: { Alimentación: pair(ACCOUNTS.food, '2110799999') },
          accounts: { '4-1-02-03-01': pair(ACCOUNTS.travel, '2110799999') },
        },
        expenses: [
          buildBoleta({ id: 1 }),
          buildBoleta({ id: 2, category: 'Taxi', categoryCode: '4-1-02-03-01' }),
        ],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0].message).to.include('Haber de la categoría «Alimentación»');
    expect(problems[0].message).to.include('Haber de la cuenta Rindegastos «4-1-02-03-01»');
  });

  it('checks the IVA account of the settings', () => {
    const problems = mustFail(
      buildReportInput({
        settings: { ivaCreditAccount: ACCOUNTS.expensesHeading },
        expenses: [buildFactura({ id: 1 })],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({
      code: 'non_postable_account',
      subject: { kind: 'account', key: ACCOUNTS.expensesHeading },
    });
    expect(problems[0].message).to.include(
      'cuenta de IVA crédito fiscal (Contabilidad › Contabilidad › Rindegastos › Configuración › General)',
    );
  });

  it('checks the retention account of the settings', () => {
    const problems = mustFail(
      buildReportInput({
        settings: { retentionAccount: '2110599999' },
        expenses: [buildHonorarios({ id: 1 })],
      }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({
      code: 'unknown_account',
      subject: { kind: 'account', key: '2110599999' },
    });
    expect(problems[0].message).to.include('retención de honorarios');
  });
});
