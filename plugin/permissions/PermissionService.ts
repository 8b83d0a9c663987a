import type { Knex } from 'knex';
import { Allow } from 'class-validator';
import { inject, injectable } from 'tsyringe';
import manifestJson from '../../manifest.json';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import { NotFoundError, ValidationError } from '../errors/errors';
import type { Clock, Directory, DirectoryUser } from '../host/Host';
import type { Actor } from './actor';
import { PermissionRepository, type Grant } from './PermissionRepository';
import { ALL_PERMISSIONS, isPermissionId, type PermissionId } from './permissions';

/** Labels come from the manifest, where the host reads them too. */
const LABELS: Record<string, string> = Object.fromEntries(
  manifestJson.permissions.map((p) => [p.id, p.label]),
);

export interface UserPermissionsView {
  id: string;
  name: string;
  email: string;
  isCompanyAdmin: boolean;
  /** Stored grants. */
  granted: PermissionId[];
  /** What the user can actually do: everything for a company admin. */
  effective: PermissionId[];
  grantedBy: string | null;
  grantedAt: string | null;
}

export interface PermissionsListView {
  permissions: { id: PermissionId; label: string }[];
  users: UserPermissionsView[];
}

export interface SetPermissionsResult {
  user: UserPermissionsView;
  /** Spanish note when the change does not alter what the user can do (company admins). */
  note: string | null;
}

/** The route's body; values are checked by PermissionService. */
export class PermissionsBody {
  @Allow() permissions?: unknown;
}

function view(user: DirectoryUser, grants: Grant[]): UserPermissionsView {
  const granted = ALL_PERMISSIONS.filter((p) => grants.some((g) => g.permission === p));
  const latest = [...grants].sort((a, b) => b.grantedAt.localeCompare(a.grantedAt))[0];
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    isCompanyAdmin: user.isCompanyAdmin,
    granted,
    effective: user.isCompanyAdmin ? [...ALL_PERMISSIONS] : granted,
    grantedBy: latest?.grantedBy ?? null,
    grantedAt: latest?.grantedAt ?? null,
  };
}

/** Configuración › Permisos: grants of the module per company user. */
@injectable()
export class PermissionService {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(PermissionRepository) private readonly repo: PermissionRepository,
    @inject(Tokens.Directory) private readonly directory: Directory,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async list(companyId: string): Promise<PermissionsListView> {
    const [users, grants] = await Promise.all([
      this.directory.listUsers(companyId),
      this.repo.grantsOfCompany(companyId),
    ]);
    return {
      permissions: ALL_PERMISSIONS.map((id) => ({ id, label: LABELS[id] ?? id })),
      users: [...users]
        .sort((a, b) => a.name.localeCompare(b.name, 'es'))
        .map((u) =>
          view(
            u,
            grants.filter((g) => g.userId === u.id),
          ),
        ),
    };
  }

  /** Replaces the user's grants. Unknown ids are rejected; a user outside the company is 404. */
  async set(actor: Actor, userId: string, body: { permissions?: unknown }): Promise<SetPermissionsResult> {
    const permissions = checkedPermissions(body.permissions);
    const user = await this.directory.getUser(actor.companyId, userId);
    if (!user) throw new NotFoundError(`El usuario ${userId} no pertenece a esta empresa.`);
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (trx) => {
      const before = (await this.repo.grantsOf(actor.companyId, userId, trx)).map((g) => g.permission).sort();
      await this.repo.replace(actor.companyId, userId, permissions, actor.userId, now, trx);
      const after = [...permissions].sort();
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      await this.audit.record(
        {
          companyId: actor.companyId,
          actorId: actor.userId,
          action: 'permissions.updated',
          subject: userId,
          before,
          after,
          requestId: actor.requestId,
        },
        trx,
      );
    });
    const grants = await this.repo.grantsOf(actor.companyId, userId);
    return {
      user: view(user, grants),
      note: user.isCompanyAdmin
        ? `${user.name} es administrador de la empresa: conserva todos los permisos del módulo aunque se le quiten aquí.`
        : null,
    };
  }
}

function checkedPermissions(value: unknown): PermissionId[] {
  const known = ALL_PERMISSIONS.join(', ');
  if (!Array.isArray(value)) {
    throw new ValidationError([
      { field: 'permissions', message: `debe ser una lista de permisos (${known}); [] quita todos` },
    ]);
  }
  const unknown = value.filter((p) => typeof p !== 'string' || !isPermissionId(p));
  if (unknown.length) {
    throw new ValidationError([
      {
        field: 'permissions',
        message: `permiso desconocido: ${unknown.map((p) => JSON.stringify(p)).join(', ')}. Permisos válidos: ${known}`,
      },
    ]);
  }
  return [...new Set(value as PermissionId[])];
}
