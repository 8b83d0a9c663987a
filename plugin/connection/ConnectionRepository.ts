import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { dialectOf } from '../../shared/db/database';
import { Tokens } from '../di/tokens';

export type ConnectionStatus = 'unverified' | 'valid' | 'invalid' | 'revoked';

export interface Connection {
  companyId: string;
  /** The token sealed by the host's SecretBox; null once revoked. Never the plaintext. */
  sealedToken: string | null;
  last4: string | null;
  status: ConnectionStatus;
  verifiedAt: string | null;
  lastError: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

interface ConnectionRow {
  company_id: string;
  sealed_token: string | null;
  token_last4: string | null;
  status: string;
  verified_at: string | null;
  last_error: string | null;
  updated_by: string | null;
  updated_at: string;
}

const TABLE = 'rg_connections';

function toConnection(row: ConnectionRow): Connection {
  return {
    companyId: row.company_id,
    sealedToken: row.sealed_token,
    last4: row.token_last4,
    status: row.status as ConnectionStatus,
    verifiedAt: row.verified_at,
    lastError: row.last_error,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function toRow(c: Connection): ConnectionRow {
  return {
    company_id: c.companyId,
    sealed_token: c.sealedToken,
    token_last4: c.last4,
    status: c.status,
    verified_at: c.verifiedAt,
    last_error: c.lastError,
    updated_by: c.updatedBy,
    updated_at: c.updatedAt,
  };
}

/** One Rindegastos connection per company. */
@injectable()
export class ConnectionRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  async find(companyId: string, trx: Knex = this.db): Promise<Connection | null> {
    const row = await trx<ConnectionRow>(TABLE).where({ company_id: companyId }).first();
    return row ? toConnection(row) : null;
  }

  /** Finds the row and, on MySQL, locks it until `trx` ends (see lockClause). */
  async findForUpdate(companyId: string, trx: Knex.Transaction): Promise<Connection | null> {
    const q = trx<ConnectionRow>(TABLE).where({ company_id: companyId });
    const row = await this.lockClause(q, trx).first();
    return row ? toConnection(row) : null;
  }

  /**
   * NOTE: MySQL needs `FOR UPDATE` to serialize two imports of one company (both would insert
   * the same new items). SQLite has no row locks — its single writer already serializes write
   * transactions — and knex would only warn about the clause, so it is left out there.
   */
  private lockClause<Q extends Knex.QueryBuilder>(q: Q, trx: Knex): Q {
    return dialectOf(trx) === 'mysql' ? (q.forUpdate() as Q) : q;
  }

  /** Inserts or replaces the company's row (upsert, so two first saves cannot both insert). */
  async save(connection: Connection, trx: Knex = this.db): Promise<void> {
    const { company_id, ...rest } = toRow(connection);
    await trx(TABLE)
      .insert({ company_id, ...rest })
      .onConflict('company_id')
      .merge(Object.keys(rest));
  }

  /**
   * Marks the token invalid. With `onlyIfSealed`, only while that exact sealed token is still
   * the stored one: a sync holding an old token must not invalidate its replacement.
   */
  async markInvalid(
    companyId: string,
    reason: string,
    at: string,
    onlyIfSealed?: string,
    trx: Knex = this.db,
  ): Promise<boolean> {
    const q = trx(TABLE)
      .where({ company_id: companyId })
      .whereIn('status', ['valid', 'invalid', 'unverified']);
    if (onlyIfSealed !== undefined) q.andWhere({ sealed_token: onlyIfSealed });
    const n = await q.update({ status: 'invalid', last_error: reason.slice(0, 1000), updated_at: at });
    return Number(n) > 0;
  }
}
