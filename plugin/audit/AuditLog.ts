import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';

export interface AuditEntry {
  companyId: string;
  actorId: string;
  /** e.g. "token.replaced", "settings.updated", "mapping.updated", "permissions.updated". */
  action: string;
  subject?: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  createdAt: string;
}

interface AuditRow {
  id: number;
  company_id: string;
  actor_id: string;
  action: string;
  subject: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  created_at: string;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    companyId: row.company_id,
    actorId: row.actor_id,
    action: row.action,
    subject: row.subject ?? undefined,
    before: row.before_json === null ? undefined : JSON.parse(row.before_json),
    after: row.after_json === null ? undefined : JSON.parse(row.after_json),
    requestId: row.request_id ?? undefined,
    createdAt: row.created_at,
  };
}

/** Who changed token, settings, mappings and permissions, with before/after. Never holds secrets. */
@injectable()
export class AuditLog {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry, trx: Knex = this.db): Promise<void> {
    await trx('rg_audit').insert({
      company_id: entry.companyId,
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId ?? null,
      created_at: this.clock.now().toISOString(),
    });
  }

  async list(companyId: string, limit = 100): Promise<AuditRecord[]> {
    const rows = await this.db<AuditRow>('rg_audit')
      .where({ company_id: companyId })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toRecord);
  }
}
