import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { DEFAULT_BUILDER_SETTINGS } from '../accounting/model';
import { dialectOf } from '../../shared/db/database';
import { Tokens } from '../di/tokens';
import { ValidationError } from '../errors/errors';
import type { Clock } from '../host/Host';
import {
  REPORT_STATES,
  type ExtraFieldNames,
  type RejectedRemoteReport,
  type RemoteReport,
  type ReportState,
  type StoredExpense,
  type StoredReport,
  type UpsertResult,
} from './model';
import { normalizeExpense } from './normalize';
import { prepareRemoteReport, type PreparedReport } from './prepareImport';
import {
  EXPENSE_MERGE_COLUMNS,
  EXPENSES,
  extraFieldCodesOf,
  isReportState,
  REPORT_MERGE_COLUMNS,
  REPORTS,
  toExpenseRow,
  toReportRow,
  toStoredExpense,
  toStoredReport,
  type ExpenseRow,
  type ReportRow,
} from './reportRows';
import { chunks, clip, num } from '../db/sql';

/** Bound parameters per statement, under SQLite's 32,766 and MySQL's 65,535. */
const MAX_BINDINGS = 30_000;
/** Rows per multi-row insert, so a statement stays well under MySQL's max_allowed_packet. */
const MAX_ROWS_PER_INSERT = 500;
/** Expenses read per page when their extra-field codes are recomputed. */
const RECOMPUTE_PAGE = 1000;

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
      const p = prepareRemoteReport(item);
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
   * Up to `limit` reports a sync may post now, by ascending id after `afterId`: every `ready`
   * one, and the `failed` ones whose retry is due at `now` (the backoff after the ERP refused
   * them), with their expenses.
   */
  async findPostable(
    companyId: string,
    now: string,
    limit: number,
    afterId?: number,
  ): Promise<StoredReport[]> {
    const q = this.db<ReportRow>(REPORTS)
      .where('company_id', companyId)
      .where((w) =>
        w
          .where('state', 'ready')
          .orWhere((f) =>
            f
              .where('state', 'failed')
              .where((d) => d.whereNull('next_post_at').orWhere('next_post_at', '<=', now)),
          ),
      )
      .orderBy('remote_id')
      .limit(limit);
    if (afterId !== undefined) q.where('remote_id', '>', afterId);
    return this.withExpenses(this.db, companyId, await q);
  }

  /**
   * Posting the report failed (`lastError` says why): state `failed`, one more failed attempt,
   * and the next one not before `nextPostAt`. Returns false when the report does not exist.
   */
  async markPostFailed(
    companyId: string,
    reportId: number,
    lastError: string,
    nextPostAt: string,
  ): Promise<boolean> {
    const n = await this.db(REPORTS)
      .where({ company_id: companyId, remote_id: reportId })
      .update({
        state: 'failed',
        last_error: lastError,
        post_attempts: this.db.raw('post_attempts + 1'),
        next_post_at: nextPostAt,
        updated_at: this.now(),
      });
    return n > 0;
  }

  /** How many posts of the report failed in a row (0 once it posts). */
  async postAttempts(companyId: string, reportId: number): Promise<number> {
    const row = await this.db(REPORTS)
      .where({ company_id: companyId, remote_id: reportId })
      .first('post_attempts');
    return row ? num(row.post_attempts) : 0;
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
   * Writes again the document-type and cost-center codes of every stored expense of the company,
   * read from its payload with `names` (the field names General now configures), so no report
   * keeps codes of names no longer in force. Returns how many expenses changed. Content hashes
   * are untouched: the codes are not content.
   */
  async recomputeExtraFieldCodes(companyId: string, names: ExtraFieldNames): Promise<number> {
    let changed = 0;
    let after = 0;
    for (;;) {
      const rows: Pick<ExpenseRow, 'remote_id' | 'raw_json' | 'document_type_code' | 'cost_center_code'>[] =
        await this.db(EXPENSES)
          .where('company_id', companyId)
          .where('remote_id', '>', after)
          .orderBy('remote_id')
          .limit(RECOMPUTE_PAGE)
          .select('remote_id', 'raw_json', 'document_type_code', 'cost_center_code');
      if (rows.length === 0) return changed;
      await this.db.transaction(async (trx) => {
        for (const row of rows) {
          const codes = extraFieldCodesOf(normalizeExpense(JSON.parse(row.raw_json)), names);
          if (
            codes.document_type_code === row.document_type_code &&
            codes.cost_center_code === row.cost_center_code
          )
            continue;
          await trx(EXPENSES).where({ company_id: companyId, remote_id: row.remote_id }).update(codes);
          changed++;
        }
      });
      after = num(rows[rows.length - 1].remote_id);
    }
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
        post_attempts: 0,
        next_post_at: null,
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
