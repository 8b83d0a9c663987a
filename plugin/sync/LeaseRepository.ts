import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { isUniqueViolation } from '../../shared/db/database';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';

const TABLE = 'rg_leases';

/**
 * The per-company sync lease in rg_leases: whoever holds an unexpired row is the company's one
 * runner, across every process sharing the database.
 *
 * NOTE: how: taking the lease is one conditional UPDATE — `SET holder = me, expires_at = now + ttl
 * WHERE company_id = ? AND (expires_at <= now OR holder = me)` — or, when the company has no row
 * yet, an INSERT that loses to a concurrent one on the primary key. The UPDATE re-checks its
 * condition on the current row (MySQL/MariaDB lock and re-read it; SQLite has one writer), so two
 * processes never both take it. A holder that dies stops renewing and its lease expires.
 */
@injectable()
export class LeaseRepository {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  /** Takes the company's lease for `ttlMs` unless another holder's is still unexpired. */
  async acquire(companyId: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const n = await this.db(TABLE)
      .where('company_id', companyId)
      .where((w) => w.where('expires_at', '<=', now.toISOString()).orWhere('holder', holder))
      .update({ holder, expires_at: expiresAt });
    if (n > 0) return true;
    try {
      await this.db(TABLE).insert({ company_id: companyId, holder, expires_at: expiresAt });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Extends a lease still held by `holder`; false when it expired and someone else took it. */
  async renew(companyId: string, holder: string, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(this.clock.now().getTime() + ttlMs).toISOString();
    const n = await this.db(TABLE).where({ company_id: companyId, holder }).update({ expires_at: expiresAt });
    return n > 0;
  }

  /** Gives the lease up (only `holder`'s own). */
  async release(companyId: string, holder: string): Promise<void> {
    await this.db(TABLE).where({ company_id: companyId, holder }).delete();
  }

  /** The current holder and expiry, or null (diagnostics and tests). */
  async current(companyId: string): Promise<{ holder: string; expiresAt: string } | null> {
    const row = await this.db(TABLE).where('company_id', companyId).first();
    return row ? { holder: String(row.holder), expiresAt: String(row.expires_at) } : null;
  }
}
