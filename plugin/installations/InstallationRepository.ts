import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import type { LicenseStatus } from '../host/Plugin';

export interface Installation {
  companyId: string;
  status: Exclude<LicenseStatus, 'none'>;
  orderId: string | null;
  statusReason: string | null;
  createdAt: string;
  activatedAt: string | null;
  updatedAt: string;
}

interface InstallationRow {
  company_id: string;
  status: string;
  order_id: string | null;
  status_reason: string | null;
  created_at: string;
  activated_at: string | null;
  updated_at: string;
}

const TABLE = 'rg_installations';

function toInstallation(row: InstallationRow): Installation {
  return {
    companyId: row.company_id,
    status: row.status as Installation['status'],
    orderId: row.order_id,
    statusReason: row.status_reason,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    updatedAt: row.updated_at,
  };
}

function toRow(i: Installation): InstallationRow {
  return {
    company_id: i.companyId,
    status: i.status,
    order_id: i.orderId,
    status_reason: i.statusReason,
    created_at: i.createdAt,
    activated_at: i.activatedAt,
    updated_at: i.updatedAt,
  };
}

@injectable()
export class InstallationRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  async find(companyId: string, trx: Knex = this.db): Promise<Installation | null> {
    const row = await trx<InstallationRow>(TABLE).where({ company_id: companyId }).first();
    return row ? toInstallation(row) : null;
  }

  async insert(installation: Installation, trx: Knex = this.db): Promise<void> {
    await trx(TABLE).insert(toRow(installation));
  }

  async update(installation: Installation, trx: Knex = this.db): Promise<void> {
    const { company_id, ...rest } = toRow(installation);
    await trx(TABLE).where({ company_id }).update(rest);
  }

  async markAll(status: Installation['status'], updatedAt: string): Promise<void> {
    await this.db(TABLE).update({ status, updated_at: updatedAt });
  }
}
