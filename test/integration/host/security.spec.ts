import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { signPayload } from '../../../host/store/webhookSignature';
import { forEachDatabase } from '../../support/databases';
import {
  HostClient,
  hostMigrators,
  loggedIn,
  PASSWORD,
  seedTwoCompanies,
  startTestHost,
  testConfig,
  type TestHostServer,
} from '../../support/hostHarness';

const SKU = 'RINDEGASTOS-INTEGRACION';
const WEBHOOK = '/api/store/webhooks/payment';

function paymentEvent(orderId: string, overrides: { id?: string; amountClp?: number } = {}) {
  return {
    id: overrides.id ?? `evt_test_${orderId.slice(0, 8)}`,
    type: 'payment.succeeded',
    created: '2026-11-28T12:00:00.000Z',
    data: { orderId, amountClp: overrides.amountClp ?? 29900, currency: 'CLP' },
  };
}

forEachDatabase(
  'host security',
  (suite) => {
    let server: TestHostServer;
    let seeded: Awaited<ReturnType<typeof seedTwoCompanies>>;
    const secret = testConfig().storeWebhookSecret!;

    before(async () => {
      server = await startTestHost(suite.db);
    });
    after(async () => {
      await server?.close();
    });
    beforeEach(async () => {
      seeded = await seedTwoCompanies(suite.db, server.clock);
    });

    /** Posts raw bytes to the webhook over HTTP, as a payment provider does. */
    async function deliver(raw: string, signature: string | null) {
      const res = await fetch(server.baseUrl + WEBHOOK, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'x-payment-signature': signature }),
        },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    async function placeOrder(client: HostClient): Promise<string> {
      const res = await client.post<{ order: { id: string } }>('/api/store/orders', { sku: SKU });
      expect(res.status).to.equal(201);
      return res.body.order.id;
    }

    async function snapshot() {
      return {
        orders: await suite.db('host_store_orders').orderBy('id'),
        events: await suite.db('host_payment_events').orderBy('event_id'),
        installations: await suite.db('rg_installations').orderBy('company_id'),
      };
    }

    describe('payment webhook', () => {
      it('refuses a bad signature with 401 and activates nothing', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const raw = JSON.stringify(paymentEvent(orderId));
        const before = await snapshot();
        for (const signature of [
          signPayload('another-secret-entirely-123', raw),
          signPayload(secret, raw + ' '),
          'sha256=' + '0'.repeat(64),
          'garbage',
          null,
        ]) {
          const res = await deliver(raw, signature);
          expect(res.status, String(signature)).to.equal(401);
          expect((res.body.error as { code: string }).code).to.equal('INVALID_SIGNATURE');
        }
        expect(await snapshot()).to.deep.equal(before);
        const admin = await loggedIn(server, 'admin@demo.cl');
        expect((await admin.get('/api/plugins/rindegastos/status')).status).to.equal(402);
      });

      it('refuses a body changed after signing (the HMAC covers the raw bytes)', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const signed = JSON.stringify(paymentEvent(orderId));
        const tampered = signed.replace('29900', '1');
        const res = await deliver(tampered, signPayload(secret, signed));
        expect(res.status).to.equal(401);
        expect((await suite.db('host_store_orders').where({ id: orderId }).first()).status).to.equal(
          'pending_payment',
        );
      });

      it('accepts a validly signed event whose JSON spacing differs from a re-serialization', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const raw = JSON.stringify(paymentEvent(orderId), null, 2);
        const res = await deliver(raw, signPayload(secret, raw));
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ received: true, duplicate: false, activated: true });
      });

      it('changes nothing when the same event is delivered again', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const raw = JSON.stringify(paymentEvent(orderId));
        const first = await deliver(raw, signPayload(secret, raw));
        expect(first.status).to.equal(200);
        const afterFirst = await snapshot();
        server.clock.advance(3_600_000);
        for (let i = 0; i < 3; i++) {
          const again = await deliver(raw, signPayload(secret, raw));
          expect(again.status).to.equal(200);
          expect(again.body).to.include({ duplicate: true });
        }
        expect(await snapshot()).to.deep.equal(afterFirst);
      });

      it('keeps the first payment when a second event pays the same order', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const one = JSON.stringify(paymentEvent(orderId, { id: 'evt_one' }));
        await deliver(one, signPayload(secret, one));
        const order = await suite.db('host_store_orders').where({ id: orderId }).first();
        const installation = await suite.db('rg_installations').first();
        server.clock.advance(60_000);
        const two = JSON.stringify(paymentEvent(orderId, { id: 'evt_two' }));
        expect((await deliver(two, signPayload(secret, two))).status).to.equal(200);
        expect(await suite.db('host_store_orders').where({ id: orderId }).first()).to.deep.equal(order);
        expect(await suite.db('rg_installations').first()).to.deep.equal(installation);
      });

      it('refuses a signed event whose amount differs from the order (422) and leaves it unpaid', async () => {
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const raw = JSON.stringify(paymentEvent(orderId, { amountClp: 100 }));
        const res = await deliver(raw, signPayload(secret, raw));
        expect(res.status).to.equal(422);
        expect((await snapshot()).events).to.deep.equal([]);
        expect((await suite.db('host_store_orders').where({ id: orderId }).first()).status).to.equal(
          'pending_payment',
        );
      });

      it('answers 404 to a signed event for an order that does not exist, recording nothing', async () => {
        const raw = JSON.stringify(paymentEvent('no-such-order'));
        expect((await deliver(raw, signPayload(secret, raw))).status).to.equal(404);
        expect(await suite.db('host_payment_events')).to.deep.equal([]);
      });
    });

    describe('login', () => {
      it('answers a wrong password and an unknown email with the same 401 body', async () => {
        const wrongPassword = await new HostClient(server).login('admin@demo.cl', 'not-the-password');
        const unknownEmail = await new HostClient(server).login('nadie@demo.cl', PASSWORD);
        expect(wrongPassword.status).to.equal(401);
        expect(unknownEmail.status).to.equal(401);
        expect(wrongPassword.body).to.deep.equal(unknownEmail.body);
        expect(wrongPassword.body).to.deep.equal({
          error: { code: 'INVALID_CREDENTIALS', message: 'Correo o contraseña incorrectos.' },
        });
        expect(wrongPassword.headers['set-cookie']).to.equal(undefined);
      });

      it('sets an httpOnly, SameSite=Strict session cookie and stores only its hash', async () => {
        const client = new HostClient(server);
        const res = await client.login('ADMIN@demo.cl ');
        expect(res.status).to.equal(201);
        const cookie = String(res.headers['set-cookie']);
        expect(cookie).to.match(/^rg_session=[A-Za-z0-9_-]{43};/);
        expect(cookie)
          .to.match(/HttpOnly/)
          .and.match(/SameSite=Strict/)
          .and.match(/Path=\//);
        // A relative lifetime: the browser must not compare a server-computed date with its clock.
        expect(cookie)
          .to.match(/Max-Age=43200/)
          .and.not.match(/Expires=/);
        const value = client.cookie!.split('=')[1];
        const rows = await suite.db('host_sessions');
        expect(rows).to.have.length(1);
        expect(rows[0].id_hash).to.not.equal(value);
        expect(rows[0].id_hash).to.equal(createHash('sha256').update(value).digest('hex'));
        expect(server.log.text()).to.not.include(value);
        expect(server.log.text()).to.not.include(PASSWORD);
      });

      it('rejects unknown fields in the login body with a Spanish message', async () => {
        const res = await new HostClient(server).request('POST', '/api/session', {
          email: 'admin@demo.cl',
          password: PASSWORD,
          companyId: seeded.pinos.company.id,
        });
        expect(res.status).to.equal(400);
        expect((res.body as { error: { message: string } }).error.message).to.include(
          'campo no permitido "companyId"',
        );
      });

      it('ends the session on logout: the old cookie no longer works', async () => {
        const client = await loggedIn(server, 'admin@demo.cl');
        const cookie = client.cookie;
        expect((await client.request('DELETE', '/api/session')).status).to.equal(204);
        const stale = new HostClient(server);
        stale.cookie = cookie;
        expect((await stale.get('/api/me')).status).to.equal(401);
      });

      it('expires a session after 12 hours', async () => {
        const client = await loggedIn(server, 'admin@demo.cl');
        server.clock.advance(11 * 3_600_000);
        expect((await client.get('/api/me')).status).to.equal(200);
        server.clock.advance(2 * 3_600_000);
        expect((await client.get('/api/me')).status).to.equal(401);
      });
    });

    describe('no session', () => {
      it('answers 401 on every host and plugin route', async () => {
        const anon = new HostClient(server);
        const forged = new HostClient(server);
        forged.cookie = 'rg_session=' + 'A'.repeat(43);
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        const routes: [Parameters<HostClient['request']>[0], string, unknown?][] = [
          ['GET', '/api/me'],
          ['GET', '/api/menus'],
          ['GET', '/api/store/items'],
          ['GET', '/api/store/orders'],
          ['GET', `/api/store/orders/${orderId}`],
          ['POST', '/api/store/orders', { sku: SKU }],
          ['POST', `/api/store/orders/${orderId}/pay`, {}],
          ['GET', '/api/plugins/rindegastos/status'],
        ];
        for (const client of [anon, forged]) {
          for (const [method, url, body] of routes) {
            const res = await client.request(method, url, body);
            expect(res.status, `${method} ${url}`).to.equal(401);
            expect((res.body as { error: { code: string } }).error.code).to.equal('UNAUTHENTICATED');
          }
        }
        expect((await suite.db('host_store_orders').where({ id: orderId }).first()).status).to.equal(
          'pending_payment',
        );
      });
    });

    describe('cross-company isolation', () => {
      it("never lets one company read, pay or use another company's store orders or plugin", async () => {
        const andes = await loggedIn(server, 'admin@demo.cl');
        const pinos = await loggedIn(server, 'admin@pinos.cl');
        const andesOrder = await placeOrder(andes);

        expect((await pinos.get(`/api/store/orders/${andesOrder}`)).status).to.equal(404);
        expect((await pinos.post(`/api/store/orders/${andesOrder}/pay`)).status).to.equal(404);
        expect((await pinos.get<{ orders: unknown[] }>('/api/store/orders')).body.orders).to.deep.equal([]);
        expect((await suite.db('host_store_orders').where({ id: andesOrder }).first()).status).to.equal(
          'pending_payment',
        );

        expect((await andes.post(`/api/store/orders/${andesOrder}/pay`)).status).to.equal(200);
        // The company comes from the session alone; a query or body naming another company is ignored.
        const sneaky = await pinos.get(
          `/api/plugins/rindegastos/status?companyId=${seeded.andes.company.id}`,
        );
        expect(sneaky.status).to.equal(402);
        const pinosItems = await pinos.get<{ items: { owned: boolean; pendingOrderId: string | null }[] }>(
          '/api/store/items',
        );
        expect(pinosItems.body.items[0]).to.include({ owned: false, pendingOrderId: null });
        const pinosMe = await pinos.get<{ company: { id: string }; permissions: string[] }>('/api/me');
        expect(pinosMe.body.company.id).to.equal(seeded.pinos.company.id);
      });

      it('lets only company admins buy and pay (403 for other users)', async () => {
        const contador = await loggedIn(server, 'contador@demo.cl');
        const buy = await contador.post<{ error: { code: string; message: string } }>('/api/store/orders', {
          sku: SKU,
        });
        expect(buy.status).to.equal(403);
        expect(buy.body.error.message).to.match(/administrador/);
        const orderId = await placeOrder(await loggedIn(server, 'admin@demo.cl'));
        expect((await contador.post(`/api/store/orders/${orderId}/pay`)).status).to.equal(403);
      });
    });
  },
  { migrators: hostMigrators },
);
