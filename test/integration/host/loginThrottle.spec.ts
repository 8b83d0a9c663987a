import { expect } from 'chai';
import sinon from 'sinon';
import { DEFAULT_LOGIN_THROTTLE } from '../../../host/config';
import { forEachDatabase } from '../../support/databases';
import {
  HostClient,
  hostMigrators,
  PASSWORD,
  seedTwoCompanies,
  startTestHost,
  testConfig,
  type TestHostServer,
} from '../../support/hostHarness';

const THROTTLED = /^Demasiados intentos fallidos de inicio de sesión\. Espere \d+ (segundos|minutos?) /;

forEachDatabase(
  'login throttling',
  (suite) => {
    let server: TestHostServer | undefined;
    afterEach(async () => {
      sinon.restore();
      await server?.close();
      server = undefined;
    });

    async function start(throttle: Partial<typeof DEFAULT_LOGIN_THROTTLE> = {}) {
      server = await startTestHost(suite.db, {
        config: testConfig({ loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, ...throttle } }),
      });
      await seedTwoCompanies(suite.db, server.clock);
      return server;
    }

    /** A login from a given client address (fastify's inject sets the socket's remote address). */
    async function loginFrom(s: TestHostServer, email: string, password: string, ip = '127.0.0.1') {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password },
        remoteAddress: ip,
      });
      return { status: res.statusCode, body: res.json(), headers: res.headers };
    }

    it('answers the 6th quick wrong password with 429, Retry-After and a Spanish message, without checking it', async () => {
      const s = await start();
      for (let i = 1; i <= 5; i++) {
        expect((await loginFrom(s, 'admin@demo.cl', `wrong-${i}`)).status, `attempt ${i}`).to.equal(401);
      }
      const login = sinon.spy(s.sessions, 'login');
      const sixth = await loginFrom(s, 'admin@demo.cl', 'wrong-6');
      expect(sixth.status).to.equal(429);
      expect(sixth.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
      expect(sixth.body.error.message).to.match(THROTTLED);
      expect(Number(sixth.headers['retry-after'])).to.be.within(1, DEFAULT_LOGIN_THROTTLE.windowMs / 1000);
      // Even the right password waits: a throttled attempt costs no scrypt and tells nothing.
      expect((await loginFrom(s, 'ADMIN@demo.cl ', PASSWORD)).status).to.equal(429);
      expect(login.callCount).to.equal(0);
      // Another account from the same address is not locked by it.
      expect((await loginFrom(s, 'contador@demo.cl', PASSWORD)).status).to.equal(201);
    });

    it('never counts successful logins', async () => {
      const s = await start();
      for (let i = 0; i < 3 * DEFAULT_LOGIN_THROTTLE.perAccount; i++) {
        expect((await loginFrom(s, 'admin@demo.cl', PASSWORD)).status).to.equal(201);
      }
    });

    it('throttles a client address that tries many accounts', async () => {
      const s = await start();
      for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.perAddress; i++) {
        expect((await loginFrom(s, `nadie${i}@demo.cl`, 'x', '10.1.1.1')).status).to.equal(401);
      }
      expect((await loginFrom(s, 'admin@demo.cl', PASSWORD, '10.1.1.1')).status).to.equal(429);
      expect((await loginFrom(s, 'admin@demo.cl', PASSWORD, '10.1.1.2')).status).to.equal(201);
    });

    it('logs failed logins with who and from where, never the password', async () => {
      const s = await start();
      await loginFrom(s, 'admin@demo.cl', 'a-secret-guess-123');
      const failed = s.log.lines.filter((l) => l.msg === 'login failed');
      expect(failed).to.have.length(1);
      expect(failed[0]).to.include({ email: 'admin@demo.cl', ip: '127.0.0.1' });
      expect(s.log.text()).to.not.include('a-secret-guess-123');
    });

    it('lets the account in again once its window has passed', async () => {
      const s = await start();
      // The limiter's window runs on Date: only Date is faked, so scrypt and I/O run as usual.
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      try {
        for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.perAccount; i++)
          await loginFrom(s, 'admin@demo.cl', 'wrong');
        expect((await loginFrom(s, 'admin@demo.cl', PASSWORD)).status).to.equal(429);
        clock.tick(DEFAULT_LOGIN_THROTTLE.windowMs - 60_000);
        expect((await loginFrom(s, 'admin@demo.cl', PASSWORD)).status).to.equal(429);
        clock.tick(60_001);
        expect((await loginFrom(s, 'admin@demo.cl', PASSWORD)).status).to.equal(201);
      } finally {
        clock.restore();
      }
    });
  },
  { migrators: hostMigrators },
);

forEachDatabase(
  'behind a TLS proxy (TRUST_PROXY)',
  (suite) => {
    let server: TestHostServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    async function loginCookie(trustProxy: boolean): Promise<string> {
      server = await startTestHost(suite.db, { config: testConfig({ trustProxy }) });
      await seedTwoCompanies(suite.db, server.clock);
      const res = await new HostClient(server).request(
        'POST',
        '/api/session',
        { email: 'admin@demo.cl', password: PASSWORD },
        { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'erp.example.cl' },
      );
      expect(res.status).to.equal(201);
      return String(res.headers['set-cookie']);
    }

    it('marks the session cookie Secure when the trusted proxy says the request came over https', async () => {
      expect(await loginCookie(true)).to.match(/; Secure/);
    });

    it('ignores X-Forwarded-Proto from anyone when TRUST_PROXY is off', async () => {
      expect(await loginCookie(false)).to.not.match(/Secure/);
    });

    it("accepts the proxy's public origin as the host's own", async () => {
      await loginCookie(true);
      const res = await server!.app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: {
          origin: 'https://erp.example.cl',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'erp.example.cl',
        },
      });
      expect(res.statusCode).to.equal(204);
    });
  },
  { migrators: hostMigrators },
);
