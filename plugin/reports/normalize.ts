/**
 * Rindegastos payloads → the builder's inputs, and the content hash that says whether a report
 * changed. Pure: no I/O, no clock.
 *
 * Values are read with rindegastos/values.ts: a value that cannot be read is carried as NaN
 * (amounts, ids, statuses) or as the text received (dates), so the builder reports it as a
 * problem on that report instead of the import guessing a value.
 */
import { createHash } from 'node:crypto';
import type { ExpenseInput, ReportInput } from '../accounting/model';
import type { Expense, ExpenseReport } from '../rindegastos/api';
import { readDate, readExtraFields, readId, readNumber, readStatus, readText } from '../rindegastos/values';

/** Version of the hashed shape; bump it when the hashed fields change so every report re-imports. */
const HASH_VERSION = 1;

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A Rindegastos report (as received, whatever its shape) → the builder's ReportInput. */
export function normalizeReport(report: ExpenseReport | Record<string, unknown>): ReportInput {
  const r = fieldsOf(report);
  return {
    id: readId(r.Id, NaN),
    number: readText(r.ReportNumber),
    title: readText(r.Title),
    employeeId: readId(r.EmployeeId, 0),
    employeeName: readText(r.EmployeeName),
    employeeIdentification: readText(r.EmployeeIdentification),
    policyName: readText(r.PolicyName),
    sendDate: readDate(r.SendDate),
    closeDate: readDate(r.CloseDate),
    currency: readText(r.Currency).toUpperCase(),
    status: readStatus(r.Status),
  };
}

/** A Rindegastos expense (as received, whatever its shape) → the builder's ExpenseInput. */
export function normalizeExpense(expense: Expense | Record<string, unknown>): ExpenseInput {
  const e = fieldsOf(expense);
  const currency = readText(e.Currency).toUpperCase();
  const originalCurrency = readText(e.OriginalCurrency).toUpperCase();
  return {
    id: readId(e.Id, NaN),
    status: readStatus(e.Status),
    supplier: readText(e.Supplier),
    issueDate: readDate(e.IssueDate),
    originalAmount: readNumber(e.OriginalAmount, NaN),
    originalCurrency,
    // A missing rate is 1 only when nothing was converted; otherwise it is unknown.
    exchangeRate: readNumber(e.ExchangeRate, originalCurrency === currency ? 1 : NaN),
    // Missing tax components are 0 (the API's own convention for absent numbers); a missing
    // Total is not, since it is what gets posted.
    net: readNumber(e.Net, 0),
    tax: readNumber(e.Tax, 0),
    otherTaxes: readNumber(e.OtherTaxes, 0),
    retention: readNumber(e.Retention, 0),
    total: readNumber(e.Total, NaN),
    currency,
    category: readText(e.Category),
    categoryCode: readText(e.CategoryCode),
    extraFields: readExtraFields(e.ExtraFields),
    userId: readId(e.UserId, 0),
  };
}

function byId(a: { id: number }, b: { id: number }): number {
  // Unreadable ids (NaN) sort last, keeping their relative order.
  if (Number.isNaN(a.id) || Number.isNaN(b.id))
    return Number(Number.isNaN(a.id)) - Number(Number.isNaN(b.id));
  return a.id - b.id;
}

/**
 * The hashed fields, in a fixed order. The `satisfies` and the two checks below make the
 * compiler refuse a field added to ReportInput or ExpenseInput (the builder's model) until it
 * is listed here, so nothing posting depends on can escape the hash.
 */
const REPORT_FIELDS = [
  'id',
  'number',
  'title',
  'employeeId',
  'employeeName',
  'employeeIdentification',
  'policyName',
  'sendDate',
  'closeDate',
  'currency',
  'status',
] as const satisfies readonly (keyof ReportInput)[];
const EXPENSE_FIELDS = [
  'id',
  'status',
  'supplier',
  'issueDate',
  'originalAmount',
  'originalCurrency',
  'exchangeRate',
  'net',
  'tax',
  'otherTaxes',
  'retention',
  'total',
  'currency',
  'category',
  'categoryCode',
  'userId',
] as const satisfies readonly (keyof ExpenseInput)[];
type Unlisted<T, L extends readonly unknown[]> = Exclude<keyof T, L[number]>;
const reportFieldsComplete: [Unlisted<ReportInput, typeof REPORT_FIELDS>] extends [never] ? true : never =
  true;
const expenseFieldsComplete: [Unlisted<ExpenseInput, typeof EXPENSE_FIELDS | ['extraFields']>] extends [never]
  ? true
  : never = true;
void reportFieldsComplete;
void expenseFieldsComplete;

/** A scalar for the hashed tuple: non-finite numbers as text (JSON would make them null). */
function scalar(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/**
 * sha256 (hex) of what posting depends on: the normalized report and its expenses. The
 * integration mark (Integrated, IntegrationDate, IntegrationExternalCode …), notes, files and
 * counters are not part of the builder's input, so marking a report integrated never changes
 * its hash. Expenses are hashed in id order; extra fields in name order, keeping the relative
 * order of fields with the same name (the builder reads the first of a name).
 *
 * NOTE: the canonical form is positional — each object becomes the array of its fields' values
 * in the fixed order above — which is key-order independent by construction and lets the
 * native JSON.stringify do the work: the import hashes every fetched report, so this is on the
 * hot path of the 5,000 expenses/s target (canonicalJson is several times slower here).
 */
export function contentHash(report: ReportInput, expenses: readonly ExpenseInput[]): string {
  const canonicalExpenses = [...expenses].sort(byId).map((e) => {
    const tuple: unknown[] = EXPENSE_FIELDS.map((k) => scalar(e[k]));
    const fields = [...e.extraFields].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    tuple.push(fields.map((f) => [f.Name, f.Value, f.Code]));
    return tuple;
  });
  const canonical = [HASH_VERSION, REPORT_FIELDS.map((k) => scalar(report[k])), canonicalExpenses];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
