/**
 * Factories and fast-check arbitraries for the voucher builder. The defaults are the setup of
 * chile-accounting.md §3 (worked example) on the demo chart of DESIGN.md §10, so a test only
 * states what it changes.
 */
import * as fc from 'fast-check';
import type { AccountRequirements, BusinessCenter, LedgerAccount } from '../../plugin/host/Ledger';
import {
  DEFAULT_BUILDER_SETTINGS,
  type AccountPair,
  type BuilderSettings,
  type BuildInput,
  type DocumentKind,
  type ExpenseInput,
  type LedgerSnapshot,
  type MappingSnapshot,
  type ReportInput,
  type UserInput,
} from '../../plugin/accounting/model';
import type { ExtraField } from '../../plugin/rindegastos/api';
import type { VoucherDraft } from '../../plugin/host/Ledger';
import { buildVouchers } from '../../plugin/accounting/VoucherBuilder';
import type { BookedDocument, BuiltVoucher, Problem } from '../../plugin/accounting/model';

export const ACCOUNTS = {
  ivaCredit: '1110601001',
  fondosPorRendir: '1110701001',
  retention: '2110501002',
  payableStaff: '2110701001',
  fuel: '4110201002',
  travel: '4110203001',
  food: '4110205001',
  office: '4110206001',
  fees: '4110207001',
  /** A heading of the chart: exists, active, not postable. */
  expensesHeading: '4110200000',
  /** Exists, postable, inactive. */
  closedFuel: '4110201099',
} as const;

export const CENTERS = { sales: 'EMPNEGVTAVTA000', admin: 'EMPGESGESADM000', salesParent: 'EMPNEGVTA000000' };

export const EMPLOYEE = { id: 501, name: 'Octavio Olivares', rut: '12.345.678-5' } as const;
export const SUPPLIER_RUT = '99.520.000-7';
/** The company's own RUT (the demo company's). */
export const COMPANY_RUT = '76.123.456-0';

const NO_ANALYSIS: AccountRequirements = { businessCenter: false, auxiliary: false, document: false };

export function ledgerAccount(
  code: string,
  overrides: Partial<Omit<LedgerAccount, 'requires'>> & { requires?: Partial<AccountRequirements> } = {},
): LedgerAccount {
  const { requires, ...rest } = overrides;
  return {
    code,
    name: `Cuenta ${code}`,
    postable: true,
    active: true,
    ...rest,
    requires: { ...NO_ANALYSIS, ...(code.startsWith('41') ? { businessCenter: true } : {}), ...requires },
  };
}

export function defaultLedgerAccounts(): LedgerAccount[] {
  return [
    ledgerAccount(ACCOUNTS.ivaCredit, {
      name: 'IVA crédito fiscal',
      requires: { auxiliary: true, document: true },
    }),
    ledgerAccount(ACCOUNTS.fondosPorRendir, { name: 'Fondos por rendir', requires: { auxiliary: true } }),
    ledgerAccount(ACCOUNTS.retention, { name: 'Retención honorarios por pagar' }),
    ledgerAccount(ACCOUNTS.payableStaff, {
      name: 'Cuentas por pagar al personal',
      requires: { auxiliary: true },
    }),
    ledgerAccount(ACCOUNTS.fuel, { name: 'Combustibles' }),
    ledgerAccount(ACCOUNTS.travel, { name: 'Pasajes y traslados' }),
    ledgerAccount(ACCOUNTS.food, { name: 'Alimentación y viáticos' }),
    ledgerAccount(ACCOUNTS.office, { name: 'Materiales de oficina' }),
    ledgerAccount(ACCOUNTS.fees, { name: 'Honorarios' }),
    ledgerAccount(ACCOUNTS.expensesHeading, { name: 'Gastos de administración', postable: false }),
    ledgerAccount(ACCOUNTS.closedFuel, { name: 'Combustibles (antigua)', active: false }),
  ];
}

export function businessCenter(code: string, overrides: Partial<BusinessCenter> = {}): BusinessCenter {
  return { code, name: `Centro ${code}`, parentCode: null, postable: true, active: true, ...overrides };
}

export function buildLedger(
  overrides: { accounts?: LedgerAccount[]; businessCenters?: BusinessCenter[]; glosaMaxLength?: number } = {},
): LedgerSnapshot {
  const accounts = overrides.accounts ?? defaultLedgerAccounts();
  const centers = overrides.businessCenters ?? [
    businessCenter(CENTERS.salesParent, { postable: false }),
    businessCenter(CENTERS.sales, { parentCode: CENTERS.salesParent }),
    businessCenter(CENTERS.admin),
    businessCenter('EMPOLDOLDOLD000', { active: false }),
  ];
  return {
    accounts: new Map(accounts.map((a) => [a.code, a])),
    businessCenters: new Map(centers.map((c) => [c.code, c])),
    glosaMaxLength: overrides.glosaMaxLength ?? 60,
  };
}

export function pair(debitAccount: string | null, creditAccount: string | null): AccountPair {
  return { debitAccount, creditAccount };
}

export interface MappingOverrides {
  accounts?: Record<string, AccountPair>;
  categories?: Record<string, AccountPair>;
  invoiceCategories?: Record<string, AccountPair>;
  costCenters?: Record<string, string | null>;
  documentTypes?: Record<string, DocumentKind>;
}

/** The worked example's Centralización plus the other demo categories. Each given list replaces its default. */
export function buildMappings(overrides: MappingOverrides = {}): MappingSnapshot {
  const toMap = <T>(record: Record<string, T>) => new Map(Object.entries(record));
  return {
    accounts: toMap(overrides.accounts ?? {}),
    categories: toMap(
      overrides.categories ?? {
        Alimentación: pair(ACCOUNTS.food, ACCOUNTS.payableStaff),
        Combustible: pair(ACCOUNTS.fuel, ACCOUNTS.payableStaff),
        Pasajes: pair(ACCOUNTS.travel, ACCOUNTS.payableStaff),
        'Materiales de oficina': pair(ACCOUNTS.office, ACCOUNTS.payableStaff),
        Honorarios: pair(ACCOUNTS.fees, ACCOUNTS.payableStaff),
      },
    ),
    invoiceCategories: toMap(
      overrides.invoiceCategories ?? {
        Combustible: pair(ACCOUNTS.fuel, ACCOUNTS.payableStaff),
        'Materiales de oficina': pair(ACCOUNTS.office, ACCOUNTS.payableStaff),
      },
    ),
    costCenters: toMap(overrides.costCenters ?? { 'CC-210': CENTERS.sales, 'CC-100': CENTERS.admin }),
    documentTypes: toMap(overrides.documentTypes ?? {}),
  };
}

export function buildSettings(overrides: Partial<BuilderSettings> = {}): BuilderSettings {
  return {
    ...DEFAULT_BUILDER_SETTINGS,
    ivaCreditAccount: ACCOUNTS.ivaCredit,
    retentionAccount: ACCOUNTS.retention,
    ...overrides,
  };
}

export function buildReport(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    id: 90001,
    number: '8842',
    title: 'Viaje a Rancagua',
    employeeId: EMPLOYEE.id,
    employeeName: EMPLOYEE.name,
    employeeIdentification: EMPLOYEE.rut,
    policyName: 'Política Ventas',
    sendDate: '2025-06-18',
    closeDate: '2025-06-20',
    currency: 'CLP',
    status: 1,
    ...overrides,
  };
}

export function buildUser(overrides: Partial<UserInput> = {}): UserInput {
  return {
    id: EMPLOYEE.id,
    name: EMPLOYEE.name,
    identification: EMPLOYEE.rut,
    costingCode: '',
    ...overrides,
  };
}

/** Extra-field shortcuts; `undefined` leaves the field out, "" sends it empty. */
export interface ExpenseExtras {
  documentType?: string;
  costCenter?: string;
  supplierRut?: string;
  folio?: string;
}

export function extraField(Name: string, Code: string, Value = Code): ExtraField {
  return { Name, Value, Code };
}

let nextExpenseId = 7000001;

export function buildExpense(overrides: Partial<ExpenseInput> & ExpenseExtras = {}): ExpenseInput {
  const { documentType, costCenter, supplierRut, folio, ...fields } = overrides;
  const extras: ExtraField[] = [];
  const s = DEFAULT_BUILDER_SETTINGS;
  if (documentType !== undefined)
    extras.push(extraField(s.documentTypeField, documentType, `Documento ${documentType}`));
  if (costCenter !== undefined)
    extras.push(extraField(s.costCenterField, costCenter, `Centro ${costCenter}`));
  // Text fields: Rindegastos sends what the user typed as Value and no Code.
  if (supplierRut !== undefined) extras.push(extraField(s.supplierRutField, '', supplierRut));
  if (folio !== undefined) extras.push(extraField(s.documentNumberField, '', folio));
  const total = fields.total ?? 18500;
  return {
    id: nextExpenseId++,
    status: 1,
    supplier: 'Restaurante El Parrón',
    issueDate: '2025-06-15',
    originalAmount: total,
    originalCurrency: 'CLP',
    exchangeRate: 1,
    net: total,
    tax: 0,
    otherTaxes: 0,
    retention: 0,
    total,
    currency: 'CLP',
    category: 'Alimentación',
    categoryCode: '',
    extraFields: extras,
    userId: EMPLOYEE.id,
    ...fields,
  };
}

/** A factura 33 with consistent amounts (Total = Net + IVA 19% + other taxes unless given). */
export function buildFactura(overrides: Partial<ExpenseInput> & ExpenseExtras = {}): ExpenseInput {
  const net = overrides.net ?? 10000;
  const tax = overrides.tax ?? Math.round(net * 0.19);
  const otherTaxes = overrides.otherTaxes ?? 0;
  return buildExpense({
    documentType: '33',
    costCenter: 'CC-210',
    supplierRut: SUPPLIER_RUT,
    folio: '1234567',
    supplier: 'Copec',
    category: 'Combustible',
    ...overrides,
    net,
    tax,
    otherTaxes,
    total: overrides.total ?? net + tax + otherTaxes,
  });
}

export function buildBoleta(overrides: Partial<ExpenseInput> & ExpenseExtras = {}): ExpenseInput {
  return buildExpense({ documentType: '39', costCenter: 'CC-210', ...overrides });
}

export function buildHonorarios(overrides: Partial<ExpenseInput> & ExpenseExtras = {}): ExpenseInput {
  const total = overrides.total ?? 100000;
  return buildExpense({
    documentType: 'BH',
    costCenter: 'CC-210',
    supplier: 'Juana Pérez',
    category: 'Honorarios',
    net: total,
    retention: Math.round(total * 0.145),
    ...overrides,
    total,
  });
}

export interface BuildInputOverrides {
  report?: Partial<ReportInput>;
  expenses?: readonly ExpenseInput[];
  users?: readonly UserInput[];
  mappings?: MappingSnapshot | MappingOverrides;
  settings?: Partial<BuilderSettings>;
  ledger?: LedgerSnapshot;
  postingDate?: string;
  companyCurrency?: string;
  companyRut?: string;
  closedPeriods?: Iterable<string>;
  bookedDocuments?: Map<string, BookedDocument>;
  releasedExpenseIds?: Iterable<number>;
}

export function buildReportInput(overrides: BuildInputOverrides = {}): BuildInput {
  const mappings =
    overrides.mappings && overrides.mappings.accounts instanceof Map
      ? (overrides.mappings as MappingSnapshot)
      : buildMappings(overrides.mappings as MappingOverrides | undefined);
  const users = overrides.users ?? [buildUser()];
  return {
    report: buildReport(overrides.report),
    expenses: overrides.expenses ? [...overrides.expenses] : [buildBoleta()],
    users: new Map(users.map((u) => [u.id, u])),
    mappings,
    settings: buildSettings(overrides.settings),
    ledger: overrides.ledger ?? buildLedger(),
    postingDate: overrides.postingDate ?? '2025-07-01',
    companyCurrency: overrides.companyCurrency ?? 'CLP',
    companyRut: overrides.companyRut ?? COMPANY_RUT,
    closedPeriods: new Set(overrides.closedPeriods ?? []),
    bookedDocuments: overrides.bookedDocuments ?? new Map(),
    releasedExpenseIds: new Set(overrides.releasedExpenseIds ?? []),
  };
}

/** chile-accounting.md §3, exactly as written there. */
export function workedExampleInput(): BuildInput {
  return buildReportInput({
    report: { id: 90001, number: '8842', employeeName: 'Octavio Olivares', closeDate: '2025-06-20' },
    mappings: {
      invoiceCategories: { Combustible: pair(ACCOUNTS.fuel, ACCOUNTS.payableStaff) },
      categories: { Alimentación: pair(ACCOUNTS.food, ACCOUNTS.payableStaff) },
      costCenters: { 'CC-210': CENTERS.sales },
    },
    settings: {
      ivaCreditAccount: ACCOUNTS.ivaCredit,
      retentionAccount: ACCOUNTS.retention,
      mergeLines: 'credit',
    },
    expenses: [
      buildFactura({
        id: 1,
        supplier: 'Copec',
        category: 'Combustible',
        net: 29580,
        tax: 5620,
        otherTaxes: 24300,
        total: 59500,
        costCenter: 'CC-210',
        supplierRut: '99.520.000-7',
        folio: '1234567',
      }),
      buildBoleta({ id: 2, category: 'Alimentación', total: 18500, costCenter: 'CC-210' }),
      buildBoleta({ id: 3, category: 'Alimentación', total: 12000, status: 2 }),
    ],
  });
}

/** Builds and fails the test with the problems when the builder refused. */
export function mustBuild(input: BuildInput): BuiltVoucher[] {
  const result = buildVouchers(input);
  if (!result.ok)
    throw new Error(
      `expected vouchers, got problems:\n${result.problems.map((p) => `${p.code}: ${p.message}`).join('\n')}`,
    );
  return result.vouchers;
}

/** Builds and fails the test when the builder produced vouchers. */
export function mustFail(input: BuildInput): Problem[] {
  const result = buildVouchers(input);
  if (result.ok) throw new Error(`expected problems, got ${result.vouchers.length} voucher(s)`);
  return result.problems;
}

/** The single voucher of a report built with grouping 'report'. */
export function mustBuildOne(input: BuildInput): VoucherDraft {
  const vouchers = mustBuild(input);
  if (vouchers.length !== 1) throw new Error(`expected one voucher, got ${vouchers.length}`);
  return vouchers[0].draft;
}

/** A draft's lines as compact rows, for comparing against tables like chile-accounting.md's. */
export function rows(draft: VoucherDraft): (string | number)[][] {
  return draft.lines.map((l) => [
    l.accountCode,
    l.debit,
    l.credit,
    l.businessCenterCode ?? '',
    l.auxiliary ? l.auxiliary.rut : '',
    l.document ? `${l.document.type} ${l.document.number}` : '',
  ]);
}

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries

/** The check digit of a RUT body (módulo 11), written independently of the code under test. */
export function rutCheckDigit(body: number): string {
  let sum = 0;
  let factor = 2;
  for (let n = body; n > 0; n = Math.floor(n / 10)) {
    sum += (n % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
}

export function formatRutBody(body: number, dv: string): string {
  return `${String(body).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${dv}`;
}

const rutBody = fc.integer({ min: 1_000_000, max: 99_999_999 }).filter((n) => !/^(\d)\1*$/.test(String(n)));

export const arbValidRut: fc.Arbitrary<string> = rutBody.map((n) => formatRutBody(n, rutCheckDigit(n)));

/** Well-shaped RUTs whose check digit is wrong. */
export const arbInvalidRut: fc.Arbitrary<string> = fc
  .tuple(rutBody, fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K'))
  .filter(([n, dv]) => rutCheckDigit(n) !== dv)
  .map(([n, dv]) => formatRutBody(n, dv));

const CATEGORIES = ['Alimentación', 'Combustible', 'Pasajes', 'Materiales de oficina', 'Honorarios'];
const COST_CENTERS = ['CC-210', 'CC-100'];

/** An expense that a fully configured company (the defaults above) can always post. */
export function arbValidExpense(id: number): fc.Arbitrary<ExpenseInput> {
  const common = fc.record({
    status: fc.constantFrom(0, 1, 1, 1, 2),
    category: fc.constantFrom(...CATEGORIES),
    costCenter: fc.option(fc.constantFrom(...COST_CENTERS), { nil: undefined }),
    supplierRut: arbValidRut,
    // Unique per expense: the same document twice would (rightly) be blocked as a duplicate.
    folio: fc.integer({ min: 1, max: 99_999 }).map((n) => `${id}${String(n).padStart(5, '0')}`),
    issueDate: fc.integer({ min: 1, max: 28 }).map((d) => `2025-06-${String(d).padStart(2, '0')}`),
  });
  const factura = fc
    .tuple(
      fc.constantFrom('33', '34', '46', 'AF', 'FL'),
      fc.integer({ min: 0, max: 5_000_000 }),
      fc.integer({ min: 0, max: 500_000 }),
      fc.constantFrom(-1, 0, 0, 0, 1),
    )
    .map(([documentType, net, otherTaxes, diff]) => {
      const tax = documentType === '34' ? 0 : Math.round(net * 0.19);
      return {
        documentType,
        net,
        tax,
        otherTaxes,
        total: Math.max(0, net + tax + otherTaxes + diff),
        retention: 0,
      };
    })
    .filter((a) => a.net + a.otherTaxes + (a.total - (a.net + a.tax + a.otherTaxes)) >= 0);
  const simple = fc
    .tuple(fc.constantFrom('39', '41', 'BO', '', 'TICKET'), fc.integer({ min: 0, max: 3_000_000 }))
    .map(([documentType, total]) => ({
      documentType,
      net: total,
      tax: 0,
      otherTaxes: 0,
      total,
      retention: 0,
    }));
  const fees = fc
    .tuple(
      fc.constantFrom('H', '99', 'BH'),
      fc.integer({ min: 0, max: 3_000_000 }),
      fc.double({ min: 0, max: 0.17, noNaN: true }),
    )
    .map(([documentType, total, rate]) => ({
      documentType,
      net: total,
      tax: 0,
      otherTaxes: 0,
      total,
      retention: Math.floor(total * rate),
    }));
  const foreign = fc
    .tuple(
      fc.constantFrom('33', '39', ''),
      fc.constantFrom('USD', 'EUR', 'PEN'),
      fc.integer({ min: 1, max: 500_000 }),
      fc.integer({ min: 100, max: 1200 }),
    )
    .map(([documentType, originalCurrency, cents, rate]) => ({
      documentType,
      originalCurrency,
      originalAmount: cents / 100,
      exchangeRate: rate,
      // Rindegastos converts; its Net/Tax are in the original currency and are ignored.
      net: cents / 119,
      tax: (cents / 100) * 0.19,
      otherTaxes: 0,
      retention: 0,
      total: Math.round((cents / 100) * rate),
    }));
  return fc
    .tuple(
      common,
      fc.oneof({ weight: 3, arbitrary: factura }, { weight: 3, arbitrary: simple }, fees, foreign),
    )
    .map(([c, amounts]) => {
      const category =
        amounts.documentType === 'BH' || amounts.documentType === 'H' ? 'Honorarios' : c.category;
      return buildExpense({
        id,
        userId: EMPLOYEE.id,
        supplier: `Proveedor ${id}`,
        ...c,
        ...amounts,
        category,
      });
    });
}

/** A valid report of 1–8 expenses (at least one approved) under any grouping, merging and date setting. */
export const arbValidBuildInput: fc.Arbitrary<BuildInput> = fc
  .record({
    count: fc.integer({ min: 1, max: 8 }),
    employeeRut: arbValidRut,
    costingCode: fc.constantFrom(...COST_CENTERS),
    grouping: fc.constantFrom<BuilderSettings['grouping']>('report', 'expense'),
    mergeLines: fc.constantFrom<BuilderSettings['mergeLines']>('none', 'credit', 'all'),
    voucherDate: fc.constantFrom<BuilderSettings['voucherDate']>('close', 'send', 'lastExpense', 'posting'),
    glosaMaxLength: fc.integer({ min: 10, max: 120 }),
  })
  .chain((r) =>
    fc.tuple(fc.constant(r), fc.tuple(...Array.from({ length: r.count }, (_, i) => arbValidExpense(i + 1)))),
  )
  .map(([r, expenses]) => {
    if (!expenses.some((e) => e.status === 1)) expenses[0] = { ...expenses[0], status: 1 };
    // A report whose approved expenses all total 0 is blocked (nothing to post); keep one peso-bearing expense.
    const first = expenses.findIndex((e) => e.status === 1);
    if (expenses.every((e) => e.status !== 1 || e.total === 0)) {
      expenses[first] = buildBoleta({ id: expenses[first].id, total: 1000 });
    }
    return buildReportInput({
      report: { employeeIdentification: r.employeeRut },
      users: [buildUser({ identification: r.employeeRut, costingCode: r.costingCode })],
      expenses,
      settings: { grouping: r.grouping, mergeLines: r.mergeLines, voucherDate: r.voucherDate },
      ledger: buildLedger({ glosaMaxLength: r.glosaMaxLength }),
    });
  });

export type Corruption =
  | { kind: 'negative' }
  | { kind: 'nan' }
  | { kind: 'fractional' }
  | { kind: 'inconsistentFactura'; off: number }
  | { kind: 'invalidSupplierRut'; rut: string }
  | { kind: 'invalidEmployeeRut'; rut: string };

export const arbCorruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant<Corruption>({ kind: 'negative' }),
  fc.constant<Corruption>({ kind: 'nan' }),
  fc.constant<Corruption>({ kind: 'fractional' }),
  fc
    .tuple(fc.integer({ min: 2, max: 1_000_000 }), fc.boolean())
    .map(([off, up]): Corruption => ({ kind: 'inconsistentFactura', off: up ? off : -off })),
  arbInvalidRut.map((rut): Corruption => ({ kind: 'invalidSupplierRut', rut })),
  arbInvalidRut.map((rut): Corruption => ({ kind: 'invalidEmployeeRut', rut })),
);

/**
 * Breaks one approved expense of a valid input in a way the builder must block: a bad amount,
 * a factura off by more than a peso, or an invalid RUT on a line whose account requires one.
 */
export function corrupt(input: BuildInput, corruption: Corruption, index: number): BuildInput {
  const approved = input.expenses.filter((e) => e.status === 1);
  const victim = approved[index % approved.length];
  const replace = (e: ExpenseInput) => ({
    ...input,
    expenses: input.expenses.map((x) => (x === victim ? e : x)),
  });
  switch (corruption.kind) {
    case 'negative':
      return replace({ ...victim, total: -Math.max(1, victim.total) });
    case 'nan':
      return replace({ ...victim, total: NaN });
    case 'fractional':
      return replace({ ...victim, total: victim.total + 0.5 });
    case 'inconsistentFactura':
      return replace(
        buildFactura({
          id: victim.id,
          net: 50000,
          tax: 9500,
          otherTaxes: 0,
          total: Math.max(0, 59500 + corruption.off),
        }),
      );
    case 'invalidSupplierRut':
      // A factura with IVA: its IVA line goes to 1110601001, which requires the supplier as auxiliary.
      return replace(buildFactura({ id: victim.id, net: 10000, supplierRut: corruption.rut }));
    case 'invalidEmployeeRut':
      // Every credit line goes to 2110701001 or 2110501002; the former requires the employee.
      return {
        ...input,
        report: { ...input.report, employeeIdentification: corruption.rut },
        expenses: input.expenses.map((x) =>
          x === victim ? { ...victim, total: Math.max(1, victim.total) } : x,
        ),
      };
  }
}
