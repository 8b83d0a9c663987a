import { expect } from 'chai';
import fs from 'node:fs';
import type { MenuNode } from '../../../host/menus';
import { forEachDatabase } from '../../support/databases';
import {
  buyAndPay,
  HostClient,
  hostMigrators,
  loggedIn,
  pluginWithElement,
  seedTwoCompanies,
  startTestHost,
  type TestHostServer,
} from '../../support/hostHarness';

function leaves(nodes: MenuNode[]): NonNullable<MenuNode['entry']>[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : n.entry ? [n.entry] : []));
}

forEachDatabase(
  'host web shell',
  (suite) => {
    let server: TestHostServer;
    let pluginDir: string;
    const extraCalls: string[] = [];

    before(async () => {
      pluginDir = pluginWithElement();
      server = await startTestHost(suite.db, {
        pluginRoot: pluginDir,
        registerExtraRoutes: (app, auth) => {
          app.get('/api/ledger/vouchers', async (req) => {
            const principal = await auth(req);
            extraCalls.push(principal.companyId);
            return { vouchers: [] };
          });
        },
      });
    });
    after(async () => {
      await server?.close();
      fs.rmSync(pluginDir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await seedTwoCompanies(suite.db, server.clock);
    });

    it('serves the shell for every page route, with a strict content security policy', async () => {
      for (const url of ['/', '/login', '/tienda/integraciones/funcionalidades', '/rindegastos/informes']) {
        const res = await server.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).to.equal(200);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(res.body).to.include('<html lang="es-CL">').and.include('/assets/app.js');
        expect(res.headers['content-security-policy'])
          .to.include("script-src 'self'")
          .and.include("frame-ancestors 'none'")
          .and.not.include('unsafe-inline');
        expect(res.headers['x-frame-options']).to.equal('DENY');
      }
    });

    it('serves the shell assets and nothing outside host/web', async () => {
      const js = await server.app.inject({ method: 'GET', url: '/assets/app.js' });
      expect(js.statusCode).to.equal(200);
      expect(js.headers['content-type']).to.match(/^text\/javascript/);
      for (const url of ['/assets/../server.js', '/assets/%2e%2e/%2e%2e/package.json', '/assets/nope.js']) {
        expect((await server.app.inject({ method: 'GET', url })).statusCode, url).to.equal(404);
      }
    });

    it('answers unknown API paths with a JSON 404, never the shell', async () => {
      const res = await server.app.inject({ method: 'GET', url: '/api/nada' });
      expect(res.statusCode).to.equal(404);
      expect(res.json().error.code).to.equal('NOT_FOUND');
    });

    it('gives an active plugin menu its custom element and serves only the declared module folder', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      await buyAndPay(admin);
      const menus = await admin.get<{ menus: MenuNode[] }>('/api/menus');
      const informes = leaves(menus.body.menus).find((e) => e.id === 'rindegastos.informes')!;
      expect(informes).to.include({
        route: '/rindegastos/informes',
        element: 'rg-informes',
        moduleUrl: '/plugins/rindegastos/ui/informes.js',
        pluginId: 'rindegastos',
      });
      const token = leaves(menus.body.menus).find((e) => e.id === 'rindegastos.config.token')!;
      expect(token.element).to.equal(undefined);

      const mod = await server.app.inject({ method: 'GET', url: informes.moduleUrl! });
      expect(mod.statusCode).to.equal(200);
      expect(mod.body).to.include("customElements.define('rg-informes'");
      for (const url of [
        '/plugins/rindegastos/manifest.json',
        '/plugins/rindegastos/main.js',
        '/plugins/rindegastos/ui/../manifest.json',
        '/plugins/rindegastos/ui/%2e%2e/main.js',
      ]) {
        expect((await server.app.inject({ method: 'GET', url })).statusCode, url).to.equal(404);
      }
    });

    it('hands extra routes the session authenticator (the ledger seam)', async () => {
      expect((await new HostClient(server).get('/api/ledger/vouchers')).status).to.equal(401);
      const pinos = await loggedIn(server, 'admin@pinos.cl');
      const me = await pinos.get<{ company: { id: string } }>('/api/me');
      expect((await pinos.get('/api/ledger/vouchers')).status).to.equal(200);
      expect(extraCalls.at(-1)).to.equal(me.body.company.id);
    });
  },
  { migrators: hostMigrators },
);
