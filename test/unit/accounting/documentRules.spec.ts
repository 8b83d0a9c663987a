import { expect } from 'chai';
import * as fc from 'fast-check';
import { draftTotals } from '../../../plugin/accounting/balance';
import type { BookedDocument, BuildInput } from '../../../plugin/accounting/model';
import { buildVouchers } from '../../../plugin/accounting/VoucherBuilder';
import {
  ACCOUNTS,
  arbValidBuildInput,
  buildBoleta,
  buildExpense,
  buildFactura,
  buildHonorarios,
  buildLedger,
  buildReportInput,
  COMPANY_RUT,
  defaultLedgerAccounts,
  ledgerAccount,
  mustBuildOne,
  mustFail,
  pair,
  rows,
  workedExampleInput,
} from '../../support/accountingFactories';

/** The factura of the worked example (chile-accounting.md §3), as another report carries it again. */
function copecFactura(id: number) {
  return buildFactura({
    id,
    supplier: 'Copec',
    category: 'Combustible',
    issueDate: '2025-06-18',
    net: 29580,
    tax: 5620,
    otherTaxes: 24300,
    total: 59500,
    costCenter: 'CC-210',
    supplierRut: '99.520.000-7',
    folio: '1234567',
  });
}

const BOOKED_IN_8842: [string, BookedDocument] = [
  'factura:995200007:33:1234567',
  { reportId: 90001, reportNumber: '8842', voucherNumber: '17', expenseId: 1 },
];

describe('document rules (README › How a report becomes a voucher)', () => {
  describe('1. duplicate documents', () => {
    it('worked example: report 8850 carries the factura voucher 17 (report 8842) already booked', () => {
      const input = buildReportInput({
        report: { id: 90002, number: '8850', closeDate: '2025-06-25' },
        expenses: [copecFactura(21)],
        bookedDocuments: new Map([BOOKED_IN_8842]),
      });
      const problems = mustFail(input);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.deep.include({
        code: 'duplicate_document',
        subject: { kind: 'expense', key: '21' },
        expenseIds: [21],
      });
      expect(problems[0].message).to.equal(
        'Documento duplicado: la factura tipo 33 N° 1234567 de 99.520.000-7 del gasto 21 («Copec», categoría ' +
          '«Combustible», 2025-06-18) ya está contabilizada en el comprobante N° 17 del informe N° 8842 (gasto 1). ' +
          'Rechace el gasto en Rindegastos o, si no es un duplicado, márquelo «no es duplicado» en el detalle del informe.',
      );

      // Released ("no es duplicado"), the same report posts the factura exactly.
      const draft = mustBuildOne({ ...input, releasedExpenseIds: new Set([21]) });
      expect(rows(draft)).to.deep.equal([
        ['4110201002', 53880, 0, 'EMPNEGVTAVTA000', '', ''],
        ['1110601001', 5620, 0, '', '99.520.000-7', '33 1234567'],
        ['2110701001', 0, 59500, '', '12.345.678-5', ''],
      ]);
    });

    it('catches the same document twice in one report, however its RUT and folio are written', () => {
      const problems = mustFail(
        buildReportInput({
          expenses: [
            copecFactura(1),
            {
              ...copecFactura(2),
              extraFields: copecFactura(2).extraFields.map((f) =>
                f.Name === 'RUT Proveedor'
                  ? { ...f, Value: '99520000-7' }
                  : f.Name === 'Número de Documento'
                    ? { ...f, Value: '01234567' }
                    : f,
              ),
            },
          ],
        }),
      );
      expect(problems.map((p) => [p.code, p.expenseIds])).to.deep.equal([['duplicate_document', [2]]]);
      expect(problems[0].message).to.include('aparece dos veces en este informe (también en el gasto 1');
    });

    it('tells boletas de honorarios apart by provider RUT and number, not by kind code', () => {
      const fee = (id: number, folio: string, documentType: string) =>
        buildHonorarios({ id, folio, documentType, supplierRut: '15.432.876-9' });
      expect(
        buildVouchers(buildReportInput({ expenses: [fee(1, '345', 'BH'), fee(2, '346', 'BH')] })).ok,
      ).to.equal(true);
      const problems = mustFail(buildReportInput({ expenses: [fee(1, '345', 'BH'), fee(2, '345', 'H')] }));
      expect(problems.map((p) => p.code)).to.deep.equal(['duplicate_document']);
    });

    it('property: whatever the order of the reports, a document is booked once and every repeat is blocked', () => {
      const docs = [
        { rut: '99.520.000-7', folio: '1001' },
        { rut: '96.505.760-9', folio: '1001' },
        { rut: '99.520.000-7', folio: '1002' },
      ];
      const arbReport = fc.uniqueArray(fc.integer({ min: 0, max: docs.length - 1 }), {
        minLength: 1,
        maxLength: 3,
      });
      fc.assert(
        fc.property(fc.array(arbReport, { minLength: 2, maxLength: 5 }), fc.boolean(), (reports, twice) => {
          const booked = new Map<string, BookedDocument>();
          /** The documents posted so far, keyed independently of the builder. */
          const postedDocs = new Set<string>();
          const postedKeys: string[] = [];
          reports.forEach((docIndexes, r) => {
            const expenses = docIndexes.map((d, j) =>
              buildFactura({ id: r * 10 + j + 1, supplierRut: docs[d].rut, folio: docs[d].folio }),
            );
            if (twice && r === 0)
              expenses.push(
                buildFactura({
                  id: 9,
                  supplierRut: docs[docIndexes[0]].rut,
                  folio: docs[docIndexes[0]].folio,
                }),
              );
            const result = buildVouchers(
              buildReportInput({
                report: { id: r + 1, number: String(r + 1) },
                expenses,
                bookedDocuments: booked,
              }),
            );
            const repeats = expenses.filter((e, j) => {
              const key = keyOf(e.extraFields);
              return postedDocs.has(key) || expenses.slice(0, j).some((x) => keyOf(x.extraFields) === key);
            });
            if (repeats.length > 0) {
              expect(result.ok).to.equal(false);
              if (result.ok) return;
              const flagged = result.problems
                .filter((p) => p.code === 'duplicate_document')
                .flatMap((p) => p.expenseIds);
              expect(flagged).to.have.members(repeats.map((e) => e.id));
            } else {
              if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
              if (!result.ok) return;
              for (const e of expenses) postedDocs.add(keyOf(e.extraFields));
              for (const d of result.documents) {
                postedKeys.push(d.key!);
                booked.set(d.key!, {
                  reportId: r + 1,
                  reportNumber: String(r + 1),
                  voucherNumber: String(r + 1),
                  expenseId: d.expenseId,
                });
              }
            }
          });
          expect(new Set(postedKeys).size).to.equal(postedKeys.length);
        }),
      );
    });
  });

  describe('2. honorarios', () => {
    it('worked example: the retention line carries the provider RUT and the boleta number where the account asks', () => {
      const accounts = defaultLedgerAccounts().map((a) =>
        a.code === ACCOUNTS.retention
          ? ledgerAccount(a.code, { name: a.name, requires: { auxiliary: true, document: true } })
          : a,
      );
      const draft = mustBuildOne(
        buildReportInput({
          report: { number: '8860', closeDate: '2025-06-30' },
          ledger: buildLedger({ accounts }),
          expenses: [
            buildHonorarios({
              id: 31,
              supplier: 'Juana Pérez',
              issueDate: '2025-06-12',
              total: 100000,
              retention: 14500,
              supplierRut: '15.432.876-9',
              folio: '345',
            }),
          ],
        }),
      );
      expect(rows(draft)).to.deep.equal([
        ['4110207001', 100000, 0, 'EMPNEGVTAVTA000', '', ''],
        ['2110501002', 0, 14500, '', '15.432.876-9', 'BH 345'],
        ['2110701001', 0, 85500, '', '12.345.678-5', ''],
      ]);
      expect(draft.lines[1].auxiliary).to.deep.equal({ rut: '15.432.876-9', name: 'Juana Pérez' });
    });

    it('books a boleta without RUT for the Libro de honorarios, flagged, when no account needs the RUT', () => {
      const result = buildVouchers(
        buildReportInput({
          expenses: [buildHonorarios({ id: 32, total: 50000, retention: 7250, folio: '346' })],
        }),
      );
      if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
      expect(result.documents).to.deep.equal([
        {
          part: 'report',
          expenseId: 32,
          kind: 'honorarios',
          key: null,
          rut: '',
          rutValid: false,
          name: 'Juana Pérez',
          number: '346',
          issueDate: '2025-06-15',
          gross: 50000,
          retention: 7250,
        },
      ]);
    });
  });

  describe('3. IVA no recuperable', () => {
    const gifts = (ivaRecoverable?: boolean) =>
      buildReportInput({
        mappings: {
          invoiceCategories: {
            'Regalos clientes': { ...pair(ACCOUNTS.office, ACCOUNTS.payableStaff), ivaRecoverable },
          },
        },
        expenses: [
          buildFactura({
            id: 41,
            category: 'Regalos clientes',
            supplier: 'Falabella',
            net: 50000,
            tax: 9500,
            folio: '88123',
          }),
        ],
      });

    it('worked example: a Categoría de factura without crédito fiscal puts the IVA on the expense line', () => {
      const draft = mustBuildOne(gifts(false));
      expect(rows(draft)).to.deep.equal([
        ['4110206001', 59500, 0, 'EMPNEGVTAVTA000', '', ''],
        ['2110701001', 0, 59500, '', '12.345.678-5', ''],
      ]);
      expect(draft.lines[0].origin?.note).to.equal(
        'IVA no recuperable 9.500 incluido en esta línea (categoría de factura «Regalos clientes»).',
      );
    });

    it('keeps the IVA crédito fiscal line by default', () => {
      expect(rows(mustBuildOne(gifts(undefined)))).to.deep.equal([
        ['4110206001', 50000, 0, 'EMPNEGVTAVTA000', '', ''],
        ['1110601001', 9500, 0, '', '99.520.000-7', '33 88123'],
        ['2110701001', 0, 59500, '', '12.345.678-5', ''],
      ]);
    });

    it('property: with any Categoría de factura non-recoverable, every voucher balances and no IVA line remains', () => {
      fc.assert(
        fc.property(arbValidBuildInput, (input: BuildInput) => {
          // Every category as a Categoría de factura without crédito fiscal: no factura keeps its IVA line.
          const invoiceCategories = new Map(
            [...input.mappings.categories].map(([k, v]) => [k, { ...v, ivaRecoverable: false }]),
          );
          const result = buildVouchers({ ...input, mappings: { ...input.mappings, invoiceCategories } });
          if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
          for (const { draft } of result.vouchers) {
            expect(draftTotals(draft).balanced).to.equal(true);
            const approvedTotal = input.expenses
              .filter((e) => e.status === 1)
              .reduce((s, e) => s + e.total, 0);
            expect(draft.lines.some((l) => l.origin?.rule === 'setting:ivaCreditAccount')).to.equal(false);
            if (input.settings.grouping === 'report')
              expect(draftTotals(draft).debit).to.equal(approvedTotal);
          }
        }),
      );
    });
  });

  describe('4. foreign currency trace', () => {
    it('worked example: USD 25,50 × 940 in the line glosa, its note and its origin', () => {
      const input = buildReportInput({
        expenses: [
          buildBoleta({
            id: 51,
            category: 'Pasajes',
            supplier: 'Uber',
            originalCurrency: 'USD',
            originalAmount: 25.5,
            exchangeRate: 940,
            total: 23970,
          }),
        ],
      });
      const draft = mustBuildOne(input);
      expect(rows(draft)).to.deep.equal([
        ['4110203001', 23970, 0, 'EMPNEGVTAVTA000', '', ''],
        ['2110701001', 0, 23970, '', '12.345.678-5', ''],
      ]);
      expect(draft.lines[0].glosa).to.equal('Pasajes Uber (USD 25,50 × 940)');
      expect(draft.lines[0].origin).to.deep.equal({
        expenseIds: [51],
        rule: 'category:Pasajes:debit',
        note: 'Moneda original USD 25,50 × 940 = 23.970 CLP; se usa el Total convertido por Rindegastos.',
        foreign: { currency: 'USD', amount: 25.5, exchangeRate: 940 },
      });
    });

    it('keeps the trace whole when the glosa must be cut', () => {
      const draft = mustBuildOne(
        buildReportInput({
          ledger: buildLedger({ glosaMaxLength: 30 }),
          expenses: [
            buildBoleta({
              category: 'Pasajes',
              supplier: 'LATAM Airlines Group',
              originalCurrency: 'EUR',
              originalAmount: 120,
              exchangeRate: 1012.5,
              total: 121500,
            }),
          ],
        }),
      );
      expect(draft.lines[0].glosa).to.equal('Pasajes (EUR 120,00 × 1.012,5)');
      expect(draft.lines[0].glosa.length).to.be.at.most(30);
    });
  });

  describe('5. advertencias', () => {
    it('worked example: own-RUT factura and an expense 111 days old warn, and the report still posts', () => {
      const input = buildReportInput({
        settings: { staleExpenseDays: 90 },
        expenses: [
          buildFactura({
            id: 61,
            supplier: 'Empresa Demo',
            supplierRut: COMPANY_RUT,
            folio: '501',
            net: 10000,
          }),
          buildBoleta({ id: 62, issueDate: '2025-03-01', total: 4500 }),
        ],
      });
      const result = buildVouchers(input);
      if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
      expect(result.warnings.map((w) => [w.code, w.expenseIds])).to.deep.equal([
        ['own_rut_supplier', [61]],
        ['stale_expense', [62]],
      ]);
      expect(result.warnings[0].message).to.equal(
        'Advertencia: el gasto 61 («Empresa Demo», categoría «Combustible», 2025-06-15) es una factura con el RUT ' +
          'de la propia empresa (76.123.456-0) como proveedor. Revise el campo «RUT Proveedor» en Rindegastos.',
      );
      expect(result.warnings[1].message).to.equal(
        'Advertencia: el gasto 62 («Restaurante El Parrón», categoría «Alimentación», 2025-03-01) tiene fecha ' +
          '2025-03-01, 111 días antes del cierre del informe (2025-06-20); el límite es 90 días (Configuración › General).',
      );
      expect(rows(result.vouchers[0].draft)).to.deep.equal([
        ['4110201002', 10000, 0, 'EMPNEGVTAVTA000', '', ''],
        ['1110601001', 1900, 0, '', '76.123.456-0', '33 501'],
        ['4110205001', 4500, 0, 'EMPNEGVTAVTA000', '', ''],
        ['2110701001', 0, 16400, '', '12.345.678-5', ''],
      ]);
    });

    it('warns alongside blocking problems without becoming one, and 0 days turns the age check off', () => {
      const old = buildExpense({ id: 63, issueDate: '2024-01-01', category: 'Sin mapear' });
      const blocked = buildVouchers(buildReportInput({ expenses: [old] }));
      expect(blocked.ok).to.equal(false);
      expect(blocked.warnings.map((w) => w.code)).to.deep.equal(['stale_expense']);
      if (!blocked.ok) expect(blocked.problems.map((p) => p.code)).to.not.include('stale_expense');
      expect(
        buildVouchers(buildReportInput({ settings: { staleExpenseDays: 0 }, expenses: [old] })).warnings,
      ).to.deep.equal([]);
    });
  });

  describe('6. closed period policy', () => {
    it('worked example "rechazar" (default): the report is blocked naming the period', () => {
      const problems = mustFail({ ...workedExampleInput(), closedPeriods: new Set(['2025-06']) });
      expect(problems.map((p) => [p.code, p.subject])).to.deep.equal([
        ['closed_period', { kind: 'report', key: '90001' }],
      ]);
      expect(problems[0].message).to.equal(
        'El período 2025-06 está cerrado en la contabilidad y el comprobante tendría fecha 2025-06-20. Abra el ' +
          'período en el ERP, o elija «primer día abierto» en Configuración › General › Período cerrado.',
      );
    });

    it('worked example "primer día abierto": posted on 2025-08-01 when June and July are closed, and says so', () => {
      const base = workedExampleInput();
      const input: BuildInput = {
        ...base,
        settings: { ...base.settings, closedPeriodPolicy: 'primerDiaAbierto' },
        ledger: { ...base.ledger, glosaMaxLength: 100 },
        closedPeriods: new Set(['2025-06', '2025-07']),
      };
      const result = buildVouchers(input);
      if (!result.ok) expect.fail(result.problems.map((p) => p.message).join('\n'));
      expect(result.dateShift).to.deep.equal({
        from: '2025-06-20',
        to: '2025-08-01',
        closedPeriod: '2025-06',
      });
      const [{ draft }] = result.vouchers;
      expect(draft.date).to.equal('2025-08-01');
      expect(draft.glosa).to.equal(
        'Rendición N° 8842 Octavio Olivares (período 2025-06 cerrado, fecha original 2025-06-20)',
      );
      expect(rows(draft)).to.deep.equal(rows(mustBuildOne(workedExampleInput())));
      for (const line of draft.lines) {
        expect(line.origin?.note).to.include(
          'Contabilizado el 2025-08-01, primer día del siguiente período abierto: el período 2025-06 está cerrado y la fecha original era 2025-06-20.',
        );
      }
    });

    it('never cuts the date note off the glosa', () => {
      const base = workedExampleInput();
      const draft = mustBuildOne({
        ...base,
        settings: { ...base.settings, closedPeriodPolicy: 'primerDiaAbierto' },
        closedPeriods: new Set(['2025-06']),
      });
      expect(draft.glosa.length).to.be.at.most(base.ledger.glosaMaxLength);
      expect(draft.glosa.endsWith('(período 2025-06 cerrado, fecha original 2025-06-20)')).to.equal(true);
    });
  });
});

/** The factura key the builder uses, computed independently from the extra fields. */
function keyOf(fields: { Name: string; Value: string }[]): string {
  const value = (name: string) => fields.find((f) => f.Name === name)?.Value ?? '';
  return `${value('RUT Proveedor').replace(/[.-]/g, '')}:${value('Número de Documento')}`;
}
