import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { isPermissionId, type PermissionId } from './permissions';

export interface Grant {
  userId: string;
  permission: PermissionId;
  grantedBy: string;
  grantedAt: string;
}

interface GrantRow {
  company_id: string;
  user_id: string;
  permission: string;
  granted_by: string;
  granted_at: string;
}

const TABLE = 'rg_permissions';

function toGrant(row: GrantRow): Grant | null {
  // A permission id that no longer exists in code is ignored rather than trusted.
  if (!isPermissionId(row.permission)) return null;
  return {
    userId: row.user_id,
    permission: row.permission,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
  };
}

@injectable()
export class PermissionRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  async grantsOf(companyId: string, userId: string, trx: Knex = this.db): Promise<Grant[]> {
    const rows = await trx<GrantRow>(TABLE).where({ company_id: companyId, user_id: userId });
    return rows.map(toGrant).filter((g): g is Grant => g !== null);
  }

  async grantsOfCompany(companyId: string): Promise<Grant[]> {
    const rows = await this.db<GrantRow>(TABLE)
      .where({ company_id: companyId })
      .orderBy(['user_id', 'permission']);
    return rows.map(toGrant).filter((g): g is Grant => g !== null);
  }

  /** Replaces the user's grants with exactly `permissions`, keeping the original grant of those kept. */
  async replace(
    companyId: string,
    userId: string,
    permissions: PermissionId[],
    grantedBy: string,
    grantedAt: string,
    trx: Knex = this.db,
  ): Promise<void> {
    await trx(TABLE)
      .where({ company_id: companyId, user_id: userId })
      .whereNotIn('permission', permissions)
      .delete();
    const existing = new Set(
      (await trx<GrantRow>(TABLE).where({ company_id: companyId, user_id: userId }).select('permission')).map(
        (r) => r.permission,
      ),
    );
    const rows = permissions
      .filter((p) => !existing.has(p))
      .map((permission) => ({
        company_id: companyId,
        user_id: userId,
        permission,
        granted_by: grantedBy,
        granted_at: grantedAt,
      }));
    if (rows.length) await trx(TABLE).insert(rows);
  }
}
