import { expect } from 'chai';
import type { Knex } from 'knex';
import type { CatalogKind } from '../../../plugin/catalog/catalogKinds';
import type { ImportSummary, KindCounts } from '../../../plugin/catalog/reconcile';
import type { ConnectionView } from '../../../plugin/connection/connectionStatus';
import type { MappingItemView, MappingListView } from '../../../plugin/mapping/MappingService';
import type { RunningSandbox } from '../../../sandbox/index';
import { dumpAllTables, fakeToken } from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators, type ApiResult } from '../../support/hostHarness';
import { collect, sandboxClient } from '../../support/sandbox';
import { startStack, type Stack, type StackClient, type StackCompany } from '../../support/stack';

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
type ConnectBody = { connection: ConnectionView; import: ImportSummary };
type StatusBody = { license: { status: string }; connection: ConnectionView };

/** The Centralización lists by URL segment, with the catalog kind each one holds. */
const LISTS = [
  ['accounts', 'account'],
  ['categories', 'category'],
  ['invoice-categories', 'invoice_category'],
  ['cost-centers', 'cost_center'],
  ['document-types', 'document_type'],
] as const;

/**
 * What the sandbox serves a company, read through the real client and counted here, apart from
 * the plugin's import code: distinct category names (each is a Categoría and a Categoría de
 * factura), distinct account codes, the options of "Tipo de Documento" and "Centro de Costo"
 * (plus the users' CostingCode, which expenses fall back to), policies and users.
 */
async function servedCatalog(sandbox: RunningSandbox, key: string): Promise<Record<CatalogKind, number>> {
  const client = sandboxClient(sandbox, key);
  const policies = await collect(client.getExpensePolicies());
  const categories = new Set<string>();
  const accounts = new Set<string>();
  const costCenters = new Set<string>();
  const documentTypes = new Set<string>();
  for (const p of policies) {
    for (const c of await client.getExpensePolicyCategories(p.Id)) {
      categories.add(c.Name.trim());
      if (c.AccountCode.trim()) accounts.add(c.AccountCode.trim());
    }
    for (const f of await client.getExpensePolicyExpenseFields(p.Id)) {
      const into =
        f.Name === 'Centro de Costo' ? costCenters : f.Name === 'Tipo de Documento' ? documentTypes : null;
      for (const o of f.Options) if (into && o.Code) into.add(o.Code);
    }
  }
  const users = await collect(client.getUsers());
  for (const u of users) if (u.CostingCode) costCenters.add(u.CostingCode);
  return {
    account: accounts.size,
    category: categories.size,
    invoice_category: categories.size,
    cost_center: costCenters.size,
    document_type: documentTypes.size,
    policy: policies.length,
    user: users.length,
  };
}

/** The token and long pieces of it: most of a token leaked is a token leaked. */
function fragments(token: string): string[] {
  const [, payload, signature] = token.split('.');
  return [token, payload, signature, token.slice(-24, -4)];
}

/** Everything the plugin keeps about a company's connection and configuration. */
async function configurationOf(db: Knex, companyId: string) {
  const rows = (table: string) => db(table).where({ company_id: companyId }).orderBy('id');
  return {
    connection: await db('rg_connections').where({ company_id: companyId }),
    catalog: await rows('rg_catalog_items'),
    settings: await db('rg_settings').where({ company_id: companyId }),
    audit: await rows('rg_audit'),
    permissions: await db('rg_permissions').where({ company_id: companyId }),
  };
}

function errorOf(res: ApiResult): ErrorBody['error'] {
  return (res.body as unknown as ErrorBody).error;
}

forEachDatabase(
  'configuration journey over HTTP: token, import, mappings, re-import',
  (suite) => {
    let stack: Stack;
    let andes: StackCompany;
    beforeEach(async () => {
      stack = await startStack(suite.db);
      andes = stack.companies.andes;
    });
    afterEach(async () => {
      await stack?.stop();
    });

    async function list(client: StackClient, segment: string): Promise<MappingListView> {
      const res = await client.plugin<MappingListView>(`/mappings/${segment}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body;
    }

    async function item(client: StackClient, segment: string, key: string): Promise<MappingItemView> {
      const found = (await list(client, segment)).items.find((i) => i.remoteKey === key);
      if (!found) throw new Error(`no ${segment} item ${key}`);
      return found;
    }

    async function map(client: StackClient, segment: string, key: string, body: Record<string, string>) {
      const { id } = await item(client, segment, key);
      const res = await client.plugin<{ item: MappingItemView }>(`/mappings/${segment}/${id}`, 'PUT', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.item.mapped).to.equal(true);
      return res.body.item;
    }

    it('activates on payment, verifies the pasted token and imports exactly what Rindegastos serves', async () => {
      const admin = await stack.login(andes.admin.email);
      expect((await admin.plugin('/status')).status, 'before buying').to.equal(402);
      await stack.activatePlugin(admin);
      const token = stack.tokenFor(andes);

      const res = await stack.pasteToken(admin, token);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const body = res.body as unknown as ConnectBody;
      expect(body.connection).to.include({
        status: 'valid',
        last4: token.slice(-4),
        verifiedAt: stack.clock.now().toISOString(),
      });
      const served = await servedCatalog(stack.sandbox, andes.sandboxKey);
      expect(served.category, 'the sandbox serves a real catalog').to.be.greaterThan(5);
      const nothingElse: Omit<KindCounts, 'new'> = {
        updated: 0,
        reactivated: 0,
        inactivated: 0,
        unchanged: 0,
      };
      const expected = Object.fromEntries(
        Object.entries(served).map(([kind, n]) => [kind, { new: n, ...nothingElse }]),
      );
      expect(body.import.counts).to.deep.equal(expected);
      expect(body.import.removed).to.deep.equal([]);

      for (const [segment, kind] of LISTS) {
        const view = await list(admin, segment);
        expect(view.counts.total, segment).to.equal(served[kind]);
        expect(
          view.items.every((i) => i.active),
          segment,
        ).to.equal(true);
      }
      const categories = await list(admin, 'categories');
      expect(categories.counts.mapped, 'categories arrive unmapped').to.equal(0);

      const status = await admin.plugin<StatusBody>('/status');
      expect(status.status).to.equal(200);
      expect(status.body.license.status).to.equal('active');
      expect(status.body.connection).to.include({ status: 'valid', last4: token.slice(-4) });
    });

    it("offers the company's seeded Chilean chart in the Debe/Haber and Centro de Negocios pickers", async () => {
      const admin = await stack.connectCompany(andes);
      const accounts = await admin.plugin<{ accounts: { code: string }[] }>('/ledger/accounts');
      expect(accounts.status).to.equal(200);
      const codes = accounts.body.accounts.map((a) => a.code);
      expect(codes).to.include.members([
        '1110601001',
        '2110501002',
        '2110701001',
        '4110201002',
        '4110207001',
      ]);
      expect(codes, 'grouping accounts take no lines').to.not.include('41102');
      const centers = await admin.plugin<{ businessCenters: { code: string }[] }>('/ledger/business-centers');
      expect(centers.body.businessCenters.map((c) => c.code)).to.include.members([
        'EMPNEGVTAVTA000',
        'EMPGESGESADM000',
      ]);
      // The host's own ledger API, registered as the CLI registers it, shows the same chart.
      const hostChart = await admin.get<{ accounts: { code: string }[] }>('/api/ledger/accounts');
      expect(hostChart.status).to.equal(200);
      expect(hostChart.body.accounts.map((a) => a.code)).to.include.members(codes);
      expect(await stack.ledger.listAccounts(stack.companies.pinos.company.id)).to.not.be.empty;
    });

    it('never lets the token out: not in a response, a column of any table or a host log line', async () => {
      const admin = await stack.login(andes.admin.email);
      await stack.activatePlugin(admin);
      const token = stack.tokenFor(andes);
      const revoked = stack.sandbox.tokenFor('other');
      stack.sandbox.issueToken('other');

      expect((await stack.pasteToken(admin, token)).status).to.equal(200);
      expect((await admin.plugin('/status')).status).to.equal(200);
      expect((await admin.plugin('/catalog/import', 'POST', {})).status).to.equal(200);
      expect((await stack.pasteToken(admin, revoked)).status).to.equal(422);
      expect((await stack.pasteToken(admin, token)).status, 'pasting it again').to.equal(200);
      const status = await admin.plugin<StatusBody>('/status');
      expect(status.body.connection.last4).to.equal(token.slice(-4));

      const tables = await dumpAllTables(suite.db);
      const logs = stack.log.text();
      const responses = stack.transcript();
      const [stored] = await suite.db('rg_connections').where({ company_id: andes.company.id });
      expect(stored.sealed_token, 'the token is stored, sealed').to.be.a('string').with.length.above(20);
      expect(logs, 'the host logged the requests').to.include('/api/plugins/rindegastos/connection');
      expect(logs, 'the refused token was logged as such').to.include(
        'rindegastos token verification failed',
      );
      for (const secret of [token, revoked]) {
        for (const piece of fragments(secret)) {
          expect(tables.includes(piece), `a table holds ${piece}`).to.equal(false);
          expect(logs.includes(piece), `the log holds ${piece}`).to.equal(false);
          expect(responses.includes(piece), `a response holds ${piece}`).to.equal(false);
        }
      }
    });

    it('refuses a token Rindegastos rejects with 422 and stores nothing, before and after a connection', async () => {
      const admin = await stack.login(andes.admin.email);
      await stack.activatePlugin(admin);
      const revoked = stack.sandbox.tokenFor('other');
      stack.sandbox.issueToken('other');
      const bad = [revoked, fakeToken('parece-un-token-pero-no')];

      async function refused(token: string) {
        const res = await stack.pasteToken(admin, token);
        expect(res.status, JSON.stringify(res.body)).to.equal(422);
        expect(errorOf(res).code).to.equal('TOKEN_REJECTED');
        expect(errorOf(res).message).to.match(/^Rindegastos rechazó el token\..*No se guardó nada\.$/);
      }

      const empty = await configurationOf(suite.db, andes.company.id);
      for (const token of bad) await refused(token);
      expect(await configurationOf(suite.db, andes.company.id)).to.deep.equal(empty);
      expect(empty.connection).to.deep.equal([]);
      expect(empty.catalog).to.deep.equal([]);

      const token = stack.tokenFor(andes);
      expect((await stack.pasteToken(admin, token)).status).to.equal(200);
      const connected = await configurationOf(suite.db, andes.company.id);
      for (const t of bad) await refused(t);
      expect(await configurationOf(suite.db, andes.company.id)).to.deep.equal(connected);
      const status = await admin.plugin<StatusBody>('/status');
      expect(status.body.connection).to.include({ status: 'valid', last4: token.slice(-4) });
    });

    it('answers 502 with a retry hint while Rindegastos is down, and keeps the stored connection', async function () {
      // The client retries a refused connection with jittered backoff (a few seconds in all).
      this.timeout(60_000);
      const admin = await stack.login(andes.admin.email);
      await stack.activatePlugin(admin);
      const token = stack.tokenFor(andes);
      expect((await stack.pasteToken(admin, token)).status).to.equal(200);
      const connected = await configurationOf(suite.db, andes.company.id);

      await stack.sandbox.close();
      const res = await stack.pasteToken(admin, token);
      expect(res.status, JSON.stringify(res.body)).to.equal(502);
      expect(errorOf(res).code).to.equal('RINDEGASTOS_API');
      expect(errorOf(res).message).to.equal(
        'No se pudo verificar el token: no se pudo conectar con Rindegastos. El token no se guardó; intente nuevamente en unos minutos.',
      );
      expect(errorOf(res).details).to.deep.include({ retryable: true, kind: 'network' });
      expect(await configurationOf(suite.db, andes.company.id)).to.deep.equal(connected);
      const status = await admin.plugin<StatusBody>('/status');
      expect(status.body.connection, 'an outage is no reason to distrust the token').to.include({
        status: 'valid',
        last4: token.slice(-4),
      });
    });

    it('re-imports a renamed, a new and a removed category, keeping every mapping', async () => {
      const admin = await stack.connectCompany(andes);
      const employee = { creditAccount: '2110701001' };
      const mapped = {
        renamed: await map(admin, 'categories', 'Materiales de oficina', {
          debitAccount: '4110206001',
          ...employee,
        }),
        removed: await map(admin, 'categories', 'Peajes y TAG', { debitAccount: '4110203002', ...employee }),
        kept: await map(admin, 'categories', 'Alimentación', { debitAccount: '4110205001', ...employee }),
        invoice: await map(admin, 'invoice-categories', 'Combustible', {
          debitAccount: '4110201002',
          ...employee,
        }),
        account: await map(admin, 'accounts', '4-1-02-05-01', { debitAccount: '4110205001', ...employee }),
        costCenter: await map(admin, 'cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' }),
      };
      const before = await list(admin, 'categories');

      stack.sandbox.renameCategory('demo', 4046, 'Materiales de oficina', 'Útiles de oficina');
      stack.sandbox.addCategory('demo', 4046, {
        Name: 'Capacitación',
        GroupName: 'Oficina',
        GroupCode: 'OFI',
        AccountCode: '4-1-02-06-09',
      });
      stack.sandbox.removeCategory('demo', 4044, 'Peajes y TAG');
      stack.clock.advance(60_000);
      const res = await admin.plugin<{ import: ImportSummary }>('/catalog/import', 'POST', {});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const summary = res.body.import;

      expect(summary.renamed).to.have.deep.members([
        { kind: 'category', from: 'Materiales de oficina', to: 'Útiles de oficina' },
        { kind: 'invoice_category', from: 'Materiales de oficina', to: 'Útiles de oficina' },
      ]);
      expect(summary.removed).to.have.deep.members([
        { kind: 'category', key: 'Peajes y TAG', name: 'Peajes y TAG' },
        { kind: 'invoice_category', key: 'Peajes y TAG', name: 'Peajes y TAG' },
      ]);
      for (const kind of ['category', 'invoice_category'] as const) {
        expect(summary.counts[kind], kind).to.deep.equal({
          new: 1,
          updated: 1,
          reactivated: 0,
          inactivated: 1,
          unchanged: before.counts.total - 2,
        });
      }
      expect(summary.counts.account.new, 'the new category brings its account code').to.equal(1);

      const after = await list(admin, 'categories');
      expect(after.counts.total).to.equal(before.counts.total + 1);
      const byKey = new Map(after.items.map((i) => [i.remoteKey, i]));
      expect(byKey.has('Materiales de oficina')).to.equal(false);
      expect(byKey.get('Útiles de oficina')).to.deep.include({
        id: mapped.renamed.id,
        name: 'Útiles de oficina',
        active: true,
        mapped: true,
        mapping: mapped.renamed.mapping,
      });
      expect(byKey.get('Peajes y TAG')).to.deep.include({
        id: mapped.removed.id,
        active: false,
        removedAt: stack.clock.now().toISOString(),
        mapping: mapped.removed.mapping,
      });
      expect(byKey.get('Alimentación')).to.deep.include({ mapped: true, mapping: mapped.kept.mapping });
      expect(byKey.get('Capacitación')).to.deep.include({
        active: true,
        mapped: false,
        mapping: { debitAccount: null, creditAccount: null },
      });
      expect(await item(admin, 'invoice-categories', 'Útiles de oficina')).to.deep.include({ mapped: false });
      expect(await item(admin, 'invoice-categories', 'Combustible')).to.deep.include({
        mapping: mapped.invoice.mapping,
      });
      expect(await item(admin, 'accounts', '4-1-02-05-01')).to.deep.include({
        mapping: mapped.account.mapping,
      });
      expect(await item(admin, 'accounts', '4-1-02-06-09')).to.deep.include({ mapped: false });
      expect(await item(admin, 'cost-centers', 'CC-210')).to.deep.include({
        mapping: mapped.costCenter.mapping,
      });
    });
  },
  { migrators: hostMigrators },
);

forEachDatabase(
  "configuration journey over HTTP: one company never reaches another's",
  (suite) => {
    let stack: Stack;
    beforeEach(async () => {
      stack = await startStack(suite.db);
    });
    afterEach(async () => {
      await stack?.stop();
    });

    it("gives another company's admin only their own connection, mappings, settings and users", async () => {
      const { andes, pinos } = stack.companies;
      const andesAdmin = await stack.connectCompany(andes);
      const andesCategories = (await andesAdmin.plugin<MappingListView>('/mappings/categories')).body.items;
      const alimentacion = andesCategories.find((i) => i.remoteKey === 'Alimentación')!;
      expect(
        (
          await andesAdmin.plugin(`/mappings/categories/${alimentacion.id}`, 'PUT', {
            debitAccount: '4110205001',
            creditAccount: '2110701001',
          })
        ).status,
      ).to.equal(200);
      expect(
        (await andesAdmin.plugin('/settings', 'PUT', { glosaTemplate: 'Andes {number} {employee}' })).status,
      ).to.equal(200);
      const andesBefore = await configurationOf(suite.db, andes.company.id);
      const andesToken = stack.tokenFor(andes);

      const pinosAdmin = await stack.login(pinos.admin.email);
      // Unlicensed: every plugin route answers 402, with nothing of Andes.
      for (const path of ['/status', '/mappings/categories', '/settings', '/permissions']) {
        const res = await pinosAdmin.plugin(path);
        expect(res.status, path).to.equal(402);
      }
      await stack.activatePlugin(pinosAdmin);

      const status = await pinosAdmin.plugin<StatusBody>(`/status?companyId=${andes.company.id}`);
      expect(status.status).to.equal(200);
      expect(status.body.connection).to.include({ status: 'none', last4: null });

      const categories = await pinosAdmin.plugin<MappingListView>('/mappings/categories');
      expect(categories.status).to.equal(200);
      expect(categories.body.items).to.deep.equal([]);

      const settings = await pinosAdmin.plugin<{ settings: { glosaTemplate: string } }>('/settings');
      expect(settings.body.settings.glosaTemplate).to.equal('Rendición N° {number} {employee}');

      const users = await pinosAdmin.plugin('/permissions');
      expect(users.status).to.equal(200);
      for (const u of andes.users) {
        expect(JSON.stringify(users.body), u.email).to.not.include(u.email);
        expect(JSON.stringify(users.body), u.id).to.not.include(u.id);
      }

      // Changing Andes's data through Andes's ids: not found in Pinos.
      const put = await pinosAdmin.plugin(`/mappings/categories/${alimentacion.id}`, 'PUT', {
        debitAccount: '4110209001',
        creditAccount: '2110701001',
      });
      expect(put.status).to.equal(404);
      const contador = andes.users.find((u) => u.email === 'contador@demo.cl')!;
      const grant = await pinosAdmin.plugin(`/permissions/${contador.id}`, 'PUT', {
        permissions: ['rindegastos.view'],
      });
      expect(grant.status).to.equal(404);
      // Pinos's own actions stay in Pinos.
      expect((await pinosAdmin.plugin('/settings', 'PUT', { autoPost: true })).status).to.equal(200);
      expect((await pinosAdmin.plugin('/connection', 'DELETE')).status).to.equal(404);
      expect((await pinosAdmin.plugin('/catalog/import', 'POST', {})).status).to.equal(409);
      expect((await stack.pasteToken(pinosAdmin, stack.tokenFor(pinos))).status).to.equal(200);
      const pinosItems = (await pinosAdmin.plugin<MappingListView>('/mappings/categories')).body.items;
      const andesIds = new Set(andesCategories.map((i) => i.id));
      expect(pinosItems.length).to.be.greaterThan(0);
      expect(pinosItems.filter((i) => andesIds.has(i.id))).to.deep.equal([]);
      expect(pinosItems.filter((i) => i.mapped && i.mapping)).to.deep.equal([]);

      expect(await configurationOf(suite.db, andes.company.id)).to.deep.equal(andesBefore);
      const andesStatus = await andesAdmin.plugin<StatusBody>('/status');
      expect(andesStatus.body.connection).to.include({ status: 'valid', last4: andesToken.slice(-4) });
      expect(JSON.stringify(pinosAdmin.transcript)).to.not.include(andesToken.slice(-4) + '"');
      expect(JSON.stringify(pinosAdmin.transcript)).to.not.include('Andes {number}');
    });

    it("refuses the company's configuration to a user without a grant (403), naming no data", async () => {
      const { andes } = stack.companies;
      const admin = await stack.connectCompany(andes);
      const contador = await stack.login('contador@demo.cl');
      for (const [method, path, body] of [
        ['GET', '/mappings/categories', undefined],
        ['PUT', '/connection', { token: stack.tokenFor(andes) }],
        ['DELETE', '/connection', undefined],
        ['GET', '/settings', undefined],
        ['PUT', '/settings', { autoPost: true }],
        ['POST', '/catalog/import', {}],
        ['GET', '/status', undefined],
      ] as const) {
        const res = await contador.plugin(path, method, body);
        expect(res.status, `${method} ${path}`).to.equal(403);
        expect(errorOf(res).code).to.equal('NOT_ALLOWED');
      }
      expect(JSON.stringify(contador.transcript)).to.not.include('Alimentación');
      const status = await admin.plugin<StatusBody>('/status');
      expect(status.body.connection.status).to.equal('valid');
    });
  },
  { migrators: hostMigrators },
);
