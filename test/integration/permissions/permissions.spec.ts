import { expect } from 'chai';
import { AuditLog } from '../../../plugin/audit/AuditLog';
import type { DirectoryUser } from '../../../plugin/host/Host';
import plugin from '../../../plugin/index';
import { ALL_PERMISSIONS } from '../../../plugin/permissions/permissions';
import type {
  PermissionsListView,
  SetPermissionsResult,
} from '../../../plugin/permissions/PermissionService';
import {
  COMPANY,
  createTestbed,
  errorOf,
  OTHER_COMPANY,
  USERS,
  type Testbed,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

forEachDatabase('Configuración › Permisos', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
  });

  const setPermissions = (userId: string, permissions: unknown, user: DirectoryUser = USERS.admin) =>
    bed.call('permissions.put', { user, params: { userId }, body: { permissions } });

  it("lists the company's users with their grants, admins holding everything", async () => {
    await setPermissions(USERS.accountant.id, ['rindegastos.view', 'rindegastos.post']);
    const res = await bed.call('permissions.list');
    expect(res.status).to.equal(200);
    const body = res.body as PermissionsListView;
    expect(body.permissions.map((p) => p.id)).to.deep.equal([...ALL_PERMISSIONS]);
    expect(body.permissions[0].label).to.equal('Ver informes y estado');
    expect(body.users.map((u) => u.id)).to.deep.equal([
      USERS.admin.id,
      USERS.auditor.id,
      USERS.accountant.id,
    ]);
    const [admin, auditor, accountant] = body.users;
    expect(admin).to.deep.include({ isCompanyAdmin: true, granted: [], effective: [...ALL_PERMISSIONS] });
    expect(auditor).to.deep.include({ isCompanyAdmin: false, granted: [], effective: [] });
    expect(accountant).to.deep.include({
      granted: ['rindegastos.view', 'rindegastos.post'],
      effective: ['rindegastos.view', 'rindegastos.post'],
      grantedBy: USERS.admin.id,
    });
  });

  it('grants and revokes access, audited, and the guard follows at once', async () => {
    expect((await bed.call('settings.get', { user: USERS.accountant })).status).to.equal(403);
    let res = await setPermissions(USERS.accountant.id, ['rindegastos.configure']);
    expect(res.status).to.equal(200);
    expect((await bed.call('settings.get', { user: USERS.accountant })).status).to.equal(200);
    res = await setPermissions(USERS.accountant.id, []);
    expect((res.body as SetPermissionsResult).user.effective).to.deep.equal([]);
    expect((await bed.call('settings.get', { user: USERS.accountant })).status).to.equal(403);
    const entries = (await bed.container.resolve(AuditLog).list(COMPANY)).filter(
      (a) => a.action === 'permissions.updated',
    );
    expect(entries.map((e) => [e.subject, e.before, e.after])).to.deep.equal([
      [USERS.accountant.id, ['rindegastos.configure'], []],
      [USERS.accountant.id, [], ['rindegastos.configure']],
    ]);
  });

  it('rejects unknown permission ids, naming them', async () => {
    const res = await setPermissions(USERS.accountant.id, ['rindegastos.view', 'rindegastos.superpoderes']);
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.fields![0].field).to.equal('permissions');
    expect(errorOf(res).details!.fields![0].message).to.match(
      /permiso desconocido: "rindegastos.superpoderes"/,
    );
    expect(await suite.db('rg_permissions')).to.deep.equal([]);
  });

  it('answers 404 for a user who is not in the company', async () => {
    const res = await setPermissions(USERS.otherAdmin.id, ['rindegastos.view']);
    expect(res.status).to.equal(404);
    expect(await suite.db('rg_permissions')).to.deep.equal([]);
  });

  it('never locks out a company admin, and says so', async () => {
    const res = await setPermissions(USERS.admin.id, []);
    expect(res.status).to.equal(200);
    const body = res.body as SetPermissionsResult;
    expect(body.user.effective).to.deep.equal([...ALL_PERMISSIONS]);
    expect(body.note).to.match(/es administrador de la empresa: conserva todos los permisos/);
    expect((await bed.call('permissions.list')).status).to.equal(200);
  });

  it('lets a user holding rindegastos.permissions manage others, but not one without it', async () => {
    await setPermissions(USERS.accountant.id, ['rindegastos.permissions', 'rindegastos.view']);
    expect((await setPermissions(USERS.auditor.id, ['rindegastos.view'], USERS.accountant)).status).to.equal(
      200,
    );
    expect((await setPermissions(USERS.accountant.id, ['rindegastos.view'], USERS.auditor)).status).to.equal(
      403,
    );
  });

  describe('who may change whose grants', () => {
    const refusals = async () =>
      (await bed.container.resolve(AuditLog).list(COMPANY)).filter((a) => a.action === 'permissions.refused');

    it('refuses a user changing his own grants (403, audited), even holding rindegastos.permissions', async () => {
      await setPermissions(USERS.accountant.id, ['rindegastos.permissions']);
      const grants = await suite.db('rg_permissions').orderBy('permission');
      const res = await setPermissions(USERS.accountant.id, [...ALL_PERMISSIONS], USERS.accountant);
      expect(res.status).to.equal(403);
      expect(errorOf(res).message).to.equal(
        'No puede cambiar sus propios permisos: pídaselo a un administrador de la empresa.',
      );
      expect(await suite.db('rg_permissions').orderBy('permission')).to.deep.equal(grants);
      const [refused] = await refusals();
      expect(refused).to.deep.include({
        actorId: USERS.accountant.id,
        subject: USERS.accountant.id,
        before: ['rindegastos.permissions'],
      });
      expect((refused.after as { requested: string[] }).requested).to.have.members([...ALL_PERMISSIONS]);
    });

    it('lets only a company admin grant or revoke rindegastos.permissions', async () => {
      await setPermissions(USERS.accountant.id, ['rindegastos.permissions', 'rindegastos.view']);
      const grant = await setPermissions(USERS.auditor.id, ['rindegastos.permissions'], USERS.accountant);
      expect(grant.status).to.equal(403);
      expect(errorOf(grant).message).to.match(
        /^Solo un administrador de la empresa puede otorgar o quitar el permiso/,
      );
      await setPermissions(USERS.auditor.id, ['rindegastos.permissions']);
      const revoke = await setPermissions(USERS.auditor.id, [], USERS.accountant);
      expect(revoke.status).to.equal(403);
      expect((await refusals()).map((r) => r.subject)).to.deep.equal([USERS.auditor.id, USERS.auditor.id]);
      // The company admin does both.
      expect((await setPermissions(USERS.auditor.id, [])).status).to.equal(200);
    });

    it('lets a holder of rindegastos.permissions hand out only permissions he holds', async () => {
      await setPermissions(USERS.accountant.id, ['rindegastos.permissions', 'rindegastos.view']);
      const res = await setPermissions(
        USERS.auditor.id,
        ['rindegastos.view', 'rindegastos.post'],
        USERS.accountant,
      );
      expect(res.status).to.equal(403);
      expect(errorOf(res).message).to.include('no tiene: "');
      expect(await suite.db('rg_permissions').where({ user_id: USERS.auditor.id })).to.deep.equal([]);
      expect(
        (await setPermissions(USERS.auditor.id, ['rindegastos.view'], USERS.accountant)).status,
      ).to.equal(200);
    });

    it('refuses a company admin changing his own grants too: another admin does it', async () => {
      const res = await setPermissions(USERS.admin.id, ['rindegastos.view']);
      expect(res.status).to.equal(403);
    });
  });

  it('trusts the directory, not the request, about who is an admin of which company', async () => {
    // A request claiming admin rights for a user the directory does not list in the company.
    const impostor = { ...USERS.otherAdmin, isCompanyAdmin: true };
    const res = await bed.call('permissions.list', { company: COMPANY, user: impostor });
    expect(res.status).to.equal(403);
    expect(JSON.stringify(res.body)).to.not.include(USERS.accountant.email);
    // A non-admin whose request claims admin rights gets only their grants.
    const claimed = { ...USERS.auditor, isCompanyAdmin: true };
    expect((await bed.call('permissions.list', { user: claimed })).status).to.equal(403);
  });

  it('tells the host what a user may do, for menus', async () => {
    const running = await plugin.start(bed.host);
    await setPermissions(USERS.accountant.id, ['rindegastos.view']);
    expect(await running.permissionsOf(COMPANY, USERS.accountant)).to.deep.equal(['rindegastos.view']);
    expect(await running.permissionsOf(COMPANY, USERS.admin)).to.deep.equal([...ALL_PERMISSIONS]);
    expect(await running.permissionsOf(OTHER_COMPANY, USERS.admin)).to.deep.equal([]);
  });
});
