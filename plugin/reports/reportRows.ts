/**
 * rg_reports and rg_expenses rows: their columns, declared once, and the named mappers between
 * rows and the stored report (toStoredReport, toReportRow …). No raw row leaves reports/.
 */
import type { ExpenseInput, ReportInput } from '../accounting/model';
import {
  REPORT_STATES,
  type ExtraFieldNames,
  type ReportState,
  type ReportSummary,
  type StoredExpense,
  type StoredReport,
} from './model';
import { extraFieldCode, foldText } from '../rindegastos/extraFields';
import { isIsoDate } from '../rindegastos/dates';
import { readId, readNumber } from '../rindegastos/values';
import { normalizeExpense, normalizeReport } from './normalize';
import type { PreparedReport } from './prepareImport';
import { clip, num, numOrNull, safeInteger } from '../db/sql';

export const REPORTS = 'rg_reports';
export const EXPENSES = 'rg_expenses';

export interface ReportRow {
  company_id: string;
  remote_id: number;
  number: string;
  title: string;
  employee_id: number | null;
  employee_name: string;
  employee_identification: string;
  policy_id: number | null;
  policy_name: string;
  send_date: string | null;
  close_date: string | null;
  currency: string;
  status: number | null;
  total_approved: number | null;
  nbr_expenses: number | null;
  state: string;
  content_hash: string;
  search_text: string;
  raw_json: string;
  posted_voucher_id: string | null;
  posted_voucher_number: string | null;
  posted_at: string | null;
  posted_hash: string | null;
  changed_after_post_at: string | null;
  last_error: string | null;
  integration_marked_at: string | null;
  integration_mark_code: string | null;
  imported_at: string;
  updated_at: string;
}

/** What lists read: everything but the payload. */
export type SummaryRow = Omit<ReportRow, 'search_text' | 'raw_json'>;

export interface ExpenseRow {
  company_id: string;
  remote_id: number;
  report_id: number;
  status: number | null;
  supplier: string;
  issue_date: string | null;
  net: number | null;
  tax: number | null;
  other_taxes: number | null;
  retention: number | null;
  total: number | null;
  currency: string;
  original_amount: number | string | null;
  original_currency: string;
  category: string;
  category_code: string;
  document_type_code: string;
  cost_center_code: string;
  raw_json: string;
}

/** How the repository uses a column: `list` when Informes lists read it, `merge` when a re-import may overwrite it. */
interface ColumnUse {
  list?: true;
  merge?: true;
}

function columnsWhere<C extends string>(columns: Record<C, ColumnUse>, use: keyof ColumnUse): C[] {
  return (Object.keys(columns) as C[]).filter((c) => columns[c][use]);
}

/**
 * Every rg_reports column, once (a column missing here or not in ReportRow does not compile).
 * Lists read everything but the payload and the search text; a re-import overwrites the content,
 * never the posting or the integration mark.
 */
const REPORT_COLUMNS: Record<keyof ReportRow, ColumnUse> = {
  company_id: { list: true },
  remote_id: { list: true },
  number: { list: true, merge: true },
  title: { list: true, merge: true },
  employee_id: { list: true, merge: true },
  employee_name: { list: true, merge: true },
  employee_identification: { list: true, merge: true },
  policy_id: { list: true, merge: true },
  policy_name: { list: true, merge: true },
  send_date: { list: true, merge: true },
  close_date: { list: true, merge: true },
  currency: { list: true, merge: true },
  status: { list: true, merge: true },
  total_approved: { list: true, merge: true },
  nbr_expenses: { list: true, merge: true },
  state: { list: true, merge: true },
  content_hash: { list: true, merge: true },
  search_text: { merge: true },
  raw_json: { merge: true },
  posted_voucher_id: { list: true },
  posted_voucher_number: { list: true },
  posted_at: { list: true },
  posted_hash: { list: true },
  changed_after_post_at: { list: true, merge: true },
  last_error: { list: true, merge: true },
  integration_marked_at: { list: true },
  integration_mark_code: { list: true },
  imported_at: { list: true },
  updated_at: { list: true, merge: true },
};

/** Every rg_expenses column, once; a re-import overwrites all but the keys. */
const EXPENSE_COLUMNS: Record<keyof ExpenseRow, ColumnUse> = {
  company_id: {},
  remote_id: {},
  report_id: { merge: true },
  status: { merge: true },
  supplier: { merge: true },
  issue_date: { merge: true },
  net: { merge: true },
  tax: { merge: true },
  other_taxes: { merge: true },
  retention: { merge: true },
  total: { merge: true },
  currency: { merge: true },
  original_amount: { merge: true },
  original_currency: { merge: true },
  category: { merge: true },
  category_code: { merge: true },
  document_type_code: { merge: true },
  cost_center_code: { merge: true },
  raw_json: { merge: true },
};

export const SUMMARY_COLUMNS = columnsWhere(REPORT_COLUMNS, 'list');
export const REPORT_MERGE_COLUMNS = columnsWhere(REPORT_COLUMNS, 'merge');
export const EXPENSE_MERGE_COLUMNS = columnsWhere(EXPENSE_COLUMNS, 'merge');

export function isReportState(value: string): value is ReportState {
  return (REPORT_STATES as readonly string[]).includes(value);
}

export function toReportSummary(row: SummaryRow): ReportSummary {
  return {
    companyId: row.company_id,
    id: num(row.remote_id),
    number: row.number,
    title: row.title,
    employeeId: numOrNull(row.employee_id),
    employeeName: row.employee_name,
    employeeIdentification: row.employee_identification,
    policyId: numOrNull(row.policy_id),
    policyName: row.policy_name,
    sendDate: row.send_date,
    closeDate: row.close_date,
    currency: row.currency,
    status: numOrNull(row.status),
    totalApproved: numOrNull(row.total_approved),
    nbrExpenses: numOrNull(row.nbr_expenses),
    // A state this version does not know is re-evaluated rather than trusted.
    state: isReportState(row.state) ? row.state : 'imported',
    contentHash: row.content_hash,
    postedVoucherId: row.posted_voucher_id,
    postedVoucherNumber: row.posted_voucher_number,
    postedAt: row.posted_at,
    postedHash: row.posted_hash,
    changedAfterPostAt: row.changed_after_post_at,
    lastError: row.last_error,
    integrationMarkedAt: row.integration_marked_at,
    integrationMarkCode: row.integration_mark_code,
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
  };
}

function parseRaw(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function toStoredReport(row: ReportRow, expenses: StoredExpense[]): StoredReport {
  const raw = parseRaw(row.raw_json);
  return { ...toReportSummary(row), input: normalizeReport(raw), raw, expenses };
}

export function toStoredExpense(row: ExpenseRow): StoredExpense {
  const raw = parseRaw(row.raw_json);
  return {
    id: num(row.remote_id),
    reportId: num(row.report_id),
    status: numOrNull(row.status),
    supplier: row.supplier,
    issueDate: row.issue_date,
    net: numOrNull(row.net),
    tax: numOrNull(row.tax),
    otherTaxes: numOrNull(row.other_taxes),
    retention: numOrNull(row.retention),
    total: numOrNull(row.total),
    currency: row.currency,
    originalAmount: numOrNull(row.original_amount),
    originalCurrency: row.original_currency,
    category: row.category,
    categoryCode: row.category_code,
    documentTypeCode: row.document_type_code,
    costCenterCode: row.cost_center_code,
    input: normalizeExpense(raw),
    raw,
  };
}

/** An INT column's value, or null (a status of 10^12 would be refused by MySQL's strict mode). */
function int32(value: number): number | null {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? value : null;
}

function isoDateOrNull(value: string): string | null {
  return isIsoDate(value) ? value : null;
}

function searchTextOf(input: ReportInput): string {
  // The title goes last: it is what the column width may cut.
  return clip(
    foldText([input.number, input.employeeName, input.employeeIdentification, input.title].join(' ')),
    500,
  );
}

export function toReportRow(
  companyId: string,
  p: PreparedReport,
  fields: { state: ReportState; changedAfterPostAt: string | null; at: string },
): ReportRow & Record<string, unknown> {
  const { input, raw } = p;
  return {
    company_id: companyId,
    remote_id: input.id,
    number: clip(input.number, 64),
    title: clip(input.title, 500),
    employee_id: safeInteger(input.employeeId),
    employee_name: clip(input.employeeName, 200),
    employee_identification: clip(input.employeeIdentification, 32),
    policy_id: safeInteger(readId(raw.PolicyId, NaN)),
    policy_name: clip(input.policyName, 200),
    send_date: isoDateOrNull(input.sendDate),
    close_date: isoDateOrNull(input.closeDate),
    currency: clip(input.currency, 8),
    status: int32(input.status),
    total_approved: safeInteger(readNumber(raw.ReportTotalApproved, NaN)),
    nbr_expenses: int32(readNumber(raw.NbrExpenses, NaN)),
    state: fields.state,
    content_hash: p.hash,
    search_text: searchTextOf(input),
    raw_json: JSON.stringify(raw),
    posted_voucher_id: null,
    posted_voucher_number: null,
    posted_at: null,
    posted_hash: null,
    changed_after_post_at: fields.changedAfterPostAt,
    last_error: null,
    integration_marked_at: null,
    integration_mark_code: null,
    imported_at: fields.at,
    updated_at: fields.at,
  };
}

export function toExpenseRow(
  companyId: string,
  reportId: number,
  e: { input: ExpenseInput; raw: Record<string, unknown> },
  names: ExtraFieldNames,
): ExpenseRow {
  const x = e.input;
  const original =
    Number.isFinite(x.originalAmount) && Math.abs(x.originalAmount) < 1e15
      ? Math.round(x.originalAmount * 1e4) / 1e4
      : null;
  return {
    company_id: companyId,
    remote_id: x.id,
    report_id: reportId,
    status: int32(x.status),
    supplier: clip(x.supplier, 200),
    issue_date: isoDateOrNull(x.issueDate),
    net: safeInteger(x.net),
    tax: safeInteger(x.tax),
    other_taxes: safeInteger(x.otherTaxes),
    retention: safeInteger(x.retention),
    total: safeInteger(x.total),
    currency: clip(x.currency, 8),
    original_amount: original,
    original_currency: clip(x.originalCurrency, 8),
    category: clip(x.category, 200),
    category_code: clip(x.categoryCode, 100),
    ...extraFieldCodesOf(x, names),
    raw_json: JSON.stringify(e.raw),
  };
}

/**
 * The codes of the expense's document-type and cost-center fields, found by the names General
 * configures: the columns the Tipos de documento re-evaluation and the detail read. They depend
 * on settings, so ReportRepository.recomputeExtraFieldCodes writes them again when the names change.
 */
export function extraFieldCodesOf(
  expense: ExpenseInput,
  names: ExtraFieldNames,
): Pick<ExpenseRow, 'document_type_code' | 'cost_center_code'> {
  return {
    document_type_code: clip(extraFieldCode(expense.extraFields, names.documentTypeField), 32),
    cost_center_code: clip(extraFieldCode(expense.extraFields, names.costCenterField), 64),
  };
}
