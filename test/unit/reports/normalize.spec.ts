import { expect } from 'chai';
import fc from 'fast-check';
import { contentHash, normalizeExpense, normalizeReport } from '../../../plugin/reports/normalize';
import { canonicalJson } from '../../../shared/canonicalJson';
import { readNumber } from '../../../plugin/rindegastos/values';
import { buildApiBoleta, buildApiExpense, buildApiReport } from '../../support/reportFactories';

/** The same object with its keys in reverse order, at every depth. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

function hashOf(report: object, expenses: object[]): string {
  return contentHash(
    normalizeReport(report as Record<string, unknown>),
    expenses.map((e) => normalizeExpense(e as Record<string, unknown>)),
  );
}

describe('normalizeReport', () => {
  it('maps the documented report example field by field', () => {
    expect(normalizeReport(buildApiReport())).to.deep.equal({
      id: 13421804,
      number: '8842',
      title: 'Rendición junio - faena norte',
      employeeId: 61,
      employeeName: 'Octavio Olivares',
      employeeIdentification: '12.345.678-5',
      policyName: 'Departamento Maquinaria',
      sendDate: '2025-06-13',
      closeDate: '2025-06-20',
      currency: 'CLP',
      status: 1,
    });
  });

  it('reads null and missing strings as "", numbers sent as text as numbers, and trims', () => {
    const input = normalizeReport({
      ...buildApiReport(),
      Id: '13421804',
      ReportNumber: 8842,
      EmployeeIdentification: null,
      EmployeeName: '  Octavio Olivares ',
      Title: undefined,
      Status: '1',
      EmployeeId: null,
      Currency: 'clp',
    } as unknown as Record<string, unknown>);
    expect(input).to.include({
      id: 13421804,
      number: '8842',
      employeeIdentification: '',
      employeeName: 'Octavio Olivares',
      title: '',
      status: 1,
      employeeId: 0,
      currency: 'CLP',
    });
  });

  it('keeps the date of a date-time and carries an unreadable date as received', () => {
    const withTime = normalizeReport(
      buildApiReport({ CloseDate: '2025-06-20 00:00:00', SendDate: '2025-06-13T10:22:33.123456' }),
    );
    expect(withTime.closeDate).to.equal('2025-06-20');
    expect(withTime.sendDate).to.equal('2025-06-13');
    const odd = normalizeReport({
      ...buildApiReport(),
      CloseDate: '20/06/2025',
      SendDate: null,
    } as unknown as Record<string, unknown>);
    expect(odd.closeDate).to.equal('20/06/2025');
    expect(odd.sendDate).to.equal('');
  });

  it('carries an unreadable id or status as NaN instead of guessing', () => {
    const input = normalizeReport({ ...buildApiReport(), Id: 'x-1', Status: 'cerrado' } as unknown as Record<
      string,
      unknown
    >);
    expect(input.id).to.be.NaN;
    expect(input.status).to.be.NaN;
  });

  it('turns a payload that is not an object into an empty report', () => {
    const input = normalizeReport(null as unknown as Record<string, unknown>);
    expect(input.id).to.be.NaN;
    expect(input.title).to.equal('');
  });
});

describe('normalizeExpense', () => {
  it('maps the documented factura field by field', () => {
    expect(normalizeExpense(buildApiExpense())).to.deep.equal({
      id: 75528397,
      status: 1,
      supplier: 'COPEC S.A.',
      issueDate: '2025-06-09',
      originalAmount: 59500,
      originalCurrency: 'CLP',
      exchangeRate: 1,
      net: 29580,
      tax: 5620,
      otherTaxes: 24300,
      retention: 0,
      total: 59500,
      currency: 'CLP',
      category: 'Combustible',
      categoryCode: '4-1-02-01-02',
      extraFields: buildApiExpense().ExtraFields,
      userId: 61,
    });
  });

  it('reads money sent as numeric text and absent tax components as 0', () => {
    const input = normalizeExpense({
      ...buildApiExpense(),
      Net: '29580',
      Tax: ' 5620.00 ',
      OtherTaxes: '',
      Retention: null,
      Total: '59500',
    } as unknown as Record<string, unknown>);
    expect(input).to.include({ net: 29580, tax: 5620, otherTaxes: 0, retention: 0, total: 59500 });
  });

  it('carries a missing or unreadable Total as NaN so the builder reports it', () => {
    for (const Total of [null, '', 'abc', '59,5', true, {}, Number.POSITIVE_INFINITY]) {
      const input = normalizeExpense({ ...buildApiExpense(), Total } as unknown as Record<string, unknown>);
      expect(input.total, JSON.stringify(Total)).to.be.NaN;
    }
  });

  it('keeps non-integral and negative amounts as sent (the builder judges them)', () => {
    const input = normalizeExpense(buildApiExpense({ Total: 59500.4, Net: -10 }));
    expect(input.total).to.equal(59500.4);
    expect(input.net).to.equal(-10);
  });

  it('assumes rate 1 for a missing exchange rate only when nothing was converted', () => {
    const same = normalizeExpense({ ...buildApiExpense(), ExchangeRate: null } as unknown as Record<
      string,
      unknown
    >);
    expect(same.exchangeRate).to.equal(1);
    const foreign = normalizeExpense({
      ...buildApiExpense({ OriginalCurrency: 'USD', OriginalAmount: 36.99 }),
      ExchangeRate: '',
    } as unknown as Record<string, unknown>);
    expect(foreign.exchangeRate).to.be.NaN;
    expect(foreign.originalAmount).to.equal(36.99);
  });

  it('keeps well-formed extra fields as text and drops malformed entries', () => {
    const input = normalizeExpense({
      ...buildApiExpense(),
      ExtraFields: [null, 'x', { Name: 'Centro de Costo', Value: null, Code: 210 }, []],
    } as unknown as Record<string, unknown>);
    expect(input.extraFields).to.deep.equal([{ Name: 'Centro de Costo', Value: '', Code: '210' }]);
    const none = normalizeExpense({ ...buildApiExpense(), ExtraFields: null } as unknown as Record<
      string,
      unknown
    >);
    expect(none.extraFields).to.deep.equal([]);
  });

  it('never throws, whatever the payload holds', () => {
    const keys = Object.keys(buildApiExpense());
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...keys), fc.anything())),
        (payload) => {
          const input = normalizeExpense(payload as Record<string, unknown>);
          for (const field of ['net', 'tax', 'otherTaxes', 'retention', 'total', 'originalAmount'] as const) {
            expect(input[field]).to.be.a('number');
          }
          expect(input.extraFields).to.be.an('array');
        },
      ),
    );
  });
});

describe('readNumber', () => {
  it('does not read a thousands separator as one (no guessing which convention was meant)', () => {
    expect(readNumber('59.500', NaN)).to.equal(59.5);
    expect(readNumber('59,500', NaN)).to.be.NaN;
  });
});

describe('canonicalJson', () => {
  it('gives the same text for the same content whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reverseKeys(value))).to.equal(canonicalJson(value));
      }),
    );
  });

  it('tells an unreadable number from a missing one', () => {
    expect(canonicalJson({ total: NaN })).to.not.equal(canonicalJson({ total: null }));
  });
});

describe('contentHash', () => {
  const report = buildApiReport();
  const expenses = [buildApiExpense(), buildApiBoleta()];

  it('is a sha256 hex digest', () => {
    expect(hashOf(report, expenses)).to.match(/^[0-9a-f]{64}$/);
  });

  it('is stable across key order of the report and expenses, and across expense order', () => {
    const base = hashOf(report, expenses);
    expect(hashOf(reverseKeys(report), expenses.map(reverseKeys))).to.equal(base);
    expect(hashOf(report, [...expenses].reverse())).to.equal(base);
  });

  it('is stable across the order of differently named extra fields', () => {
    const shuffled = { ...expenses[0], ExtraFields: [...expenses[0].ExtraFields].reverse() };
    expect(hashOf(report, [shuffled, expenses[1]])).to.equal(hashOf(report, expenses));
  });

  it('is unaffected by integration marks, notes and counters', () => {
    const marked = {
      ...report,
      Integrated: true,
      IntegrationDate: '2025-06-30 12:00:00',
      IntegrationExternalCode: '812',
      IntegrationInternalCode: 'x',
      CustomStatus: 'Integrado',
      Note: 'integrado en ERP',
      NbrApprovedExpenses: 9,
    };
    const markedExpenses = expenses.map((e) => ({
      ...e,
      IntegrationDate: '2025-06-30 12:00:00',
      IntegrationExternalCode: '812',
      Note: 'otra nota',
      NbrFiles: 3,
    }));
    expect(hashOf(marked, markedExpenses)).to.equal(hashOf(report, expenses));
  });

  it('changes with anything posting depends on', () => {
    const base = hashOf(report, expenses);
    const variants: [string, object, object[]][] = [
      ['total', report, [{ ...expenses[0], Total: 59501 }, expenses[1]]],
      ['status', report, [{ ...expenses[0], Status: 2 }, expenses[1]]],
      ['category', report, [{ ...expenses[0], Category: 'Peajes' }, expenses[1]]],
      [
        'cost center',
        report,
        [
          {
            ...expenses[0],
            ExtraFields: expenses[0].ExtraFields.map((f) =>
              f.Name === 'Centro de Costo' ? { ...f, Code: 'CC-300' } : f,
            ),
          },
          expenses[1],
        ],
      ],
      ['a removed expense', report, [expenses[0]]],
      ['close date', { ...report, CloseDate: '2025-06-21' }, expenses],
      ['employee RUT', { ...report, EmployeeIdentification: '11.111.111-1' }, expenses],
      ['report number', { ...report, ReportNumber: '8843' }, expenses],
    ];
    for (const [what, r, e] of variants) expect(hashOf(r, e), what).to.not.equal(base);
  });

  it('tells an unreadable Total from a zero one', () => {
    const zero = hashOf(report, [{ ...expenses[0], Total: 0 }]);
    const unreadable = hashOf(report, [{ ...expenses[0], Total: 'abc' }]);
    expect(unreadable).to.not.equal(zero);
  });
});
