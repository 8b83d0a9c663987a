import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { main } from '../../../host/cli/main';
import type { Authenticate } from '../../../host/http/auth';
import { defaultWiring } from '../../../host/wiring';
import { type Host } from '../../../plugin/index';
import { createKnex } from '../../../shared/db/database';
import { BullMqScheduler } from '../../../host/runtime/BullMqScheduler';
import { deleteRedisKeys, TEST_REDIS_URL, testRedisPrefix } from '../../support/redis';

import { capture, freshDatabase } from '../../support/cliDatabase';

for (const engine of ['sqlite', 'mariadb'] as const) {
  describe(`[${engine}] host CLI`, function () {
    this.timeout(60_000);
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      db = await freshDatabase(engine);
      env = { DATABASE_URL: db.url, DATA_DIR: path.join(db.dir, 'data'), PORT: '0', LOG_LEVEL: 'silent' };
    });
    afterEach(async () => {
      await db.drop();
      fs.rmSync(db.dir, { recursive: true, force: true });
    });

    async function tables(): Promise<string[]> {
      const k = createKnex(db.url);
      try {
        const names: string[] = [];
        for (const t of [
          'host_companies',
          'host_users',
          'host_sessions',
          'host_store_orders',
          'host_payment_events',
          'rg_installations',
        ]) {
          if (await k.schema.hasTable(t)) names.push(t);
        }
        return names;
      } finally {
        await k.destroy();
      }
    }

    it('migrate creates the host and plugin tables, twice without harm, and a 0600 key file', async () => {
      const io = capture();
      expect(await main(['migrate'], { env, io })).to.equal(0);
      expect(await main(['migrate'], { env, io })).to.equal(0);
      expect(await tables()).to.have.length(6);
      expect(io.lines.join('\n')).to.include('Migraciones al día');
      expect(fs.statSync(path.join(env.DATA_DIR!, 'secret.key')).mode & 0o777).to.equal(0o600);
    });

    it('demo:seed creates the demo companies and users once, seeding each new company', async () => {
      const seededCompanies: string[] = [];
      const wiring = (c: Parameters<typeof defaultWiring>[0]) => ({
        ...defaultWiring(c),
        seedCompany: async (_db: unknown, companyId: string) => void seededCompanies.push(companyId),
      });
      const io = capture();
      expect(
        await main(['demo:seed'], { env: { ...env, DEMO_PASSWORD: 'clave-demo-9' }, io, wiring }),
      ).to.equal(0);
      expect(io.lines.join('\n'))
        .to.include('Comercial Andes SpA')
        .and.include('admin@demo.cl')
        .and.include('clave-demo-9');
      expect(seededCompanies).to.have.length(2);

      const again = capture();
      expect(await main(['demo:seed'], { env, io: again, wiring })).to.equal(0);
      expect(again.lines.join('\n')).to.include('nada que crear');
      expect(seededCompanies).to.have.length(2);

      const k = createKnex(db.url);
      try {
        const companies = await k('host_companies').orderBy('name');
        expect(companies.map((c) => [c.name, c.rut])).to.deep.equal([
          ['Comercial Andes SpA', '76.123.456-0'],
          ['Minera Los Pinos Ltda.', '76.543.210-3'],
        ]);
        const users = await k('host_users').orderBy('email');
        expect(users.map((u) => [u.email, Boolean(u.is_company_admin)])).to.deep.equal([
          ['admin@demo.cl', true],
          ['admin@pinos.cl', true],
          ['auditor@demo.cl', false],
          ['contador@demo.cl', false],
        ]);
      } finally {
        await k.destroy();
      }
    });

    it('sync: exits 2 on bad arguments or an unknown company, 1 when a run fails, with a summary or --json', async () => {
      const seed = capture();
      expect(await main(['demo:seed'], { env, io: seed })).to.equal(0);
      for (const args of [[], ['--company'], ['--all', '--company', '76.123.456-0'], ['--bogus']]) {
        const io = capture();
        expect(await main(['sync', ...args], { env, io }), args.join(' ')).to.equal(2);
        expect(io.errors.join('\n')).to.match(/--company|Argumento desconocido/);
      }
      const unknown = capture();
      expect(await main(['sync', '--company', '11.111.111-1'], { env, io: unknown })).to.equal(2);
      expect(unknown.errors.join('\n')).to.include('No existe la empresa 11.111.111-1');

      // Not connected to Rindegastos: the run fails and says why.
      const io = capture();
      expect(await main(['sync', '--company', '76123456-0'], { env, io })).to.equal(1);
      const text = io.lines.join('\n');
      expect(text)
        .to.match(/Empresa\s+RUT\s+Estado/)
        .and.include('Comercial Andes SpA')
        .and.include('fallida');
      expect(text).to.include('Sincronización fallida');

      const json = capture();
      expect(await main(['sync', '--company', '76.123.456-0', '--json'], { env, io: json })).to.equal(1);
      const parsed = JSON.parse(json.lines.join('\n')) as {
        companies: { rut: string; outcome: { status: string } }[];
      };
      expect(parsed.companies).to.have.length(1);
      expect(parsed.companies[0]).to.deep.include({ rut: '76.123.456-0' });
      expect(parsed.companies[0].outcome.status).to.equal('failed');

      const none = capture();
      expect(await main(['sync', '--all'], { env, io: none })).to.equal(0);
      expect(none.lines.join('\n')).to.include('No hay empresas con el complemento activo');
    });

    it('serve --demo seeds a new database through the wiring, prints URL and credentials, serves, stops', async () => {
      const io = capture();
      const seededCompanies: string[] = [];
      const ledgers: unknown[] = [];
      const wiring = (c: Parameters<typeof defaultWiring>[0]) => {
        const base = defaultWiring(c);
        return {
          ...base,
          ledger: (deps: Parameters<typeof base.ledger>[0]) => {
            const ledger = base.ledger(deps);
            ledgers.push(ledger);
            return ledger;
          },
          registerExtraRoutes: (app: FastifyInstance, auth: Authenticate, host: Host) => {
            app.get('/api/ledger/vouchers', async (req) => {
              await auth(req);
              return { vouchers: [], sameLedger: host.ledger === ledgers[0] };
            });
          },
          seedCompany: async (_db: unknown, companyId: string) => void seededCompanies.push(companyId),
        };
      };
      let login: { status: number; body: unknown } | null = null;
      let vouchers: unknown = null;
      const code = await main(['serve', '--demo'], {
        env,
        io,
        wiring,
        untilStopped: async (server) => {
          const res = await fetch(`${server.url()}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'admin@demo.cl', password: 'demo1234' }),
          });
          login = { status: res.status, body: await res.json() };
          const cookie = res.headers.get('set-cookie')!.split(';')[0];
          vouchers = await (
            await fetch(`${server.url()}/api/ledger/vouchers`, { headers: { cookie } })
          ).json();
        },
      });
      expect(code).to.equal(0);
      const banner = io.lines.join('\n');
      expect(banner).to.match(/host listo en http:\/\/127\.0\.0\.1:\d+/);
      expect(banner).to.include('admin@demo.cl').and.include('demo1234');
      expect(login!.status).to.equal(201);
      expect((login!.body as { company: { name: string } }).company.name).to.equal('Comercial Andes SpA');
      expect(seededCompanies).to.have.length(2);
      expect(vouchers).to.deep.equal({ vouchers: [], sameLedger: true });
    });

    it('libro-honorarios prints the month as CSV for a company named by RUT, and says what is wrong otherwise', async () => {
      const io = capture();
      expect(await main(['demo:seed'], { env, io })).to.equal(0);
      const unknown = capture();
      expect(await main(['libro-honorarios', '11.111.111-1', '2025-06'], { env, io: unknown })).to.equal(1);
      expect(unknown.errors.join('\n')).to.include('No existe una empresa con RUT 11.111.111-1');
      const usage = capture();
      expect(await main(['libro-honorarios', '76.123.456-0'], { env, io: usage })).to.equal(2);
      expect(usage.errors.join('\n')).to.include('Uso: rindegastos libro-honorarios');

      const k = createKnex(db.url);
      try {
        const company = await k('host_companies').where({ rut: '76.123.456-0' }).first();
        const at = '2025-06-01T00:00:00.000Z';
        await k('rg_installations').insert({
          company_id: company.id,
          status: 'active',
          order_id: 'o-cli',
          created_at: at,
          activated_at: at,
          updated_at: at,
        });
      } finally {
        await k.destroy();
      }
      const badMonth = capture();
      expect(await main(['libro-honorarios', '76.123.456-0', '2025-13'], { env, io: badMonth })).to.equal(1);
      expect(badMonth.errors.join('\n')).to.include('AAAA-MM');
      const book = capture();
      expect(await main(['libro-honorarios', '76.123.456-0', '2025-06'], { env, io: book })).to.equal(0);
      expect(book.lines).to.deep.equal([
        'fecha,N° boleta,RUT,nombre,bruto,retención,líquido,comprobante,observación\r\n,,,TOTAL,0,0,0,,',
      ]);
      expect(book.errors.join('\n')).to.include('0 boletas').and.include('cuadra con el libro');
    });

    it('worker: needs REDIS_URL, says what is wrong with a bad one, runs BullMQ workers until stopped and exits 0', async () => {
      const missing = capture();
      expect(await main(['worker'], { env, io: missing })).to.equal(2);
      expect(missing.errors.join('\n')).to.include('necesita REDIS_URL');
      const bad = capture();
      expect(
        await main(['worker'], { env: { ...env, REDIS_URL: 'http://127.0.0.1:6379' }, io: bad }),
      ).to.equal(1);
      expect(bad.errors.join('\n')).to.include('REDIS_URL debe ser una URL redis://');

      const prefix = testRedisPrefix();
      const io = capture();
      try {
        const code = await main(['worker'], {
          env: { ...env, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix },
          io,
          untilStopped: async (server) => {
            expect(server.scheduler).to.be.instanceOf(BullMqScheduler);
            expect(server.url()).to.equal(null);
          },
        });
        expect(code).to.equal(0);
      } finally {
        await deleteRedisKeys(prefix);
      }
      expect(io.lines.join('\n')).to.include('Worker listo: 2 sincronizaciones a la vez').and.include(prefix);
    });

    it('exits 1 with every configuration problem listed', async () => {
      const io = capture();
      expect(await main(['migrate'], { env: { ...env, PORT: 'x', LEDGER: 'sap' }, io })).to.equal(1);
      expect(io.errors.join('\n')).to.include('PORT').and.include('LEDGER');
    });
  });
}

describe('host CLI usage', () => {
  it('exits 2 on an unknown command and shows the usage', async () => {
    const io = capture();
    expect(await main(['bailar'], { env: {}, io })).to.equal(2);
    expect(io.errors.join('\n')).to.include('Comando desconocido: bailar').and.include('demo:seed');
  });
});
