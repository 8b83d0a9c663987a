import { expect } from 'chai';
import * as sinon from 'sinon';
import type { MenuNode } from '../../../host/menus';
import { signPayload } from '../../../host/store/webhookSignature';
import { forEachDatabase } from '../../support/databases';
import {
  hostMigrators,
  loggedIn,
  seedTwoCompanies,
  startTestHost,
  testConfig,
  type HostClient,
  type TestHostServer,
} from '../../support/hostHarness';

/** Every leaf of the menu tree as its label path joined by " › ". */
function menuPaths(nodes: MenuNode[], trail: string[] = []): string[] {
  return nodes.flatMap((n) =>
    n.children ? menuPaths(n.children, [...trail, n.label]) : [[...trail, n.label].join(' › ')],
  );
}

const RG = 'Contabilidad › Contabilidad › Rindegastos';
const PLUGIN_MENUS = [
  `${RG} › Informes`,
  `${RG} › Configuración › Token`,
  `${RG} › Configuración › General`,
  `${RG} › Configuración › Centralización`,
  `${RG} › Configuración › Permisos`,
];

async function menus(client: HostClient): Promise<string[]> {
  const res = await client.get<{ menus: MenuNode[] }>('/api/menus');
  expect(res.status).to.equal(200);
  return menuPaths(res.body.menus);
}

forEachDatabase(
  'host journey: buy, pay, use',
  (suite) => {
    let server: TestHostServer;
    before(async () => {
      server = await startTestHost(suite.db);
    });
    after(async () => {
      await server?.close();
    });
    beforeEach(async () => {
      await seedTwoCompanies(suite.db, server.clock);
    });

    it('shows the Rindegastos menu right after the payment webhook, with no other step', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      const before = await menus(admin);
      expect(before).to.include('Tienda Digital › Integraciones › Funcionalidades');
      expect(before.filter((p) => p.startsWith(RG))).to.deep.equal([]);
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(402);

      const items = await admin.get<{ items: { sku: string; owned: boolean; path: string[] }[] }>(
        '/api/store/items',
      );
      expect(items.body.items).to.have.length(1);
      expect(items.body.items[0]).to.include({ sku: 'RINDEGASTOS-INTEGRACION', owned: false });
      expect(items.body.items[0].path).to.deep.equal([
        'Tienda Digital',
        'Integraciones',
        'Funcionalidades',
        'Integración Rindegastos',
      ]);

      const order = await admin.post<{ order: { id: string; status: string; amountClp: number } }>(
        '/api/store/orders',
        { sku: 'RINDEGASTOS-INTEGRACION' },
      );
      expect(order.status).to.equal(201);
      expect(order.body.order).to.include({ status: 'pending_payment', amountClp: 29900 });
      expect((await menus(admin)).filter((p) => p.startsWith(RG))).to.deep.equal([]);
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(402);

      const paid = await admin.post<{ order: { status: string; activatedAt: string | null } }>(
        `/api/store/orders/${order.body.order.id}/pay`,
      );
      expect(paid.status).to.equal(200);
      expect(paid.body.order.status).to.equal('paid');
      expect(paid.body.order.activatedAt).to.be.a('string');

      expect((await menus(admin)).filter((p) => p.startsWith(RG))).to.deep.equal(PLUGIN_MENUS);
      const status = await admin.get<{ license: { status: string } }>('/api/plugins/rindegastos/status');
      expect(status.status).to.equal(200);
      expect(status.body.license.status).to.equal('active');
      const after = await admin.get<{ items: { owned: boolean }[] }>('/api/store/items');
      expect(after.body.items[0].owned).to.equal(true);
    });

    it('the payment went through the signed webhook and recorded its event once', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      const order = await admin.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      await admin.post(`/api/store/orders/${order.body.order.id}/pay`);
      const events = await suite.db('host_payment_events').where({ order_id: order.body.order.id });
      expect(events).to.have.length(1);
      expect(events[0].event_id).to.match(/^evt_/);
      const webhookLines = server.log.lines.filter(
        (l) => (l.req as { url?: string } | undefined)?.url === '/api/store/webhooks/payment',
      );
      expect(webhookLines, 'the webhook arrived as a real HTTP request').to.not.be.empty;
    });

    it('activates only the paying company: the other company still gets 402 and no menu', async () => {
      await buyAs(server, 'admin@demo.cl');
      const pinos = await loggedIn(server, 'admin@pinos.cl');
      expect((await pinos.get('/api/plugins/rindegastos/status')).status).to.equal(402);
      expect((await menus(pinos)).filter((p) => p.startsWith(RG))).to.deep.equal([]);
    });

    it('shows a non-admin user only the plugin menus their permissions allow (none before a grant)', async () => {
      await buyAs(server, 'admin@demo.cl');
      const contador = await loggedIn(server, 'contador@demo.cl');
      expect((await menus(contador)).filter((p) => p.startsWith(RG))).to.deep.equal([]);
      const me = await contador.get<{ permissions: string[] }>('/api/me');
      expect(me.body.permissions).to.deep.equal([]);
      const adminMe = await (
        await loggedIn(server, 'admin@demo.cl')
      ).get<{ permissions: string[] }>('/api/me');
      expect(adminMe.body.permissions).to.include.members([
        'rindegastos.view',
        'rindegastos.post',
        'rindegastos.configure',
        'rindegastos.token',
        'rindegastos.permissions',
      ]);
    });

    it('answers the same pending order when the admin clicks Comprar twice', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      const first = await admin.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      const second = await admin.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      expect(second.status).to.equal(200);
      expect(second.body.order.id).to.equal(first.body.order.id);
    });

    it('refuses to sell an already active plugin again (409)', async () => {
      const admin = await buyAs(server, 'admin@demo.cl');
      const again = await admin.post<{ error: { code: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('ALREADY_OWNED');
    });
  },
  { migrators: hostMigrators },
);

async function buyAs(server: TestHostServer, email: string): Promise<HostClient> {
  const client = await loggedIn(server, email);
  const order = await client.post<{ order: { id: string } }>('/api/store/orders', {
    sku: 'RINDEGASTOS-INTEGRACION',
  });
  const paid = await client.post(`/api/store/orders/${order.body.order.id}/pay`);
  expect(paid.status).to.equal(200);
  return client;
}

forEachDatabase(
  'host store: an activation that failed is finished, never charged twice',
  (suite) => {
    let server: TestHostServer;
    before(async () => {
      server = await startTestHost(suite.db);
    });
    after(async () => {
      await server?.close();
    });
    beforeEach(async () => {
      await seedTwoCompanies(suite.db, server.clock);
    });

    async function paidButNotActivated(admin: HostClient): Promise<string> {
      const activate = sinon.stub(server.plugin.module, 'activate');
      activate.onFirstCall().rejects(new Error('database briefly unavailable'));
      activate.callThrough();
      const order = await admin.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      const pay = await admin.post<{ error: { code: string } }>(
        `/api/store/orders/${order.body.order.id}/pay`,
      );
      expect(pay.status).to.equal(502);
      const row = await suite.db('host_store_orders').where({ id: order.body.order.id }).first();
      expect(row).to.include({ status: 'paid', activated_at: null });
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(402);
      return order.body.order.id;
    }

    it('activates on the next Pagar click without a second charge', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      const orderId = await paidButNotActivated(admin);
      const retry = await admin.post<{ order: { activatedAt: string | null } }>(
        `/api/store/orders/${orderId}/pay`,
      );
      expect(retry.status).to.equal(200);
      expect(retry.body.order.activatedAt).to.be.a('string');
      expect(await suite.db('host_payment_events').where({ order_id: orderId })).to.have.length(1);
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(200);
    });

    it('activates when the provider redelivers the same signed event', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      const orderId = await paidButNotActivated(admin);
      const { payload_json: raw } = await suite
        .db('host_payment_events')
        .where({ order_id: orderId })
        .first();
      const res = await fetch(server.baseUrl + '/api/store/webhooks/payment', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-payment-signature': signPayload(testConfig().storeWebhookSecret!, raw),
        },
        body: raw,
      });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.include({ duplicate: true, activated: true });
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(200);
    });

    it('activates at the next start (resumeActivations) when nobody clicks again', async () => {
      const admin = await loggedIn(server, 'admin@demo.cl');
      await paidButNotActivated(admin);
      expect(await server.store.resumeActivations()).to.equal(1);
      expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(200);
      expect(await server.store.resumeActivations()).to.equal(0);
    });
  },
  { migrators: hostMigrators },
);
