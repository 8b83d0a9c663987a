import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { DEFAULT_BUILDER_SETTINGS } from '../accounting/model';
import type { ExpenseInput, ReportInput } from '../accounting/model';
import { dialectOf } from '../../shared/db/database';
import { Tokens } from '../di/tokens';
import { ValidationError } from '../errors/errors';
import type { Clock } from '../host/Host';
import {
  REPORT_STATES,
  type ExtraFieldNames,
  type RejectedRemoteReport,
  type RemoteReport,
  type ReportListQuery,
  type ReportPage,
  type ReportState,
  type ReportSummary,
  type StoredExpense,
  type StoredReport,
  type UpsertResult,
} from './model';
import { extraFieldCode, foldText } from '../rindegastos/extraFields';
import { isIsoDate } from '../rindegastos/dates';
import { readId, readNumber } from '../rindegastos/values';
import { contentHash, normalizeExpense, normalizeReport } from './normalize';
import { chunks, clip, containsPattern, LIKE_ESCAPE, num, numOrNull, safeInteger } from '../db/sql';

const REPORTS = 'rg_reports';
const EXPENSES = 'rg_expenses';

interface ReportRow {
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
type SummaryRow = Omit<ReportRow, 'search_text' | 'raw_json'>;

interface ExpenseRow {
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

/** Every rg_reports column but raw_json: what lists read. */
const SUMMARY_COLUMNS = [
  'company_id',
  'remote_id',
  'number',
  'title',
  'employee_id',
  'employee_name',
  'employee_identification',
  'policy_id',
  'policy_name',
  'send_date',
  'close_date',
  'currency',
  'status',
  'total_approved',
  'nbr_expenses',
  'state',
  'content_hash',
  'posted_voucher_id',
  'posted_voucher_number',
  'posted_at',
  'posted_hash',
  'changed_after_post_at',
  'last_error',
  'integration_marked_at',
  'integration_mark_code',
  'imported_at',
  'updated_at',
] as const;

/** What a re-import may overwrite: the content, never the posting or the integration mark. */
const REPORT_MERGE_COLUMNS = [
  'number',
  'title',
  'employee_id',
  'employee_name',
  'employee_identification',
  'policy_id',
  'policy_name',
  'send_date',
  'close_date',
  'currency',
  'status',
  'total_approved',
  'nbr_expenses',
  'state',
  'content_hash',
  'search_text',
  'raw_json',
  'changed_after_post_at',
  'last_error',
  'updated_at',
] as const;

const EXPENSE_MERGE_COLUMNS = [
  'report_id',
  'status',
  'supplier',
  'issue_date',
  'net',
  'tax',
  'other_taxes',
  'retention',
  'total',
  'currency',
  'original_amount',
  'original_currency',
  'category',
  'category_code',
  'document_type_code',
  'cost_center_code',
  'raw_json',
] as const;

/** Bound parameters per statement, under SQLite's 32,766 and MySQL's 65,535. */
const MAX_BINDINGS = 30_000;
/** Rows per multi-row insert, so a statement stays well under MySQL's max_allowed_packet. */
const MAX_ROWS_PER_INSERT = 500;
const MAX_PAGE_SIZE = 500;

function isReportState(value: string): value is ReportState {
  return (REPORT_STATES as readonly string[]).includes(value);
}

function toReportSummary(row: SummaryRow): ReportSummary {
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

function toStoredReport(row: ReportRow, expenses: StoredExpense[]): StoredReport {
  const raw = parseRaw(row.raw_json);
  return { ...toReportSummary(row), input: normalizeReport(raw), raw, expenses };
}

function toStoredExpense(row: ExpenseRow): StoredExpense {
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

/** A fetched report checked for keys, normalized and hashed, ready to be written. */
interface PreparedReport {
  input: ReportInput;
  raw: Record<string, unknown>;
  expenses: { input: ExpenseInput; raw: Record<string, unknown> }[];
  hash: string;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function isKey(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/**
 * Normalizes and hashes one fetched report, or says why it cannot be stored. Only keys are
 * checked here: every other oddity is carried to the builder, which reports it.
 * NOTE: an expense listed twice (a page boundary moving during a fetch) is kept once, the last copy.
 */
function prepare(item: RemoteReport): PreparedReport | RejectedRemoteReport {
  const raw = asRecord(item.report);
  const input = normalizeReport(raw);
  const problems: string[] = [];
  if (!isKey(input.id)) {
    problems.push(`El informe no tiene un Id válido (recibido: ${JSON.stringify(raw.Id ?? null)}).`);
  }
  const expenses = new Map<number, { input: ExpenseInput; raw: Record<string, unknown> }>();
  (Array.isArray(item.expenses) ? item.expenses : []).forEach((e, index) => {
    const rawExpense = asRecord(e);
    const expenseInput = normalizeExpense(rawExpense);
    if (!isKey(expenseInput.id)) {
      problems.push(
        `El gasto N° ${index + 1} del informe ${isKey(input.id) ? input.id : '?'} no tiene un Id válido (recibido: ${JSON.stringify(rawExpense.Id ?? null)}).`,
      );
      return;
    }
    expenses.delete(expenseInput.id);
    expenses.set(expenseInput.id, { input: expenseInput, raw: rawExpense });
  });
  if (problems.length) return { reportId: isKey(input.id) ? input.id : null, problems };
  const list = [...expenses.values()];
  return {
    input,
    raw,
    expenses: list,
    hash: contentHash(
      input,
      list.map((e) => e.input),
    ),
  };
}

function searchTextOf(input: ReportInput): string {
  // The title goes last: it is what the column width may cut.
  return clip(
    foldText([input.number, input.employeeName, input.employeeIdentification, input.title].join(' ')),
    500,
  );
}

function toReportRow(
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

function toExpenseRow(
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
    document_type_code: clip(extraFieldCode(x.extraFields, names.documentTypeField), 32),
    cost_center_code: clip(extraFieldCode(x.extraFields, names.costCenterField), 64),
    raw_json: JSON.stringify(e.raw),
  };
}

/**
 * Imported Rindegastos reports and their expenses, per company. Reports are addressed by their
 * Rindegastos id; every query is scoped by company. Methods that write take an optional
 * transaction so a service can combine them (e.g. markPosted with an outbox enqueue).
 */
@injectable()
export class ReportRepository {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  /**
   * Stores one fetched report with its expenses. An unchanged report (same content hash)
   * costs one read and no write. Throws ValidationError, writing nothing, when the report or
   * one of its expenses has no usable id.
   */
  async upsertFromRemote(
    companyId: string,
    report: RemoteReport['report'],
    expenses: RemoteReport['expenses'],
    names?: Partial<ExtraFieldNames>,
  ): Promise<UpsertResult> {
    const { results, rejected } = await this.upsertManyFromRemote(companyId, [{ report, expenses }], names);
    if (rejected.length) {
      throw new ValidationError(rejected[0].problems.map((message) => ({ field: 'report', message })));
    }
    return results[0];
  }

  /**
   * Stores a page of fetched reports in one transaction and a handful of statements: one read
   * of the stored hashes, one multi-row upsert of the new and changed reports, one delete of
   * the changed reports' expenses and multi-row upserts of their expenses. Unchanged reports
   * are not written. Reports without usable ids are returned in `rejected` and skipped; the
   * others are stored. A report listed twice is stored once (the last copy).
   *
   * A changed report goes back to `imported` (to be evaluated again) unless it is `posted`: a
   * posted report stays posted, flagged with `changedAfterPostAt`.
   */
  async upsertManyFromRemote(
    companyId: string,
    items: readonly RemoteReport[],
    names: Partial<ExtraFieldNames> = {},
  ): Promise<{ results: UpsertResult[]; rejected: RejectedRemoteReport[] }> {
    const fieldNames: ExtraFieldNames = {
      documentTypeField: names.documentTypeField ?? DEFAULT_BUILDER_SETTINGS.documentTypeField,
      costCenterField: names.costCenterField ?? DEFAULT_BUILDER_SETTINGS.costCenterField,
    };
    const rejected: RejectedRemoteReport[] = [];
    const prepared = new Map<number, PreparedReport>();
    for (const item of items) {
      const p = prepare(item);
      if ('problems' in p) rejected.push(p);
      else {
        prepared.delete(p.input.id);
        prepared.set(p.input.id, p);
      }
    }
    if (prepared.size === 0) return { results: [], rejected };

    const results = await this.db.transaction(async (trx) => {
      const at = this.now();
      const stored = await this.storedHashes(trx, companyId, [...prepared.keys()]);
      const out: UpsertResult[] = [];
      const reportRows: Record<string, unknown>[] = [];
      const changedIds: number[] = [];
      const expenseRows: ExpenseRow[] = [];
      for (const p of prepared.values()) {
        const previous = stored.get(p.input.id);
        if (previous && previous.hash === p.hash) {
          out.push({
            reportId: p.input.id,
            outcome: 'unchanged',
            previousState: previous.state,
            state: previous.state,
            contentHash: p.hash,
            changedAfterPost: false,
          });
          continue;
        }
        const changedAfterPost = previous?.state === 'posted';
        const state: ReportState = changedAfterPost ? 'posted' : 'imported';
        reportRows.push(
          toReportRow(companyId, p, { state, changedAfterPostAt: changedAfterPost ? at : null, at }),
        );
        if (previous) changedIds.push(p.input.id);
        for (const e of p.expenses) expenseRows.push(toExpenseRow(companyId, p.input.id, e, fieldNames));
        out.push({
          reportId: p.input.id,
          outcome: previous ? 'changed' : 'new',
          previousState: previous?.state ?? null,
          state,
          contentHash: p.hash,
          changedAfterPost,
        });
      }
      if (reportRows.length) {
        await this.upsertRows(trx, REPORTS, reportRows, ['company_id', 'remote_id'], REPORT_MERGE_COLUMNS);
      }
      // Expenses no longer in a changed report must go; the survivors are written again below.
      for (const ids of chunks(changedIds, 1000)) {
        await trx(EXPENSES).where('company_id', companyId).whereIn('report_id', ids).delete();
      }
      if (expenseRows.length) {
        await this.upsertRows(trx, EXPENSES, expenseRows, ['company_id', 'remote_id'], EXPENSE_MERGE_COLUMNS);
      }
      return out;
    });
    return { results, rejected };
  }

  /** The report with every expense, or null. */
  async get(companyId: string, reportId: number, trx: Knex = this.db): Promise<StoredReport | null> {
    const row = await trx<ReportRow>(REPORTS).where({ company_id: companyId, remote_id: reportId }).first();
    if (!row) return null;
    const expenses = await trx<ExpenseRow>(EXPENSES)
      .where({ company_id: companyId, report_id: reportId })
      .orderBy('remote_id');
    return toStoredReport(row, expenses.map(toStoredExpense));
  }

  /** The given reports (those that exist), with their expenses, by id. */
  async getMany(
    companyId: string,
    reportIds: readonly number[],
    trx: Knex = this.db,
  ): Promise<StoredReport[]> {
    const out: StoredReport[] = [];
    for (const ids of chunks([...new Set(reportIds)], 500)) {
      const rows = await trx<ReportRow>(REPORTS)
        .where('company_id', companyId)
        .whereIn('remote_id', ids)
        .orderBy('remote_id');
      out.push(...(await this.withExpenses(trx, companyId, rows)));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /**
   * Up to `limit` reports in any of `states`, by ascending id, after `afterId` when given (to
   * walk a large set page by page), with their expenses.
   */
  async findByStates(
    companyId: string,
    states: readonly ReportState[],
    limit: number,
    afterId?: number,
  ): Promise<StoredReport[]> {
    if (states.length === 0 || limit <= 0) return [];
    const q = this.db<ReportRow>(REPORTS)
      .where('company_id', companyId)
      .whereIn('state', [...states])
      .orderBy('remote_id')
      .limit(limit);
    if (afterId !== undefined) q.where('remote_id', '>', afterId);
    return this.withExpenses(this.db, companyId, await q);
  }

  /**
   * Ids of the company's reports in `states` having an expense whose category code (the
   * Rindegastos account code) or document-type code equals `code`: the reports a Cuentas or
   * Tipos de documento mapping can unblock.
   */
  async reportIdsWithExpenseCode(
    companyId: string,
    field: 'categoryCode' | 'documentTypeCode',
    code: string,
    states: readonly ReportState[],
  ): Promise<number[]> {
    const column = field === 'categoryCode' ? 'e.category_code' : 'e.document_type_code';
    const rows: { remote_id: unknown }[] = await this.db(`${REPORTS} as r`)
      .distinct('r.remote_id')
      .join(`${EXPENSES} as e`, function () {
        this.on('e.company_id', '=', 'r.company_id').andOn('e.report_id', '=', 'r.remote_id');
      })
      .where('r.company_id', companyId)
      .whereIn('r.state', [...states])
      .where(column, code)
      .orderBy('r.remote_id');
    return rows.map((r) => Number(r.remote_id));
  }

  /**
   * Sets the state (and last error: a string sets it, null clears it, undefined keeps it).
   * Returns false when the report does not exist.
   */
  async setState(
    companyId: string,
    reportId: number,
    state: ReportState,
    extra: { lastError?: string | null } = {},
    trx: Knex = this.db,
  ): Promise<boolean> {
    const patch: Record<string, unknown> = { state, updated_at: this.now() };
    if (extra.lastError !== undefined) patch.last_error = extra.lastError;
    const n = await trx(REPORTS).where({ company_id: companyId, remote_id: reportId }).update(patch);
    return n > 0;
  }

  /**
   * Records the voucher of a posted report. `contentHash` is the hash the voucher was built
   * from: when the stored content changed meanwhile, the report is flagged changed-after-post
   * at once. Clears the last error. Returns false when the report does not exist.
   */
  async markPosted(
    companyId: string,
    reportId: number,
    posted: { voucherId: string; voucherNumber: string; postedAt: string; contentHash: string },
    trx: Knex = this.db,
  ): Promise<boolean> {
    const at = this.now();
    const n = await trx(REPORTS)
      .where({ company_id: companyId, remote_id: reportId })
      .update({
        state: 'posted',
        posted_voucher_id: posted.voucherId,
        posted_voucher_number: clip(posted.voucherNumber, 64),
        posted_at: posted.postedAt,
        posted_hash: posted.contentHash,
        changed_after_post_at: trx.raw('case when content_hash = ? then null else ? end', [
          posted.contentHash,
          at,
        ]),
        last_error: null,
        updated_at: at,
      });
    return n > 0;
  }

  /**
   * A posted report's voucher was reversed or deleted: forgets the voucher and sets the state
   * the caller chose (`ready`, `blocked`, `imported` to re-evaluate, or `reversed` to hold it).
   * Returns false, changing nothing, when the report is not posted.
   */
  async markReversed(
    companyId: string,
    reportId: number,
    nextState: Exclude<ReportState, 'posted'>,
    trx: Knex = this.db,
  ): Promise<boolean> {
    const n = await trx(REPORTS)
      .where({ company_id: companyId, remote_id: reportId, state: 'posted' })
      .update({
        state: nextState,
        posted_voucher_id: null,
        posted_voucher_number: null,
        posted_at: null,
        posted_hash: null,
        changed_after_post_at: null,
        updated_at: this.now(),
      });
    return n > 0;
  }

  /** Rindegastos confirmed the integration mark (`code` is the voucher number sent). Never touches the content hash. */
  async markIntegrated(
    companyId: string,
    reportId: number,
    mark: { code: string; at: string },
    trx: Knex = this.db,
  ): Promise<boolean> {
    const n = await trx(REPORTS)
      .where({ company_id: companyId, remote_id: reportId })
      .update({
        integration_marked_at: mark.at,
        integration_mark_code: clip(mark.code, 255),
        updated_at: this.now(),
      });
    return n > 0;
  }

  /** Rindegastos confirmed the report is no longer marked integrated. */
  async clearIntegrationMark(companyId: string, reportId: number, trx: Knex = this.db): Promise<boolean> {
    const n = await trx(REPORTS)
      .where({ company_id: companyId, remote_id: reportId })
      .update({ integration_marked_at: null, integration_mark_code: null, updated_at: this.now() });
    return n > 0;
  }

  /**
   * Informes: newest close date first (then highest id), filtered by close-date range (inclusive),
   * posted or not, and free text; with the total count for paging. Lists never read raw_json.
   */
  async list(companyId: string, query: ReportListQuery = {}): Promise<ReportPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const text = query.q?.trim() ?? '';
    // An exact Rindegastos id is looked up first, so the filter below refers to the row id,
    // which every index carries: the list stays an index-only walk (remote_id is not in the
    // search index's entries on SQLite).
    const exactRow: { id: number } | undefined = /^\d{1,15}$/.test(text)
      ? await this.db(REPORTS)
          .where({ company_id: companyId, remote_id: Number(text) })
          .first('id')
      : undefined;
    const filtered = () => {
      const q = this.db<ReportRow>(REPORTS).where('company_id', companyId);
      if (query.from) q.where('close_date', '>=', query.from);
      if (query.to) q.where('close_date', '<=', query.to);
      if (query.posted === 'yes') q.where('state', 'posted');
      // IN (every other state) rather than <>: both indexes holding the state serve it.
      if (query.posted === 'no')
        q.whereIn(
          'state',
          REPORT_STATES.filter((s) => s !== 'posted'),
        );
      if (text) {
        q.where((w) => {
          w.whereRaw(`?? like ? escape '${LIKE_ESCAPE}'`, ['search_text', containsPattern(foldText(text))]);
          if (exactRow) w.orWhere('id', exactRow.id);
        });
      }
      return q;
    };
    const [{ n }] = await filtered().count({ n: '*' });
    // NOTE: the page is found first as row ids alone, an index-only walk of rg_reports_informes,
    // and only those rows are read ("deferred join"). Selecting the columns directly makes
    // MariaDB read every row it walks past to test the filters — it does not push conditions
    // into a descending index scan — which costs a second on 100k reports for a rare text.
    const pageIds = await filtered()
      .select('id')
      .orderBy([
        { column: 'close_date', order: 'desc' },
        { column: 'remote_id', order: 'desc' },
      ])
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const ids = pageIds.map((r: { id: unknown }) => num(r.id));
    const rows: (SummaryRow & { id: unknown })[] = ids.length
      ? await this.db(REPORTS)
          .where('company_id', companyId)
          .whereIn('id', ids)
          .select(['id', ...SUMMARY_COLUMNS])
      : [];
    const position = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => position.get(num(a.id))! - position.get(num(b.id))!);
    return { items: rows.map(toReportSummary), total: num(n), page, pageSize };
  }

  /** How many reports are in each state (every state present, zeros included). */
  async countByState(companyId: string): Promise<Record<ReportState, number>> {
    const rows: { state: string; n: unknown }[] = await this.db(REPORTS)
      .where('company_id', companyId)
      .groupBy('state')
      .select('state')
      .count({ n: '*' });
    const counts = Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>;
    for (const r of rows) if (isReportState(r.state)) counts[r.state] = num(r.n);
    return counts;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async withExpenses(trx: Knex, companyId: string, rows: ReportRow[]): Promise<StoredReport[]> {
    if (rows.length === 0) return [];
    const byReport = new Map<number, StoredExpense[]>(rows.map((r) => [num(r.remote_id), []]));
    for (const ids of chunks([...byReport.keys()], 500)) {
      const expenseRows = await trx<ExpenseRow>(EXPENSES)
        .where('company_id', companyId)
        .whereIn('report_id', ids)
        .orderBy(['report_id', 'remote_id']);
      for (const e of expenseRows) byReport.get(num(e.report_id))?.push(toStoredExpense(e));
    }
    return rows.map((r) => toStoredReport(r, byReport.get(num(r.remote_id)) ?? []));
  }

  /**
   * The stored hash and state of the given reports.
   * NOTE: on MySQL/MariaDB the reports that exist are then re-read with FOR UPDATE, by primary
   * key, so a posting committed meanwhile cannot be overwritten with a stale state. Locking by
   * primary key locks those rows only; locking the (company_id, remote_id) lookup would also
   * gap-lock the ids not stored yet, and two importers inserting next to each other could
   * deadlock. SQLite has no row locks and needs none: one writer at a time, and a transaction
   * whose snapshot went stale cannot write (SQLITE_BUSY) instead of losing the update.
   */
  private async storedHashes(
    trx: Knex.Transaction,
    companyId: string,
    reportIds: number[],
  ): Promise<Map<number, { hash: string; state: ReportState }>> {
    const out = new Map<number, { hash: string; state: ReportState }>();
    const locking = dialectOf(this.db) === 'mysql';
    for (const ids of chunks(reportIds, 1000)) {
      type Stored = { id: unknown; remote_id: unknown; content_hash: string; state: string };
      let rows: Stored[] = await trx(REPORTS)
        .where('company_id', companyId)
        .whereIn('remote_id', ids)
        .select('id', 'remote_id', 'content_hash', 'state');
      if (locking && rows.length) {
        rows = await trx(REPORTS)
          .whereIn(
            'id',
            rows.map((r) => num(r.id)),
          )
          .select('id', 'remote_id', 'content_hash', 'state')
          .forUpdate();
      }
      for (const r of rows) {
        out.set(num(r.remote_id), {
          hash: r.content_hash,
          state: isReportState(r.state) ? r.state : 'imported',
        });
      }
    }
    return out;
  }

  /**
   * Multi-row insert-or-update on a unique key.
   * NOTE: the statement differs by engine — SQLite `INSERT … ON CONFLICT (cols) DO UPDATE SET
   * c = excluded.c`, MySQL/MariaDB `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)` — and knex's
   * `.onConflict(cols).merge(columns)` emits the right one for each, so this is the one place
   * that relies on it. Rows are cut so a statement stays under both engines' bound-parameter limit.
   */
  private async upsertRows(
    trx: Knex.Transaction,
    table: string,
    rows: readonly object[],
    conflict: string[],
    mergeColumns: readonly string[],
  ): Promise<void> {
    const columns = Object.keys(rows[0]).length;
    const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BINDINGS / columns)));
    for (const part of chunks(rows, perStatement)) {
      await trx(table)
        .insert(part)
        .onConflict(conflict)
        .merge([...mergeColumns]);
    }
  }
}
