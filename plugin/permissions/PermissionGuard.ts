import { inject, injectable } from 'tsyringe';
import { NotAllowedError } from '../errors/errors';
import type { RequestUser } from '../host/Plugin';
import { PermissionRepository } from './PermissionRepository';
import { ALL_PERMISSIONS, type PermissionId } from './permissions';

/** Who may do what in a company. A company admin always holds every permission. */
@injectable()
export class PermissionGuard {
  constructor(@inject(PermissionRepository) private readonly grants: PermissionRepository) {}

  async permissionsOf(companyId: string, user: RequestUser): Promise<PermissionId[]> {
    if (user.isCompanyAdmin) return [...ALL_PERMISSIONS];
    return (await this.grants.grantsOf(companyId, user.id)).map((g) => g.permission);
  }

  async assert(companyId: string, user: RequestUser, permission: PermissionId): Promise<void> {
    const held = await this.permissionsOf(companyId, user);
    if (!held.includes(permission)) {
      throw new NotAllowedError(
        `No tiene el permiso "${permission}" en la Integración Rindegastos. Pídalo a un administrador de la empresa (Configuración › Permisos).`,
        {
          permission,
        },
      );
    }
  }
}
