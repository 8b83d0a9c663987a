/**
 * The plugin's real routes over a real database with a test host: the real built-in ledger
 * (holding the test chart of testChart.ts), test secret box, a directory with three companies and
 * an in-memory Rindegastos. Routes are built exactly as `plugin.start(host)` builds them
 * (createContainer + buildRoutes), on a container where the fake Rindegastos client factory is
 * registered.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { DependencyContainer } from 'tsyringe';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { migrateHostLatest } from '../../host/migrations';
import { createContainer } from '../../plugin/di/container';
import { Tokens } from '../../plugin/di/tokens';
import type { Directory, DirectoryCompany, DirectoryUser } from '../../plugin/host/Host';
import type { PluginResponse, PluginRoute } from '../../plugin/host/Plugin';
import { buildRoutes, routeSpecs } from '../../plugin/http/routes';
import type { RouteSpec } from '../../plugin/http/route';
import plugin from '../../plugin/index';
import { FakeRindegastos } from './fakeRindegastos';
import { createTestChart } from './testChart';
import { FixedClock, MemoryLogger, testHost, type TestHost } from './testHost';
import { TestSecretBox } from './testSecretBox';

export const COMPANY = 'c-andes';
export const OTHER_COMPANY = 'c-pacifico';
export const UNLICENSED_COMPANY = 'c-sinlicencia';

export const USERS = {
  admin: { id: 'u-admin', name: 'Ana Admin', email: 'admin@demo.cl', isCompanyAdmin: true },
  accountant: { id: 'u-conta', name: 'Carla Contadora', email: 'contador@demo.cl', isCompanyAdmin: false },
  auditor: { id: 'u-audit', name: 'Ariel Auditor', email: 'auditor@demo.cl', isCompanyAdmin: false },
  otherAdmin: { id: 'u-pacifico', name: 'Pedro Pacífico', email: 'admin@pacifico.cl', isCompanyAdmin: true },
  unlicensedAdmin: { id: 'u-sin', name: 'Sara Sinlicencia', email: 'admin@sin.cl', isCompanyAdmin: true },
} satisfies Record<string, DirectoryUser>;

/** The host's user directory; tests may move users around. */
export class MutableDirectory implements Directory {
  constructor(
    readonly users: Record<string, DirectoryUser[]> = {
      [COMPANY]: [USERS.admin, USERS.accountant, USERS.auditor],
      [OTHER_COMPANY]: [USERS.otherAdmin],
      [UNLICENSED_COMPANY]: [USERS.unlicensedAdmin],
    },
  ) {}
  async getCompany(companyId: string): Promise<DirectoryCompany | null> {
    return { id: companyId, name: `Empresa ${companyId}`, rut: '76.123.456-0' };
  }
  async listUsers(companyId: string): Promise<DirectoryUser[]> {
    return structuredClone(this.users[companyId] ?? []);
  }
  async getUser(companyId: string, userId: string): Promise<DirectoryUser | null> {
    return structuredClone((this.users[companyId] ?? []).find((u) => u.id === userId) ?? null);
  }
}

/** A JWT-shaped token, unique per label, long enough that any leak is unmistakable. */
export function fakeToken(label: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const sig = createHash('sha256').update(label).digest('base64url');
  return `${b64('{"typ":"JWT","alg":"HS256"}')}.${b64(JSON.stringify({ user_id: '61', company_id: '109', random: `randAPI${label}` }))}.${sig}`;
}

export interface CallOptions {
  company?: string;
  user?: DirectoryUser;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface Testbed {
  host: TestHost;
  container: DependencyContainer;
  fake: FakeRindegastos;
  /** The real ledger; COMPANY and OTHER_COMPANY hold the test chart (testChart.ts). */
  ledger: BuiltinLedger;
  secrets: TestSecretBox;
  directory: MutableDirectory;
  routes: PluginRoute[];
  specs: RouteSpec[];
  /** Every response any call returned, for leak checks. */
  responses: PluginResponse[];
  call(routeId: string, opts?: CallOptions): Promise<PluginResponse>;
}

export async function createTestbed(db: Knex): Promise<Testbed> {
  // The ledger's tables join the plugin's (a no-op once they exist; cleaned between tests like the rest).
  await migrateHostLatest(db);
  const clock = new FixedClock();
  const logger = new MemoryLogger();
  const ledger = new BuiltinLedger(db, { clock, logger });
  for (const companyId of [COMPANY, OTHER_COMPANY]) await createTestChart(ledger, companyId);
  const secrets = new TestSecretBox();
  const directory = new MutableDirectory();
  const host = testHost({ db, ledger, secrets, directory, clock, logger });
  const fake = new FakeRindegastos();
  for (const companyId of [COMPANY, OTHER_COMPANY]) {
    await plugin.activate(host, companyId, {
      id: `ord-${companyId}`,
      sku: 'RINDEGASTOS-INTEGRACION',
      paidAt: '2026-11-01T10:00:00.000Z',
    });
  }
  const container = createContainer(host);
  container.register(Tokens.RindegastosClientFactory, { useValue: fake });
  const routes = buildRoutes(container);
  const responses: PluginResponse[] = [];
  return {
    host,
    container,
    fake,
    ledger,
    secrets,
    directory,
    routes,
    specs: routeSpecs(container),
    responses,
    async call(routeId, opts = {}) {
      const route = routes.find((r) => r.id === routeId);
      if (!route) throw new Error(`no route ${routeId}`);
      const user = opts.user ?? USERS.admin;
      const res = await route.handle({
        context: {
          companyId: opts.company ?? COMPANY,
          user: { id: user.id, name: user.name, isCompanyAdmin: user.isCompanyAdmin },
          requestId: `req-${responses.length + 1}`,
        },
        params: opts.params ?? {},
        query: opts.query ?? {},
        body: opts.body,
      });
      responses.push(res);
      return res;
    },
  };
}

/** Saves a token Rindegastos accepts, through the route; returns the response. */
export async function connect(
  bed: Testbed,
  token = fakeToken('andes'),
  company = COMPANY,
  user: DirectoryUser = USERS.admin,
) {
  bed.fake.acceptedTokens.add(token);
  const res = await bed.call('connection.put', { company, user, body: { token } });
  if (res.status !== 200) throw new Error(`connect failed: ${JSON.stringify(res.body)}`);
  return res;
}

/** Every value of every column of every table, as text, for "never stored" checks. */
export async function dumpAllTables(db: Knex): Promise<string> {
  const client = String(db.client.config.client);
  const tables: string[] = client.includes('mysql')
    ? ((await db.raw('show tables')) as [Record<string, string>[]])[0].map((r) => Object.values(r)[0])
    : ((await db.raw("select name from sqlite_master where type = 'table'")) as { name: string }[]).map(
        (r) => r.name,
      );
  const parts: string[] = [];
  for (const t of tables) parts.push(`${t}: ${JSON.stringify(await db(t).select('*'))}`);
  return parts.join('\n');
}

export function errorOf(res: PluginResponse): {
  code: string;
  message: string;
  details?: { fields?: { field: string; message: string }[] } & Record<string, unknown>;
} {
  return (res.body as { error: ReturnType<typeof errorOf> }).error;
}
