import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { isUniqueViolation } from '../../shared/db/database';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';
import { canonicalJson } from '../../shared/canonicalJson';
import { chunks, num, numOrNull } from '../db/sql';

const TABLE = 'rg_outbox';

export type OutboxKind = 'report_integration' | 'expense_integration';

/** A write-back to Rindegastos waiting to be done (or done). */
export interface OutboxItem {
  id: number;
  companyId: string;
  kind: OutboxKind;
  /** The Rindegastos report or expense id the write-back is about. */
  targetId: number;
  /** The report it belongs to (the report itself, or the expense's report). */
  reportId: number | null;
  payload: unknown;
  /** sha256 of the canonical payload: with company, kind and target, what makes the item unique. */
  payloadHash: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  /** Set while a drainer holds the item (until `claimedUntil`). */
  claimToken: string | null;
  claimedUntil: string | null;
  doneAt: string | null;
  createdAt: string;
}

export interface NewOutboxItem {
  companyId: string;
  kind: OutboxKind;
  targetId: number;
  reportId: number | null;
  /**
   * What to send. NOTE: it is part of the item's identity, so it must hold no volatile
   * values (no "now" timestamps: stamp the IntegrationDate when sending). When the same
   * write-back must legitimately be sent again later (mark → unmark → the same mark), include
   * what tells the occasions apart, e.g. the posting id.
   */
  payload: unknown;
}

interface OutboxRow {
  id: number;
  company_id: string;
  kind: string;
  target_id: number;
  report_id: number | null;
  payload_json: string;
  payload_hash: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  claim_token: string | null;
  claimed_until: string | null;
  done_at: string | null;
  created_at: string;
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: num(row.id),
    companyId: row.company_id,
    kind: row.kind as OutboxKind,
    targetId: num(row.target_id),
    reportId: numOrNull(row.report_id),
    payload: JSON.parse(row.payload_json) as unknown,
    payloadHash: row.payload_hash,
    attempts: num(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    claimToken: row.claim_token,
    claimedUntil: row.claimed_until,
    doneAt: row.done_at,
    createdAt: row.created_at,
  };
}

/** The row of a write-back queued at `at`: due now, never tried. */
function newRow(item: NewOutboxItem, payloadHash: string, at: string): Omit<OutboxRow, 'id'> {
  return {
    company_id: item.companyId,
    kind: item.kind,
    target_id: item.targetId,
    payload_hash: payloadHash,
    report_id: item.reportId,
    payload_json: canonicalJson(item.payload),
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    claim_token: null,
    claimed_until: null,
    done_at: null,
    created_at: at,
  };
}

function payloadHashOf(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/**
 * The write-backs to Rindegastos (integration marks), retried until done. Enqueue inside the
 * transaction that records the posting, so a posted report always has its write-back queued.
 */
@injectable()
export class OutboxRepository {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  /**
   * Queues a write-back, due now. Idempotent: the same company, kind, target and payload is
   * queued once, ever; enqueuing it again returns the existing item with `created: false`.
   */
  async enqueue(item: NewOutboxItem, trx: Knex = this.db): Promise<{ item: OutboxItem; created: boolean }> {
    const at = this.clock.now().toISOString();
    const identity = {
      company_id: item.companyId,
      kind: item.kind,
      target_id: item.targetId,
      payload_hash: payloadHashOf(item.payload),
    };
    const existing = await trx<OutboxRow>(TABLE).where(identity).first();
    if (existing) return { item: toItem(existing), created: false };
    try {
      // A savepoint, so losing the race below does not abort the caller's transaction.
      await trx.transaction(async (t) => {
        await t(TABLE).insert(newRow(item, identity.payload_hash, at));
      });
    } catch (err) {
      // Another writer queued the same item between the read and the insert.
      if (!isUniqueViolation(err)) throw err;
      const row = await trx<OutboxRow>(TABLE).where(identity).first();
      return { item: toItem(row!), created: false };
    }
    const row = await trx<OutboxRow>(TABLE).where(identity).first();
    return { item: toItem(row!), created: true };
  }

  /**
   * Queues many write-backs of one company, due now, as `enqueue` does each (idempotent: what
   * is already queued, or listed twice, is queued once), in a few statements instead of several
   * per item: one read of the ones already queued per kind, then multi-row inserts. Returns how
   * many were created. Posting queues one mark per approved expense, so this is on the sync's
   * hot path.
   */
  async enqueueMany(items: readonly NewOutboxItem[], trx: Knex = this.db): Promise<number> {
    if (items.length === 0) return 0;
    const companyId = items[0].companyId;
    if (items.some((i) => i.companyId !== companyId)) {
      throw new Error('enqueueMany takes the write-backs of one company');
    }
    const at = this.clock.now().toISOString();
    const identityKey = (kind: string, targetId: unknown, hash: string) =>
      `${kind}\u0000${num(targetId)}\u0000${hash}`;
    const wanted = new Map<string, Record<string, unknown>>();
    for (const item of items) {
      const payloadHash = payloadHashOf(item.payload);
      wanted.set(identityKey(item.kind, item.targetId, payloadHash), newRow(item, payloadHash, at));
    }
    const byKind = new Map<string, number[]>();
    for (const row of wanted.values()) {
      const kind = row.kind as string;
      byKind.set(kind, [...(byKind.get(kind) ?? []), row.target_id as number]);
    }
    for (const [kind, targets] of byKind) {
      for (const ids of chunks([...new Set(targets)], 1000)) {
        const existing: { target_id: unknown; payload_hash: string }[] = await trx(TABLE)
          .where({ company_id: companyId, kind })
          .whereIn('target_id', ids)
          .select('target_id', 'payload_hash');
        for (const e of existing) wanted.delete(identityKey(kind, e.target_id, e.payload_hash));
      }
    }
    const rows = [...wanted.values()];
    if (rows.length === 0) return 0;
    try {
      // A savepoint, so losing a race below does not abort the caller's transaction.
      await trx.transaction(async (t) => {
        for (const part of chunks(rows, 500)) await t(TABLE).insert(part);
      });
      return rows.length;
    } catch (err) {
      // Another writer queued some of them between the read and the insert: one at a time.
      if (!isUniqueViolation(err)) throw err;
      let created = 0;
      for (const item of items) if ((await this.enqueue(item, trx)).created) created++;
      return created;
    }
  }

  /**
   * Items not done whose next attempt is due at `now` and that no drainer holds, oldest due
   * first; of one company, or of every company when `companyId` is undefined (a worker draining
   * for all). Reading is not claiming: a drainer that sends must `claim` first.
   */
  async due(companyId: string | undefined, now: Date, limit: number): Promise<OutboxItem[]> {
    const rows = await this.dueQuery(companyId, now.toISOString())
      .orderBy(['next_attempt_at', 'id'])
      .limit(limit);
    return (rows as OutboxRow[]).map(toItem);
  }

  /**
   * Claims up to `limit` due items for `leaseMs` and returns them; two drainers never get the
   * same item while its claim lasts.
   *
   * NOTE: how: read the due candidates, then one conditional UPDATE — `SET claim_token = mine,
   * claimed_until = now + lease WHERE id IN (candidates) AND done_at IS NULL AND (claimed_until
   * IS NULL OR claimed_until <= now)` — and return the rows carrying my token. The UPDATE
   * re-checks the condition on the current row: MySQL/MariaDB take the row lock and re-read
   * the latest committed version (a second claimer waits, then finds the row claimed and
   * skips it); SQLite runs one writer at a time. A drainer that dies leaves its items to be
   * claimed again when the lease ends, so a write-back is sent at least once (marking is
   * idempotent on Rindegastos' side). markDone / markFailed release the claim.
   */
  async claim(opts: {
    companyId?: string;
    now: Date;
    limit: number;
    leaseMs: number;
  }): Promise<OutboxItem[]> {
    const now = opts.now.toISOString();
    const token = randomUUID();
    const candidates = (
      await this.dueQuery(opts.companyId, now)
        .orderBy(['next_attempt_at', 'id'])
        .limit(opts.limit)
        .select('id')
    ).map((r: { id: unknown }) => num(r.id));
    if (candidates.length === 0) return [];
    const update = this.db(TABLE)
      .whereIn('id', candidates)
      .whereNull('done_at')
      .where('next_attempt_at', '<=', now)
      .where((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<=', now));
    if (opts.companyId !== undefined) update.where('company_id', opts.companyId);
    await update.update({
      claim_token: token,
      claimed_until: new Date(opts.now.getTime() + opts.leaseMs).toISOString(),
    });
    // By id first: claim_token is not indexed, the primary key is.
    const rows = await this.db<OutboxRow>(TABLE)
      .whereIn('id', candidates)
      .where('claim_token', token)
      .orderBy(['next_attempt_at', 'id']);
    return rows.map(toItem);
  }

  /** The write-back succeeded. Returns false when the item does not exist or was already done. */
  async markDone(companyId: string, id: number, trx: Knex = this.db): Promise<boolean> {
    const n = await trx(TABLE).where({ company_id: companyId, id }).whereNull('done_at').update({
      done_at: this.clock.now().toISOString(),
      last_error: null,
      claim_token: null,
      claimed_until: null,
    });
    return n > 0;
  }

  /**
   * The write-back failed: counts the attempt, keeps the error (never the token: callers pass
   * an error message already redacted) and schedules the next attempt at the time the caller
   * computed (its backoff). Releases the claim.
   */
  async markFailed(
    companyId: string,
    id: number,
    error: string,
    nextAttemptAt: Date,
    trx: Knex = this.db,
  ): Promise<boolean> {
    const n = await trx(TABLE)
      .where({ company_id: companyId, id })
      .whereNull('done_at')
      .update({
        attempts: trx.raw('attempts + 1'),
        last_error: error,
        next_attempt_at: nextAttemptAt.toISOString(),
        claim_token: null,
        claimed_until: null,
      });
    return n > 0;
  }

  /**
   * Closes the report's write-backs not sent yet, because a newer one replaces them (a reversal
   * replaces a pending mark, a new posting a pending un-mark): sending them late would leave
   * Rindegastos in the wrong final state. They are kept, done, with the reason as last error.
   */
  async supersedePending(
    companyId: string,
    reportId: number,
    reason: string,
    trx: Knex = this.db,
  ): Promise<number> {
    return trx(TABLE).where({ company_id: companyId, report_id: reportId }).whereNull('done_at').update({
      done_at: this.clock.now().toISOString(),
      last_error: reason,
      claim_token: null,
      claimed_until: null,
    });
  }

  /** The report's write-backs not done yet (the per-report view: "pending in Rindegastos"). */
  async pendingOf(companyId: string, reportId: number, trx: Knex = this.db): Promise<OutboxItem[]> {
    const rows = await trx<OutboxRow>(TABLE)
      .where({ company_id: companyId, report_id: reportId })
      .whereNull('done_at')
      .orderBy('id');
    return rows.map(toItem);
  }

  /** Every write-back of the report, done or not, oldest first. */
  async historyOf(companyId: string, reportId: number, trx: Knex = this.db): Promise<OutboxItem[]> {
    const rows = await trx<OutboxRow>(TABLE)
      .where({ company_id: companyId, report_id: reportId })
      .orderBy('id');
    return rows.map(toItem);
  }

  /** Items not done of the company (for /status); of every company when `companyId` is undefined. */
  async countPending(companyId?: string): Promise<number> {
    const q = this.db(TABLE).whereNull('done_at');
    if (companyId !== undefined) q.where('company_id', companyId);
    const [{ n }] = await q.count({ n: '*' });
    return num(n);
  }

  private dueQuery(companyId: string | undefined, now: string): Knex.QueryBuilder {
    const q = this.db(TABLE)
      .whereNull('done_at')
      .where('next_attempt_at', '<=', now)
      .where((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<=', now));
    if (companyId !== undefined) q.where('company_id', companyId);
    return q;
  }
}
