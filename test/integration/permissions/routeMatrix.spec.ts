/**
 * Every plugin route, whoever added it, against the license guard, the permission guard and the
 * company scope. The route list is read from the plugin itself, so a new route is covered the
 * moment it is registered.
 */
import { expect } from 'chai';
import manifestJson from '../../../manifest.json';
import { ALL_PERMISSIONS } from '../../../plugin/permissions/permissions';
import { PermissionRepository } from '../../../plugin/permissions/PermissionRepository';
import type { PluginRoute } from '../../../plugin/host/Plugin';
import { SyncService } from '../../../plugin/sync/SyncService';
import {
  COMPANY,
  connect,
  createTestbed,
  fakeToken,
  OTHER_COMPANY,
  UNLICENSED_COMPANY,
  USERS,
  type Testbed,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';
import { buildFakeData, category, policy, user } from '../../support/fakeRindegastos';

/** Strings only the first company's data contains; none may reach another company. */
const COMPANY_MARKERS = [
  'Peajes',
  'Octavio',
  'contador@demo.cl',
  'ANDES-TRASPASO',
  fakeToken('andes').slice(-4),
];

/** A body that would succeed if the route ignored the company scope. */
const PLAUSIBLE_BODIES: Record<string, unknown> = {
  'connection.put': { token: fakeToken('pacifico') },
  'settings.put': { voucherType: 'EGRESO' },
  'mappings.put': { debitAccount: '4110203001', creditAccount: '2110701001' },
  'permissions.put': { permissions: ['rindegastos.view'] },
};

forEachDatabase('every route enforces license, permission and company scope', (suite) => {
  let bed: Testbed;
  let companyCategoryId: string;

  // sync.run starts a background run: let it finish before the next test cleans the tables.
  afterEach(() => bed.container.resolve(SyncService).idle());

  beforeEach(async () => {
    bed = await createTestbed(suite.db);
    await connect(bed, fakeToken('andes'));
    await bed.call('settings.put', { body: { voucherType: 'ANDES-TRASPASO' } });
    await bed.call('permissions.put', {
      params: { userId: USERS.auditor.id },
      body: { permissions: ['rindegastos.view'] },
    });
    const peajes = await suite
      .db('rg_catalog_items')
      .where({ company_id: COMPANY, kind: 'category', remote_key: 'Peajes' })
      .first();
    companyCategoryId = String(peajes.id);

    bed.fake.data = {
      ...buildFakeData(),
      policies: [policy(9001, 'Ventas', { categories: [category('Hotel', '4110203001')] })],
      users: [user(501, 'Paula', 'Pacífico', '7.654.321-6', 'V-1')],
    };
    await connect(bed, fakeToken('pacifico'), OTHER_COMPANY, USERS.otherAdmin);
  });

  function paramsFor(route: PluginRoute): Record<string, string> {
    const params: Record<string, string> = {};
    for (const m of route.path.matchAll(/:(\w+)/g)) {
      params[m[1]] =
        m[1] === 'kind'
          ? 'categories'
          : m[1] === 'id'
            ? companyCategoryId
            : m[1] === 'userId'
              ? // Not the caller himself: nobody changes his own grants.
                USERS.auditor.id
              : '1';
    }
    return params;
  }

  function permissionOf(routeId: string): string {
    return bed.specs.find((s) => s.id === routeId)!.permission;
  }

  async function grant(permissions: string[]) {
    await bed.container
      .resolve(PermissionRepository)
      .replace(COMPANY, USERS.accountant.id, permissions as never, 'test', '2026-11-28T12:00:00.000Z');
  }

  async function companyRows() {
    const out: Record<string, unknown> = {};
    for (const t of ['rg_connections', 'rg_settings', 'rg_catalog_items', 'rg_permissions']) {
      out[t] = await suite
        .db(t)
        .where({ company_id: COMPANY })
        .orderBy(t === 'rg_catalog_items' ? 'id' : 'company_id');
    }
    return out;
  }

  it('covers every route the plugin serves, and every route the manifest declares', () => {
    const ids = bed.routes.map((r) => r.id);
    expect(ids).to.have.members(manifestJson.routes);
    expect(ids.length).to.be.at.least(13);
  });

  it('refuses every route with 402 for a company without a license', async () => {
    for (const route of bed.routes) {
      const res = await bed.call(route.id, {
        company: UNLICENSED_COMPANY,
        user: USERS.unlicensedAdmin,
        params: paramsFor(route),
        body: PLAUSIBLE_BODIES[route.id] ?? {},
      });
      expect(res.status, route.id).to.equal(402);
    }
  });

  it('refuses every route with 403 to a user holding every permission but its own', async () => {
    for (const route of bed.routes) {
      await grant(ALL_PERMISSIONS.filter((p) => p !== permissionOf(route.id)));
      const res = await bed.call(route.id, {
        user: USERS.accountant,
        params: paramsFor(route),
        body: PLAUSIBLE_BODIES[route.id] ?? {},
      });
      expect(res.status, route.id).to.equal(403);
    }
  });

  it('lets every route through to a user holding exactly its permission', async () => {
    for (const route of bed.routes) {
      await grant([permissionOf(route.id)]);
      const res = await bed.call(route.id, {
        user: USERS.accountant,
        params: paramsFor(route),
        body:
          route.id === 'connection.put' ? { token: fakeToken('andes') } : (PLAUSIBLE_BODIES[route.id] ?? {}),
      });
      expect([401, 402, 403], `${route.id} → ${res.status} ${JSON.stringify(res.body)}`).to.not.include(
        res.status,
      );
      // Put the token back for the routes after a revocation.
      if (route.id === 'connection.delete') await connect(bed, fakeToken('andes'));
    }
  });

  it("refuses every route with 403 to another company's admin, without a word of that company's data", async () => {
    const before = await companyRows();
    for (const route of bed.routes) {
      const res = await bed.call(route.id, {
        company: COMPANY,
        user: USERS.otherAdmin,
        params: paramsFor(route),
        body: PLAUSIBLE_BODIES[route.id] ?? {},
      });
      expect(res.status, route.id).to.equal(403);
      for (const marker of COMPANY_MARKERS) expect(JSON.stringify(res.body), route.id).to.not.include(marker);
    }
    expect(await companyRows()).to.deep.equal(before);
  });

  it("never shows or changes a company's data to another company's admin using its ids", async () => {
    const before = await companyRows();
    for (const route of bed.routes) {
      const res = await bed.call(route.id, {
        company: OTHER_COMPANY,
        user: USERS.otherAdmin,
        params: paramsFor(route),
        body: PLAUSIBLE_BODIES[route.id] ?? {},
      });
      expect(res.status, `${route.id} → ${JSON.stringify(res.body)}`).to.be.below(500);
      for (const marker of COMPANY_MARKERS) {
        expect(JSON.stringify(res.body), `${route.id} leaks ${marker}`).to.not.include(marker);
      }
    }
    expect(await companyRows()).to.deep.equal(before);
  });
});
