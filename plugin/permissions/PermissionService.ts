import type { Knex } from 'knex';
import { Allow } from 'class-validator';
import { inject, injectable } from 'tsyringe';
import manifestJson from '../../manifest.json';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import { NotAllowedError, NotFoundError, ValidationError } from '../errors/errors';
import type { Clock, Directory, DirectoryUser } from '../host/Host';
import { excerpt } from '../../shared/validation/inputLimits';
import type { Actor } from './actor';
import { PermissionGuard } from './PermissionGuard';
import { PermissionRepository, type Grant } from './PermissionRepository';
import { ALL_PERMISSIONS, isPermissionId, Permissions, type PermissionId } from './permissions';

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
    @inject(PermissionGuard) private readonly guard: PermissionGuard,
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

  /**
   * Replaces the user's grants. Unknown ids are rejected; a user outside the company is 404.
   * Who may change what (refusals are 403 and audited as `permissions.refused`):
   * - nobody changes their own grants, not even a company admin (another admin does it);
   * - only a company admin grants or revokes `rindegastos.permissions`;
   * - anyone else holding `rindegastos.permissions` grants or revokes only permissions he holds.
   */
  async set(actor: Actor, userId: string, body: { permissions?: unknown }): Promise<SetPermissionsResult> {
    const permissions = checkedPermissions(body.permissions);
    const user = await this.directory.getUser(actor.companyId, userId);
    if (!user) throw new NotFoundError(`El usuario ${userId} no pertenece a esta empresa.`);
    const current = (await this.repo.grantsOf(actor.companyId, userId)).map((g) => g.permission);
    const refusal = await this.refusal(actor, user, current, permissions);
    if (refusal) {
      await this.audit.record({
        companyId: actor.companyId,
        actorId: actor.userId,
        action: 'permissions.refused',
        subject: userId,
        before: [...current].sort(),
        after: { requested: [...permissions].sort(), reason: refusal },
        requestId: actor.requestId,
      });
      throw new NotAllowedError(refusal);
    }
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

  /** Why the actor may not make this change (Spanish, says who can), or null when he may. */
  private async refusal(
    actor: Actor,
    target: DirectoryUser,
    current: PermissionId[],
    requested: PermissionId[],
  ): Promise<string | null> {
    const changed = ALL_PERMISSIONS.filter((p) => current.includes(p) !== requested.includes(p));
    if (changed.length === 0) return null;
    if (target.id === actor.userId) {
      return 'No puede cambiar sus propios permisos: pídaselo a un administrador de la empresa.';
    }
    const me = await this.directory.getUser(actor.companyId, actor.userId);
    if (me?.isCompanyAdmin) return null;
    if (changed.includes(Permissions.permissions)) {
      return `Solo un administrador de la empresa puede otorgar o quitar el permiso "${LABELS[Permissions.permissions] ?? Permissions.permissions}".`;
    }
    const held = await this.guard.permissionsOf(actor.companyId, {
      id: actor.userId,
      name: me?.name ?? actor.userId,
      isCompanyAdmin: false,
    });
    const notHeld = changed.filter((p) => !held.includes(p));
    if (notHeld.length > 0) {
      return `Solo puede otorgar o quitar permisos que usted tiene; no tiene: ${notHeld.map((p) => `"${LABELS[p] ?? p}"`).join(', ')}. Pídaselo a un administrador de la empresa.`;
    }
    return null;
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
        message: `permiso desconocido: ${unknown
          .slice(0, 3)
          .map((p) => JSON.stringify(excerpt(p)))
          .join(
            ', ',
          )}${unknown.length > 3 ? ` y ${unknown.length - 3} más` : ''}. Permisos válidos: ${known}`,
      },
    ]);
  }
  return [...new Set(value as PermissionId[])];
}
