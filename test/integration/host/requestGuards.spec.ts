/**
 * CSRF and content type on every state-changing route the host serves (its own, the ledger's and
 * the plugin's). The route list is the host's own route table, so a route added later is covered
 * the moment it is registered.
 */
import { expect } from 'chai';
import { isStateChanging, type RouteRef } from '../../../host/http/requestGuards';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators } from '../../support/hostHarness';
import { PLUGIN_API, startStack, type Stack, type StackClient } from '../../support/stack';

/** A concrete URL for a route pattern: every `:param` gets a plausible value. */
function urlOf(route: RouteRef): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'period' ? '2026-11' : '1'));
}

forEachDatabase(
  'host request guards: CSRF and content type on every state-changing route',
  (suite) => {
    let stack: Stack;
    let admin: StackClient;

    beforeEach(async () => {
      stack = await startStack(suite.db);
      admin = await stack.connectCompany(stack.companies.andes);
    });
    afterEach(async () => {
      await stack?.syncsSettled();
      await stack?.stop();
    });

    function stateChangingRoutes(): RouteRef[] {
      return stack.server.routes.filter((r) => isStateChanging(r.method, r.url));
    }

    async function snapshot() {
      const out: Record<string, unknown> = {};
      for (const table of [
        'host_fiscal_periods',
        'host_store_orders',
        'host_vouchers',
        'host_ledger_accounts',
        'host_sessions',
        'rg_sync_runs',
        'rg_settings',
        'rg_connections',
        'rg_permissions',
      ]) {
        out[table] = await suite.db(table).select();
      }
      return out;
    }

    it('knows every plugin route and the host routes that change state', () => {
      const routes = stateChangingRoutes().map((r) => `${r.method} ${r.url}`);
      for (const route of stack.server.plugin.running.routes.filter((r) => r.method !== 'GET')) {
        expect(routes).to.include(`${route.method} /api/plugins/rindegastos${route.path}`);
      }
      expect(routes).to.include.members([
        'POST /api/session',
        'POST /api/store/orders/:id/pay',
        'POST /api/store/webhooks/payment',
        'POST /api/ledger/periods/:period/close',
        'POST /api/ledger/vouchers/:id/reverse',
      ]);
    });

    it('refuses a text/plain body on every state-changing route with 415 in Spanish, changing nothing', async () => {
      const before = await snapshot();
      for (const route of stateChangingRoutes()) {
        const res = await admin.request(route.method as 'POST', urlOf(route), 'a=1&b=2', {
          'content-type': 'text/plain',
        });
        const label = `${route.method} ${route.url}`;
        expect(res.status, label).to.equal(415);
        expect(res.body, label).to.deep.equal({
          error: {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message:
              'Tipo de contenido no soportado: envíe el cuerpo como JSON con Content-Type: application/json (o sin cuerpo).',
          },
        });
      }
      expect(await snapshot()).to.deep.equal(before);
    });

    it('refuses a request from another origin (another port of the same host) with 403, changing nothing', async () => {
      const before = await snapshot();
      const otherPort = new URL(stack.baseUrl);
      otherPort.port = String(Number(otherPort.port) + 1);
      for (const route of stateChangingRoutes()) {
        const label = `${route.method} ${route.url}`;
        for (const headers of <Record<string, string>[]>[
          { origin: otherPort.origin },
          { 'sec-fetch-site': 'same-site' },
          { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
          { origin: 'null' },
        ]) {
          const res = await admin.request(route.method as 'POST', urlOf(route), {}, headers);
          expect(res.status, `${label} ${JSON.stringify(headers)}`).to.equal(403);
          expect((res.body as { error: { code: string; message: string } }).error).to.deep.equal({
            code: 'CROSS_SITE',
            message:
              'Solicitud rechazada: viene de otro sitio. Use el ERP desde su propia dirección; si usa un proxy, configure TRUST_PROXY.',
          });
        }
      }
      expect(await snapshot()).to.deep.equal(before);
    });

    it('stops the probe: a text/plain form from another port cannot close a period or start a sync', async () => {
      const page = new URL(stack.baseUrl);
      page.port = String(Number(page.port) + 1);
      for (const path of ['/api/ledger/periods/2026-11/close', `${PLUGIN_API}/sync`]) {
        const res = await fetch(stack.baseUrl + path, {
          method: 'POST',
          headers: {
            cookie: admin.cookie!,
            origin: page.origin,
            'sec-fetch-site': 'same-site',
            'content-type': 'text/plain',
          },
          body: 'x=1',
        });
        expect(res.status, path).to.equal(403);
      }
      expect(await suite.db('host_fiscal_periods')).to.deep.equal([]);
      expect(await suite.db('rg_sync_runs')).to.deep.equal([]);
    });

    it('lets the host’s own pages through (same origin), and scripts that send no Origin', async () => {
      const own = await admin.request(
        'POST',
        '/api/ledger/periods/2026-10/close',
        {},
        {
          origin: stack.baseUrl,
          'sec-fetch-site': 'same-origin',
        },
      );
      expect(own.status).to.equal(200);
      const script = await admin.request('POST', '/api/ledger/periods/2026-10/open', {});
      expect(script.status).to.equal(200);
    });

    it('accepts an empty body or {} on action routes whatever the content type says', async () => {
      const buyer = await stack.login(stack.companies.pinos.admin.email);
      const order = await buyer.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      const emptyJson = { 'content-type': 'application/json' };
      const pay = await buyer.request('POST', `/api/store/orders/${order.body.order.id}/pay`, '', emptyJson);
      expect(pay.status, JSON.stringify(pay.body)).to.equal(200);

      const sync = await admin.request('POST', `${PLUGIN_API}/sync`, '', emptyJson);
      expect(sync.status, JSON.stringify(sync.body)).to.equal(202);
      await stack.syncsSettled();
      const runs = await admin.request('POST', `${PLUGIN_API}/catalog/import`, '', {
        'content-type': 'text/plain',
      });
      expect(runs.status, JSON.stringify(runs.body)).to.not.equal(415);
      expect(JSON.stringify(runs.body)).to.not.include('FST_');

      // Every state-changing route: an empty body never meets fastify's "Body cannot be empty".
      for (const route of stateChangingRoutes()) {
        for (const body of ['', '{}']) {
          const res = await admin.request(route.method as 'POST', urlOf(route), body, emptyJson);
          await stack.syncsSettled();
          const label = `${route.method} ${route.url} ${JSON.stringify(body)}`;
          expect(res.status, label).to.not.equal(415);
          expect(JSON.stringify(res.body), label).to.not.match(/FST_|Body cannot be empty/);
        }
      }
    });
  },
  { migrators: hostMigrators },
);
