/**
 * Deterministic data: report i of a company and its expenses are pure functions of
 * (company seed, i, j). Nothing is stored, so 200,000 expenses cost no memory until a request
 * asks for a page of them.
 */
import Decimal from 'decimal.js';
import {
  departmentCode,
  documentTypeName,
  REPORT_TYPES,
  type CategoryDef,
  type CompanyProfile,
  type DocCode,
  type PolicyDef,
} from './catalog';
import { dateOf, dayOf, monthNameOf, yearOf } from './dates';
import { Rng, seedOf } from './random';
import { formatRut } from './rut';
import type { ExpenseJson, ExpenseReportJson, ExtraFieldJson, FileJson, UserJson } from './types';

/**
 * Generated reports are sent between these days, spread evenly by index (ids grow with time),
 * moved by the context's `dayShift` in anchored mode.
 */
export const FIRST_SEND_DAY = dayOf('2025-01-06');
export const LAST_SEND_DAY = dayOf('2026-11-13');
const FIRST_ISSUE_DAY = dayOf('2025-01-01');
/**
 * The "today" the fixed timeline was written for: its latest reports were sent two weeks before,
 * and every date it generates (closes, integration marks) lies before it. Anchored mode shifts
 * the timeline by `anchor day − TIMELINE_TODAY` whole days.
 */
export const TIMELINE_TODAY = dayOf('2026-11-28');
/** The Rindegastos id of report N° 8842 (the worked example). */
export const WORKED_EXAMPLE_REPORT_ID = 13421804;
/** Report 8842 closes this many days before the anchor day in anchored mode. */
export const WORKED_EXAMPLE_AGE_DAYS = 7;
const WORKED_EXAMPLE_CLOSE_DAY = dayOf('2025-06-20');

/** Days the anchored timeline moves (0 unanchored): its latest reports end up recent relative to `anchorDay`. */
export function timelineShift(anchorDay: number): number {
  return anchorDay - TIMELINE_TODAY;
}

/** Days the worked example moves (0 unanchored) so it closes WORKED_EXAMPLE_AGE_DAYS before `anchorDay`. */
export function workedExampleShift(anchorDay: number): number {
  return anchorDay - WORKED_EXAMPLE_AGE_DAYS - WORKED_EXAMPLE_CLOSE_DAY;
}

/** IVA (Chile), percent. */
export const IVA_RATE = 0.19;

/**
 * Retention on boletas de honorarios by the year of the boleta (Ley 21.133): 14.5% in 2025,
 * 15.25% in 2026. Rindegastos reports the amount; the sandbox computes it as the issuer would.
 */
export function honorariosRetentionRate(year: number): number {
  if (year <= 2024) return 0.1375;
  if (year === 2025) return 0.145;
  if (year === 2026) return 0.1525;
  if (year === 2027) return 0.16;
  return 0.17;
}

/** What the report list needs to filter and sort, without generating a single expense. */
export interface ReportHeader {
  index: number;
  Id: number;
  sendDay: number;
  /** -1 while open. */
  closeDay: number;
  Status: 0 | 1;
  userId: number;
  policyId: number;
  integrated: boolean;
  integrationCode: string;
  integrationDate: string;
  /** How many of the last expenses were rejected (closed reports only). */
  rejected: number;
  reportType: (typeof REPORT_TYPES)[number];
  fundId: number;
  /** The report arrives without EmployeeIdentification (common, §5.2): consumers fall back to the user. */
  noIdentification: boolean;
}

export interface GeneratorContext {
  profile: CompanyProfile;
  seed: number;
  reports: number;
  expensesPerReport: number;
  /** Whole days every generated date moves (anchored mode); 0 keeps the fixed timeline. */
  dayShift: number;
}

const supplierRuts = new Map<number, string>();

/** Suppliers repeat across expenses: format each RUT once. */
function supplierRut(body: number): string {
  let rut = supplierRuts.get(body);
  if (rut === undefined) {
    rut = formatRut(body);
    supplierRuts.set(body, rut);
  }
  return rut;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function reportHeader(ctx: GeneratorContext, i: number): ReportHeader {
  const { profile } = ctx;
  const r = new Rng(seedOf(ctx.seed, 1, i));
  const span = LAST_SEND_DAY - FIRST_SEND_DAY;
  const spread = ctx.reports > 1 ? Math.floor((i * span) / (ctx.reports - 1)) : span;
  const lastSendDay = LAST_SEND_DAY + ctx.dayShift;
  const sendDay = Math.min(lastSendDay, FIRST_SEND_DAY + ctx.dayShift + spread + r.int(0, 2));
  const candidates = profile.users.filter((u) => policyOf(profile, u.Id).weight > 0);
  const u = candidates[r.int(0, candidates.length - 1)];
  const policyId = policyOf(profile, u.Id).Id;
  const recent = lastSendDay - sendDay < 35;
  const open = r.chance(recent ? 0.6 : 0.04);
  const closeDay = open ? -1 : sendDay + r.int(1, 9);
  const integrated = !open && !recent && r.chance(0.2);
  const integrationDay = closeDay + r.int(1, 3);
  const maxRejected = Math.min(2, ctx.expensesPerReport - 1);
  const rejected = !open && maxRejected > 0 && r.chance(0.25) ? r.int(1, maxRejected) : 0;
  const typeRoll = r.next();
  const reportType = typeRoll < 0.12 ? REPORT_TYPES[1] : typeRoll < 0.18 ? REPORT_TYPES[2] : REPORT_TYPES[0];
  const funds = profile.funds.filter((f) => f.Status === 1);
  const fundId = reportType.Code === 'REE' || funds.length === 0 ? 0 : funds[r.int(0, funds.length - 1)].Id;
  return {
    index: i,
    Id: profile.reportIdBase + i,
    sendDay,
    closeDay,
    Status: open ? 0 : 1,
    userId: u.Id,
    policyId,
    integrated,
    integrationCode: integrated ? `CPBTE-${yearOf(integrationDay)}-${pad(r.int(1, 999_999), 6)}` : '',
    integrationDate: integrated
      ? `${dateOf(integrationDay)} ${pad(r.int(8, 19))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`
      : '',
    rejected,
    reportType,
    fundId,
    noIdentification: r.chance(0.08),
  };
}

export function policyOf(profile: CompanyProfile, userId: number): PolicyDef {
  const id = profile.userPolicy.get(userId);
  return profile.policies.find((p) => p.Id === id) ?? profile.policies[0];
}

export function userOf(profile: CompanyProfile, userId: number): UserJson | undefined {
  return profile.users.find((u) => u.Id === userId);
}

/** Round to the nearest multiple of `step` (prices at the till end in 0 or 10). */
function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}

function extra(Name: string, Value: string, Code = ''): ExtraFieldJson {
  return { Name, Value, Code };
}

function filesFor(id: number, r: Rng): FileJson[] {
  if (!r.chance(0.65)) return [];
  const base = `https://files.sandbox.rindegastos.invalid/expenses/${id}`;
  return [
    {
      FileName: `respaldo_${id}`,
      Extension: 'jpg',
      Original: `${base}/original.jpg`,
      Large: `${base}/large.jpg`,
      Medium: `${base}/medium.jpg`,
      Small: `${base}/small.jpg`,
    },
  ];
}

/** Expense j of the report with this header. Amounts follow the document kind (see README). */
export function generateExpense(ctx: GeneratorContext, h: ReportHeader, j: number): ExpenseJson {
  const { profile } = ctx;
  const r = new Rng(seedOf(ctx.seed, 2, h.index, j));
  const Id = profile.expenseIdBase + h.index * ctx.expensesPerReport + j;
  const pol = profile.policies.find((p) => p.Id === h.policyId) ?? profile.policies[0];
  const c: CategoryDef = pol.categories[r.int(0, pol.categories.length - 1)];
  const usd = c.usd !== undefined && r.chance(c.usd);
  const doc: DocCode = usd ? 'EXT' : r.weighted(c.docs);
  const issueDay = Math.max(FIRST_ISSUE_DAY + ctx.dayShift, h.sendDay - r.int(0, 20));
  const u = userOf(profile, h.userId);

  let Status: number;
  if (h.Status === 0) Status = r.chance(0.3) ? 1 : 0;
  else Status = j >= ctx.expensesPerReport - h.rejected ? 2 : 1;

  let Net: number;
  let Tax = 0;
  let OtherTaxes = 0;
  let Retention = 0;
  let TaxName = '';
  let RetentionName = '';
  let OriginalAmount: number;
  let OriginalCurrency = 'CLP';
  let ExchangeRate = 1;
  let Total: number;
  const gross = r.int(c.min, c.max);
  const supplier = c.suppliers.length > 0 ? r.pick(c.suppliers) : undefined;
  let supplierName = supplier?.name ?? '';
  let supplierRutText = supplier && supplier.rutBody > 0 ? supplierRut(supplier.rutBody) : '';

  switch (doc) {
    case '33': {
      TaxName = 'IVA';
      if (c.fuel) {
        // Fuel facturas carry the impuesto específico (not recoverable) besides IVA.
        Net = Math.round(gross / (1 + IVA_RATE + 0.7));
        Tax = Math.round(Net * IVA_RATE);
        OtherTaxes = Math.round(Net * (0.55 + r.next() * 0.3));
      } else {
        Net = Math.round(gross / (1 + IVA_RATE));
        Tax = Math.round(Net * IVA_RATE);
      }
      Total = Net + Tax + OtherTaxes;
      break;
    }
    case 'H': {
      // Boleta de honorarios: Total is the gross fee; the retention is withheld from it.
      Total = roundTo(gross, 1000);
      Net = Total;
      const rate = honorariosRetentionRate(yearOf(issueDay));
      Retention = Math.round(Total * rate);
      RetentionName = `Retención honorarios ${(rate * 100).toFixed(2).replace('.', ',').replace(/,?0+$/, '')}%`;
      const pr = new Rng(seedOf(ctx.seed, 3, h.index, j));
      supplierName = `${pr.pick(['Camila', 'Andrés', 'Paula', 'Ricardo', 'Daniela', 'Héctor'])} ${pr.pick(['Rojas', 'Vega', 'Núñez', 'Bravo', 'Carrasco', 'Leiva'])} ${pr.pick(['Ortiz', 'Saavedra', 'Figueroa', 'Cortés'])}`;
      supplierRutText = formatRut(pr.int(8_000_000, 21_999_999));
      break;
    }
    case 'EXT': {
      if (usd) {
        // USD paid abroad: Total is in CLP, converted with the day's rate (decimal.js: rates multiply).
        OriginalCurrency = 'USD';
        OriginalAmount = r.int(Math.max(500, Math.floor(c.min / 9.5)), Math.floor(c.max / 9.5)) / 100;
        ExchangeRate = r.int(88_000, 99_000) / 100;
        Total = new Decimal(OriginalAmount)
          .mul(ExchangeRate)
          .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
          .toNumber();
      } else {
        Total = gross;
      }
      Net = Total;
      supplierRutText = '';
      break;
    }
    case '34':
      Total = gross;
      Net = gross;
      break;
    default:
      // 39, 41, SD: the whole amount is expense; boletas show no IVA separately.
      Total = roundTo(gross, 10);
      Net = Total;
  }
  if (OriginalCurrency === 'CLP') OriginalAmount = Total;

  const ExtraFields: ExtraFieldJson[] = [extra('Tipo de Documento', documentTypeName(doc), doc)];
  if (doc !== 'SD' && doc !== 'EXT')
    ExtraFields.push(extra('Número de Documento', String(r.int(1_000, 9_999_999))));
  if ((doc === '33' || doc === '34' || doc === 'H') && supplierRutText)
    ExtraFields.push(extra('RUT Proveedor', supplierRutText));
  // Most expenses name their cost center; some leave it to the user's CostingCode.
  if (r.chance(0.93)) {
    const code = r.chance(0.85) && u?.CostingCode ? u.CostingCode : r.pick(profile.costCenters).Code;
    const cc = profile.costCenters.find((x) => x.Code === code) ?? profile.costCenters[0];
    ExtraFields.push(extra('Centro de Costo', cc.Value, cc.Code));
  }
  const Files = filesFor(Id, r);

  return {
    Id,
    Status,
    Supplier: supplierName,
    IssueDate: dateOf(issueDay),
    OriginalAmount: OriginalAmount!,
    OriginalCurrency,
    ExchangeRate,
    Net,
    Tax,
    TaxName,
    OtherTaxes,
    RetentionName,
    Retention,
    Total,
    Currency: 'CLP',
    Reimbursable: h.reportType.Code === 'REE' ? r.chance(0.97) : false,
    Category: c.Name,
    CategoryCode: c.AccountCode,
    CategoryGroup: c.GroupName,
    CategoryGroupCode: c.GroupCode,
    SatInfo: null,
    SunatInfo: null,
    Note: r.pick(c.notes),
    IntegrationDate: h.integrated ? h.integrationDate : '',
    IntegrationExternalCode: h.integrated ? h.integrationCode : '',
    ExtraFields,
    Files,
    NbrFiles: Files.length,
    ReportId: h.Id,
    ExpensePolicyId: h.policyId,
    UserId: h.userId,
  };
}

/** Totals and counts of a report, from its (possibly edited) expenses. */
export function reportTotals(expenses: readonly ExpenseJson[]) {
  let ReportTotal = 0;
  let ReportTotalApproved = 0;
  let NbrApprovedExpenses = 0;
  let NbrRejectedExpenses = 0;
  for (const e of expenses) {
    ReportTotal += e.Total;
    if (e.Status === 1) {
      ReportTotalApproved += e.Total;
      NbrApprovedExpenses++;
    } else if (e.Status === 2) NbrRejectedExpenses++;
  }
  return {
    ReportTotal,
    ReportTotalApproved,
    NbrExpenses: expenses.length,
    NbrApprovedExpenses,
    NbrRejectedExpenses,
  };
}

/** The report object of a generated header, with totals from its expenses. */
export function buildReport(
  ctx: GeneratorContext,
  h: ReportHeader,
  expenses: readonly ExpenseJson[],
): ExpenseReportJson {
  const { profile } = ctx;
  const u = userOf(profile, h.userId);
  const pol = profile.policies.find((p) => p.Id === h.policyId) ?? profile.policies[0];
  const approver = userOf(profile, pol.approverId);
  const fund = profile.funds.find((f) => f.Id === h.fundId);
  const ccCode = u?.CostingCode ?? '';
  const cc = profile.costCenters.find((x) => x.Code === ccCode);
  const month = monthNameOf(h.sendDay);
  const title =
    h.reportType.Code === 'REE'
      ? `Rendición ${month} ${yearOf(h.sendDay)} - ${cc?.Value ?? u?.Department ?? 'general'}`
      : `${h.reportType.Value} ${month} - ${fund?.Title ?? u?.Department ?? ''}`.trim();
  return {
    Id: h.Id,
    Title: title,
    ReportNumber: String(profile.firstReportNumber + h.index),
    SendDate: dateOf(h.sendDay),
    CloseDate: h.closeDay < 0 ? '' : dateOf(h.closeDay),
    EmployeeId: h.userId,
    EmployeeName: u ? `${u.FirstName} ${u.LastName}` : '',
    EmployeeIdentification: h.noIdentification || !u ? '' : u.Identification,
    ApproverId: approver?.Id ?? 0,
    ApproverName: approver ? `${approver.FirstName} ${approver.LastName}` : '',
    PolicyId: pol.Id,
    PolicyName: pol.Name,
    Status: h.Status,
    CustomStatus: '',
    FundId: fund?.Id ?? 0,
    FundName: fund?.Title ?? '',
    ...reportTotals(expenses),
    Currency: 'CLP',
    Note: '',
    Integrated: h.integrated ? '1' : '',
    IntegrationDate: h.integrated ? h.integrationDate : '',
    IntegrationExternalCode: h.integrated ? h.integrationCode : '',
    IntegrationInternalCode: '',
    ExtraFields: [
      extra('Tipo de rendición', h.reportType.Value, h.reportType.Code),
      extra('Área', u?.Department ?? '', departmentCode(u?.Department ?? '')),
    ],
    Files: [],
  };
}

const EXPENSE_KEYS: (keyof ExpenseJson)[] = [
  'Id',
  'Status',
  'Supplier',
  'IssueDate',
  'OriginalAmount',
  'OriginalCurrency',
  'ExchangeRate',
  'Net',
  'Tax',
  'TaxName',
  'OtherTaxes',
  'RetentionName',
  'Retention',
  'Total',
  'Currency',
  'Reimbursable',
  'Category',
  'CategoryCode',
  'CategoryGroup',
  'CategoryGroupCode',
  'SatInfo',
  'SunatInfo',
  'Note',
  'IntegrationDate',
  'IntegrationExternalCode',
  'ExtraFields',
  'Files',
  'NbrFiles',
  'ReportId',
  'ExpensePolicyId',
  'UserId',
];

const REPORT_KEYS: (keyof ExpenseReportJson)[] = [
  'Id',
  'Title',
  'ReportNumber',
  'SendDate',
  'CloseDate',
  'EmployeeId',
  'EmployeeName',
  'EmployeeIdentification',
  'ApproverId',
  'ApproverName',
  'PolicyId',
  'PolicyName',
  'Status',
  'CustomStatus',
  'FundId',
  'FundName',
  'ReportTotal',
  'ReportTotalApproved',
  'NbrExpenses',
  'NbrApprovedExpenses',
  'NbrRejectedExpenses',
  'Currency',
  'Note',
  'Integrated',
  'IntegrationDate',
  'IntegrationExternalCode',
  'IntegrationInternalCode',
  'ExtraFields',
  'Files',
];

/** The same object with its keys in the API's documented order (then any extra keys): stable bytes. */
function ordered<T extends object>(value: T, keys: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const k of keys) if (k in value) out[k] = value[k];
  for (const k of Object.keys(value) as (keyof T)[]) if (!(k in out)) out[k] = value[k];
  return out;
}

export function orderExpenseKeys(e: ExpenseJson): ExpenseJson {
  return ordered(e, EXPENSE_KEYS);
}

export function orderReportKeys(r: ExpenseReportJson): ExpenseReportJson {
  return ordered(r, REPORT_KEYS);
}

/**
 * The exact worked example of chile-accounting.md §3 (report 8842 of Octavio Olivares). With a
 * `dayShift` (anchored mode) only its dates move, all by the same whole days, and the title names
 * the month it was sent in; amounts, RUTs, folios, categories and names stay exactly as written.
 */
export function workedExample(dayShift = 0): { report: ExpenseReportJson; expenses: ExpenseJson[] } {
  const on = (date: string) => dateOf(dayOf(date) + dayShift);
  const common = {
    OriginalCurrency: 'CLP',
    ExchangeRate: 1,
    RetentionName: '',
    Retention: 0,
    Currency: 'CLP',
    Reimbursable: true,
    SatInfo: null,
    SunatInfo: null,
    IntegrationDate: '',
    IntegrationExternalCode: '',
    ReportId: WORKED_EXAMPLE_REPORT_ID,
    ExpensePolicyId: 4044,
    UserId: 61,
  };
  const food = {
    Category: 'Alimentación',
    CategoryCode: '4-1-02-05-01',
    CategoryGroup: 'Viáticos',
    CategoryGroupCode: 'VIA',
  };
  const expenses: ExpenseJson[] = [
    {
      ...common,
      Id: 75528397,
      Status: 1,
      Supplier: 'COPEC S.A.',
      IssueDate: on('2025-06-09'),
      OriginalAmount: 59500,
      Net: 29580,
      Tax: 5620,
      TaxName: 'IVA',
      OtherTaxes: 24300,
      Total: 59500,
      Category: 'Combustible',
      CategoryCode: '4-1-02-01-02',
      CategoryGroup: 'Vehículos',
      CategoryGroupCode: 'VEH',
      Note: 'Carga camioneta faena norte',
      ExtraFields: [
        extra('Tipo de Documento', 'Factura Electrónica', '33'),
        extra('Número de Documento', '1234567'),
        extra('RUT Proveedor', '99.520.000-7'),
        extra('Centro de Costo', 'Faena Norte', 'CC-210'),
      ],
      Files: [],
      NbrFiles: 0,
    },
    {
      ...common,
      ...food,
      Id: 75528979,
      Status: 1,
      Supplier: 'Restaurant El Puerto',
      IssueDate: on('2025-06-10'),
      OriginalAmount: 18500,
      Net: 18500,
      Tax: 0,
      TaxName: '',
      OtherTaxes: 0,
      Total: 18500,
      Note: 'Almuerzo cliente',
      ExtraFields: [
        extra('Tipo de Documento', 'Boleta Electrónica', '39'),
        extra('Centro de Costo', 'Faena Norte', 'CC-210'),
      ],
      Files: [],
      NbrFiles: 0,
    },
    {
      ...common,
      ...food,
      Id: 75529102,
      Status: 2,
      Supplier: 'Restaurant Don Peyo',
      IssueDate: on('2025-06-11'),
      OriginalAmount: 12000,
      Net: 12000,
      Tax: 0,
      TaxName: '',
      OtherTaxes: 0,
      Total: 12000,
      Note: 'Cena fuera de política',
      ExtraFields: [
        extra('Tipo de Documento', 'Boleta Electrónica', '39'),
        extra('Centro de Costo', 'Faena Norte', 'CC-210'),
      ],
      Files: [],
      NbrFiles: 0,
    },
  ];
  const report: ExpenseReportJson = {
    Id: WORKED_EXAMPLE_REPORT_ID,
    Title: `Rendición ${monthNameOf(dayOf(on('2025-06-13')))} - faena norte`,
    ReportNumber: '8842',
    SendDate: on('2025-06-13'),
    CloseDate: on('2025-06-20'),
    EmployeeId: 61,
    EmployeeName: 'Octavio Olivares',
    EmployeeIdentification: '12.345.678-5',
    ApproverId: 64,
    ApproverName: 'María Pérez',
    PolicyId: 4044,
    PolicyName: 'Departamento Maquinaria',
    Status: 1,
    CustomStatus: '',
    FundId: 0,
    FundName: '',
    ...reportTotals(expenses),
    Currency: 'CLP',
    Note: '',
    Integrated: '',
    IntegrationDate: '',
    IntegrationExternalCode: '',
    IntegrationInternalCode: '',
    ExtraFields: [
      extra('Tipo de rendición', 'Fondo por rendir', 'FXR'),
      extra('Área', 'Operaciones', 'OPER'),
    ],
    Files: [],
  };
  return { report: orderReportKeys(report), expenses: expenses.map(orderExpenseKeys) };
}
