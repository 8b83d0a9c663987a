import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { NotAllowedError } from '../errors/errors';
import type { Directory } from '../host/Host';
import type { RequestUser } from '../host/Plugin';
import { PermissionRepository } from './PermissionRepository';
import { ALL_PERMISSIONS, type PermissionId } from './permissions';

/**
 * Who may do what in a company. The company scope comes first: the user must belong to the
 * company in the host's directory, and whether they are its admin is the directory's word, not
 * the request's. A company admin always holds every permission.
 */
@injectable()
export class PermissionGuard {
  constructor(
    @inject(PermissionRepository) private readonly grants: PermissionRepository,
    @inject(Tokens.Directory) private readonly directory: Directory,
  ) {}

  async permissionsOf(companyId: string, user: RequestUser): Promise<PermissionId[]> {
    return (await this.effective(companyId, user)) ?? [];
  }

  async assert(companyId: string, user: RequestUser, permission: PermissionId): Promise<void> {
    const held = await this.effective(companyId, user);
    if (!held) {
      throw new NotAllowedError(
        'Su usuario no pertenece a esta empresa: no puede usar su Integración Rindegastos.',
        { permission },
      );
    }
    if (!held.includes(permission)) {
      throw new NotAllowedError(
        `No tiene el permiso "${permission}" en la Integración Rindegastos. Pídalo a un administrador de la empresa (Contabilidad › Contabilidad › Rindegastos › Configuración › Permisos).`,
        { permission },
      );
    }
  }

  /** The permissions the user holds in the company, or null when they are not a member. */
  private async effective(companyId: string, user: RequestUser): Promise<PermissionId[] | null> {
    const member = await this.directory.getUser(companyId, user.id);
    if (!member) return null;
    if (member.isCompanyAdmin) return [...ALL_PERMISSIONS];
    return (await this.grants.grantsOf(companyId, user.id)).map((g) => g.permission);
  }
}
