import type { Knex } from 'knex';
import type {
  BusinessCenter,
  LedgerAccount,
  LineOrigin,
  PostedVoucher,
  VoucherLine,
  VoucherStatus,
} from '../../plugin/index';

/** A voucher as the ERP lists it: the contract's PostedVoucher plus what the ledger screens show. */
export interface LedgerVoucher extends PostedVoucher {
  currency: string;
  createdAt: string;
}

export type PeriodStatus = 'open' | 'closed';

export interface FiscalPeriod {
  /** `YYYY-MM` */
  period: string;
  status: PeriodStatus;
  updatedBy: string | null;
  updatedAt: string;
}

export interface VoucherFilter {
  source?: string;
  /** Inclusive `YYYY-MM-DD` bounds on the voucher date. */
  from?: string;
  to?: string;
  number?: number;
  type?: string;
  /** Default 1000. */
  limit?: number;
  /** Vouchers to skip, in list order (paging). Default 0. */
  offset?: number;
}

/** A voucher row ready to insert, before numbering. */
export interface NewVoucherRow {
  id: string;
  companyId: string;
  source: string;
  type: string;
  number: number;
  fiscalYear: number;
  date: string;
  glosa: string;
  currency: string;
  status: VoucherStatus;
  reversesVoucherId: string | null;
  idempotencyKey: string;
  /** sha256 of the draft a posting was submitted with; null for a reversal. */
  draftFingerprint: string | null;
  createdAt: string;
}

/** What an idempotency key is bound to: the voucher it produced and the draft's fingerprint. */
export interface KeyBinding {
  voucher: LedgerVoucher;
  /** Null for a reversal, and for vouchers stored before fingerprints were kept. */
  draftFingerprint: string | null;
}

interface AccountRow {
  company_id: string;
  code: string;
  name: string;
  postable: number | boolean;
  active: number | boolean;
  requires_business_center: number | boolean;
  requires_auxiliary: number | boolean;
  requires_document: number | boolean;
  created_at: string;
  updated_at: string;
}

interface BusinessCenterRow {
  company_id: string;
  code: string;
  name: string;
  parent_code: string | null;
  postable: number | boolean;
  active: number | boolean;
  created_at: string;
  updated_at: string;
}

interface PeriodRow {
  company_id: string;
  period: string;
  status: string;
  updated_by: string | null;
  updated_at: string;
}

interface VoucherRow {
  id: string;
  company_id: string;
  source: string;
  type: string;
  number: number;
  fiscal_year: number;
  date: string;
  glosa: string;
  currency: string;
  status: string;
  reverses_voucher_id: string | null;
  idempotency_key: string;
  draft_fingerprint?: string | null;
  created_at: string;
  updated_at: string;
}

interface LineRow {
  voucher_id: string;
  line_no: number;
  company_id: string;
  account_code: string;
  debit: number | string;
  credit: number | string;
  business_center_code: string | null;
  auxiliary_rut: string | null;
  auxiliary_name: string | null;
  document_type: string | null;
  document_number: string | null;
  glosa: string;
  origin_json: string | null;
}

const T = {
  accounts: 'host_ledger_accounts',
  centers: 'host_business_centers',
  periods: 'host_fiscal_periods',
  vouchers: 'host_vouchers',
  lines: 'host_voucher_lines',
  numbering: 'host_voucher_numbering',
} as const;

/** Lines per INSERT statement: far below SQLite's bound-variable limit for 13 columns. */
const LINE_CHUNK = 500;

// Row mappers ------------------------------------------------------------------------------

export function toAccount(row: AccountRow): LedgerAccount {
  return {
    code: row.code,
    name: row.name,
    postable: Boolean(row.postable),
    active: Boolean(row.active),
    requires: {
      businessCenter: Boolean(row.requires_business_center),
      auxiliary: Boolean(row.requires_auxiliary),
      document: Boolean(row.requires_document),
    },
  };
}

export function toAccountRow(companyId: string, account: LedgerAccount, now: string): AccountRow {
  return {
    company_id: companyId,
    code: account.code,
    name: account.name,
    postable: account.postable,
    active: account.active,
    requires_business_center: account.requires.businessCenter,
    requires_auxiliary: account.requires.auxiliary,
    requires_document: account.requires.document,
    created_at: now,
    updated_at: now,
  };
}

export function toBusinessCenter(row: BusinessCenterRow): BusinessCenter {
  return {
    code: row.code,
    name: row.name,
    parentCode: row.parent_code,
    postable: Boolean(row.postable),
    active: Boolean(row.active),
  };
}

export function toBusinessCenterRow(
  companyId: string,
  center: BusinessCenter,
  now: string,
): BusinessCenterRow {
  return {
    company_id: companyId,
    code: center.code,
    name: center.name,
    parent_code: center.parentCode,
    postable: center.postable,
    active: center.active,
    created_at: now,
    updated_at: now,
  };
}

function toPeriod(row: PeriodRow): FiscalPeriod {
  return {
    period: row.period,
    status: row.status === 'closed' ? 'closed' : 'open',
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export function toLine(row: LineRow): VoucherLine {
  const line: VoucherLine = {
    accountCode: row.account_code,
    debit: Number(row.debit),
    credit: Number(row.credit),
    glosa: row.glosa,
  };
  if (row.business_center_code !== null) line.businessCenterCode = row.business_center_code;
  if (row.auxiliary_rut !== null) line.auxiliary = { rut: row.auxiliary_rut, name: row.auxiliary_name ?? '' };
  if (row.document_type !== null)
    line.document = { type: row.document_type, number: row.document_number ?? '' };
  if (row.origin_json !== null) line.origin = JSON.parse(row.origin_json) as LineOrigin;
  return line;
}

export function toLineRow(companyId: string, voucherId: string, line: VoucherLine, lineNo: number): LineRow {
  return {
    voucher_id: voucherId,
    line_no: lineNo,
    company_id: companyId,
    account_code: line.accountCode,
    debit: line.debit,
    credit: line.credit,
    business_center_code: line.businessCenterCode ?? null,
    auxiliary_rut: line.auxiliary?.rut ?? null,
    auxiliary_name: line.auxiliary ? line.auxiliary.name : null,
    document_type: line.document?.type ?? null,
    document_number: line.document ? line.document.number : null,
    glosa: line.glosa,
    origin_json: line.origin === undefined ? null : JSON.stringify(line.origin),
  };
}

export function toVoucher(row: VoucherRow, lines: LineRow[]): LedgerVoucher {
  const voucher: LedgerVoucher = {
    id: row.id,
    type: row.type,
    number: Number(row.number),
    fiscalYear: Number(row.fiscal_year),
    date: row.date,
    status: row.status as VoucherStatus,
    source: row.source,
    glosa: row.glosa,
    currency: row.currency,
    createdAt: row.created_at,
    lines: [...lines].sort((a, b) => a.line_no - b.line_no).map(toLine),
  };
  if (row.reverses_voucher_id !== null) voucher.reversesVoucherId = row.reverses_voucher_id;
  return voucher;
}

function toVoucherRow(v: NewVoucherRow): VoucherRow {
  return {
    id: v.id,
    company_id: v.companyId,
    source: v.source,
    type: v.type,
    number: v.number,
    fiscal_year: v.fiscalYear,
    date: v.date,
    glosa: v.glosa,
    currency: v.currency,
    status: v.status,
    reverses_voucher_id: v.reversesVoucherId,
    idempotency_key: v.idempotencyKey,
    draft_fingerprint: v.draftFingerprint,
    created_at: v.createdAt,
    updated_at: v.createdAt,
  };
}

/**
 * Knex access to the built-in ledger's host_* tables. Every query is scoped by company. Methods
 * that take `q` run inside the caller's transaction (SQLite has a single connection: a query on
 * `db` from inside a transaction would wait for itself).
 */
export class LedgerRepository {
  constructor(private readonly db: Knex) {}

  // Chart of accounts ----------------------------------------------------------------------

  async listAccounts(companyId: string): Promise<LedgerAccount[]> {
    const rows: AccountRow[] = await this.db(T.accounts).where({ company_id: companyId }).orderBy('code');
    return rows.map(toAccount);
  }

  async accountsByCode(companyId: string, codes: string[]): Promise<Map<string, LedgerAccount>> {
    if (codes.length === 0) return new Map();
    const rows: AccountRow[] = await this.db(T.accounts)
      .where({ company_id: companyId })
      .whereIn('code', codes);
    return new Map(rows.map((r) => [r.code, toAccount(r)]));
  }

  async getAccount(companyId: string, code: string): Promise<LedgerAccount | null> {
    const row: AccountRow | undefined = await this.db(T.accounts)
      .where({ company_id: companyId, code })
      .first();
    return row ? toAccount(row) : null;
  }

  async insertAccount(companyId: string, account: LedgerAccount, now: string): Promise<void> {
    await this.db(T.accounts).insert(toAccountRow(companyId, account, now));
  }

  /** Inserts the accounts that do not exist yet; existing ones keep the company's edits. */
  async insertMissingAccounts(companyId: string, accounts: LedgerAccount[], now: string): Promise<void> {
    if (accounts.length === 0) return;
    await this.db(T.accounts)
      .insert(accounts.map((a) => toAccountRow(companyId, a, now)))
      .onConflict(['company_id', 'code'])
      .ignore();
  }

  async updateAccount(companyId: string, account: LedgerAccount, now: string): Promise<void> {
    const { company_id: _c, code: _k, created_at: _a, ...changes } = toAccountRow(companyId, account, now);
    await this.db(T.accounts).where({ company_id: companyId, code: account.code }).update(changes);
  }

  /** Removes the company's accounts whose code is not in `keep` (a chart replaced by an import). */
  async deleteAccountsExcept(companyId: string, keep: string[]): Promise<number> {
    return Number(
      await this.db(T.accounts).where({ company_id: companyId }).whereNotIn('code', keep).delete(),
    );
  }

  // Business centers -----------------------------------------------------------------------

  /** Makes the company's centers exactly `centers` (an ERP's tree, refreshed): upserts, then removes the rest. */
  async replaceBusinessCenters(companyId: string, centers: BusinessCenter[], now: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      for (const center of centers) {
        const {
          company_id: _c,
          code: _k,
          created_at: _a,
          ...changes
        } = toBusinessCenterRow(companyId, center, now);
        const updated = await trx(T.centers)
          .where({ company_id: companyId, code: center.code })
          .update(changes);
        if (Number(updated) === 0) await trx(T.centers).insert(toBusinessCenterRow(companyId, center, now));
      }
      await trx(T.centers)
        .where({ company_id: companyId })
        .whereNotIn(
          'code',
          centers.map((c) => c.code),
        )
        .delete();
    });
  }

  async listBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    const rows: BusinessCenterRow[] = await this.db(T.centers)
      .where({ company_id: companyId })
      .orderBy('code');
    return rows.map(toBusinessCenter);
  }

  async businessCentersByCode(companyId: string, codes: string[]): Promise<Map<string, BusinessCenter>> {
    if (codes.length === 0) return new Map();
    const rows: BusinessCenterRow[] = await this.db(T.centers)
      .where({ company_id: companyId })
      .whereIn('code', codes);
    return new Map(rows.map((r) => [r.code, toBusinessCenter(r)]));
  }

  async getBusinessCenter(companyId: string, code: string): Promise<BusinessCenter | null> {
    const row: BusinessCenterRow | undefined = await this.db(T.centers)
      .where({ company_id: companyId, code })
      .first();
    return row ? toBusinessCenter(row) : null;
  }

  async insertBusinessCenter(companyId: string, center: BusinessCenter, now: string): Promise<void> {
    await this.db(T.centers).insert(toBusinessCenterRow(companyId, center, now));
  }

  async insertMissingBusinessCenters(
    companyId: string,
    centers: BusinessCenter[],
    now: string,
  ): Promise<void> {
    if (centers.length === 0) return;
    await this.db(T.centers)
      .insert(centers.map((c) => toBusinessCenterRow(companyId, c, now)))
      .onConflict(['company_id', 'code'])
      .ignore();
  }

  // Fiscal periods -------------------------------------------------------------------------

  async closedPeriods(companyId: string, periods: string[]): Promise<Set<string>> {
    if (periods.length === 0) return new Set();
    const rows: { period: string }[] = await this.db(T.periods)
      .where({ company_id: companyId, status: 'closed' })
      .whereIn('period', periods)
      .select('period');
    return new Set(rows.map((r) => r.period));
  }

  async listPeriods(companyId: string): Promise<FiscalPeriod[]> {
    const rows: PeriodRow[] = await this.db(T.periods).where({ company_id: companyId }).orderBy('period');
    return rows.map(toPeriod);
  }

  async setPeriodStatus(
    companyId: string,
    period: string,
    status: PeriodStatus,
    by: string | null,
    now: string,
  ): Promise<FiscalPeriod> {
    const row: PeriodRow = { company_id: companyId, period, status, updated_by: by, updated_at: now };
    await this.db(T.periods)
      .insert(row)
      .onConflict(['company_id', 'period'])
      .merge(['status', 'updated_by', 'updated_at']);
    return toPeriod(row);
  }

  // Vouchers -------------------------------------------------------------------------------

  async getVoucher(companyId: string, voucherId: string, q: Knex = this.db): Promise<LedgerVoucher | null> {
    const row: VoucherRow | undefined = await q(T.vouchers)
      .where({ company_id: companyId, id: voucherId })
      .first();
    return row ? this.withLines(row, q) : null;
  }

  async findByIdempotencyKey(companyId: string, key: string): Promise<KeyBinding | null> {
    const row: VoucherRow | undefined = await this.db(T.vouchers)
      .where({ company_id: companyId, idempotency_key: key })
      .first();
    return row
      ? { voucher: await this.withLines(row, this.db), draftFingerprint: row.draft_fingerprint ?? null }
      : null;
  }

  async findReversalOf(companyId: string, voucherId: string): Promise<LedgerVoucher | null> {
    const row: VoucherRow | undefined = await this.db(T.vouchers)
      .where({ company_id: companyId, reverses_voucher_id: voucherId })
      .first();
    return row ? this.withLines(row, this.db) : null;
  }

  private filteredVouchers(companyId: string, filter: VoucherFilter): Knex.QueryBuilder {
    const query = this.db(T.vouchers).where({ company_id: companyId });
    if (filter.source !== undefined) query.andWhere('source', filter.source);
    if (filter.type !== undefined) query.andWhere('type', filter.type);
    if (filter.from !== undefined) query.andWhere('date', '>=', filter.from);
    if (filter.to !== undefined) query.andWhere('date', '<=', filter.to);
    if (filter.number !== undefined) query.andWhere('number', filter.number);
    return query;
  }

  /** How many vouchers match the filter (limit and offset aside). */
  async countVouchers(companyId: string, filter: VoucherFilter): Promise<number> {
    const [{ n }] = await this.filteredVouchers(companyId, filter).count({ n: '*' });
    return Number(n);
  }

  async listVouchers(companyId: string, filter: VoucherFilter): Promise<LedgerVoucher[]> {
    const rows: VoucherRow[] = await this.filteredVouchers(companyId, filter)
      .orderBy([
        { column: 'date', order: 'desc' },
        { column: 'type', order: 'asc' },
        { column: 'number', order: 'desc' },
      ])
      .limit(filter.limit ?? 1000)
      .offset(filter.offset ?? 0);
    if (rows.length === 0) return [];
    const lines: LineRow[] = await this.db(T.lines)
      .where({ company_id: companyId })
      .whereIn(
        'voucher_id',
        rows.map((r) => r.id),
      );
    const byVoucher = new Map<string, LineRow[]>();
    for (const line of lines) {
      const list = byVoucher.get(line.voucher_id) ?? [];
      list.push(line);
      byVoucher.set(line.voucher_id, list);
    }
    return rows.map((r) => toVoucher(r, byVoucher.get(r.id) ?? []));
  }

  /**
   * Takes the next number of (company, type, fiscal year) inside `trx`, or null when the
   * numbering row does not exist yet (create it with ensureNumberingRow, outside the transaction).
   *
   * NOTE: the UPDATE comes first on purpose. It takes the row's write lock until commit on InnoDB
   * (SQLite serializes whole transactions), so a concurrent submit waits here and then reads the
   * number after ours — an explicit SELECT … FOR UPDATE would add nothing. A rolled-back
   * transaction gives its number back.
   */
  async takeNextNumber(
    trx: Knex.Transaction,
    companyId: string,
    type: string,
    fiscalYear: number,
  ): Promise<number | null> {
    const key = { company_id: companyId, voucher_type: type, fiscal_year: fiscalYear };
    const updated = await trx(T.numbering).where(key).increment('last_number', 1);
    if (Number(updated) === 0) return null;
    const row: { last_number: number } = await trx(T.numbering).where(key).first('last_number');
    return Number(row.last_number);
  }

  async ensureNumberingRow(companyId: string, type: string, fiscalYear: number): Promise<void> {
    await this.db(T.numbering)
      .insert({ company_id: companyId, voucher_type: type, fiscal_year: fiscalYear, last_number: 0 })
      .onConflict(['company_id', 'voucher_type', 'fiscal_year'])
      .ignore();
  }

  async insertVoucher(
    trx: Knex.Transaction,
    voucher: NewVoucherRow,
    lines: VoucherLine[],
  ): Promise<LedgerVoucher> {
    const row = toVoucherRow(voucher);
    const lineRows = lines.map((l, i) => toLineRow(voucher.companyId, voucher.id, l, i));
    await trx(T.vouchers).insert(row);
    for (let i = 0; i < lineRows.length; i += LINE_CHUNK) {
      await trx(T.lines).insert(lineRows.slice(i, i + LINE_CHUNK));
    }
    return toVoucher(row, lineRows);
  }

  /** Moves a voucher from one of `from` to `to`; returns false when it was in no such status. */
  async changeStatus(
    q: Knex,
    companyId: string,
    voucherId: string,
    from: VoucherStatus[],
    to: VoucherStatus,
    now: string,
  ): Promise<boolean> {
    const updated = await q(T.vouchers)
      .where({ company_id: companyId, id: voucherId })
      .whereIn('status', from)
      .update({ status: to, updated_at: now });
    return Number(updated) > 0;
  }

  private async withLines(row: VoucherRow, q: Knex): Promise<LedgerVoucher> {
    const lines: LineRow[] = await q(T.lines).where({ company_id: row.company_id, voucher_id: row.id });
    return toVoucher(row, lines);
  }
}
