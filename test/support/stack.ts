/**
 * The end-to-end stack: the standalone host exactly as the CLI wires it (built-in ledger with its
 * `/api/ledger/*` routes and the Chilean chart seeded per company), a real Rindegastos sandbox as
 * the host's `rindegastosApiUrl`, and the demo companies and users. Tests drive it over real HTTP
 * as a browser would, and reach behind the scenes through `db`, `ledger`, `sandbox` and `log`.
 *
 * Use it on a database from `forEachDatabase(..., { migrators: hostMigrators })`; start one stack
 * per test (tables are cleaned between tests) and stop it in `afterEach`.
 */
import type { Knex } from 'knex';
import { AccountRepository } from '../../host/accounts/AccountRepository';
import type { HostConfig } from '../../host/config';
import { demoCompanies, seedDemo } from '../../host/demo/seedDemo';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { defaultWiring } from '../../host/wiring';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/index';
import {
  buyAndPay,
  HostClient,
  PASSWORD,
  startTestHost,
  testConfig,
  type ApiResult,
  type CapturedLog,
  type SeededCompany,
  type TestHostServer,
} from './hostHarness';
import { FixedClock } from './testHost';

export const PLUGIN_API = '/api/plugins/rindegastos';

/**
 * The sandbox's size unless a test asks for more: enough reports to exercise every code path,
 * few enough that a journey on both engines stays quick. The worked example (report 8842) is
 * always served besides these.
 */
export const SMALL_SANDBOX: Readonly<SandboxOptions> = {
  reports: 6,
  expensesPerReport: 3,
  other: { reports: 3, expensesPerReport: 2 },
};

export type SandboxCompanyKey = 'demo' | 'other';

export interface StackCompany extends SeededCompany {
  /** The sandbox company whose token is this company's (Andes → `demo`, Pinos → `other`). */
  sandboxKey: SandboxCompanyKey;
}

export interface StackOptions {
  /** Sandbox options, over SMALL_SANDBOX (mode is always `test`, port 0 on 127.0.0.1). */
  sandbox?: Omit<SandboxOptions, 'mode' | 'port' | 'host'>;
  /** The host's clock. Default a FixedClock at 2026-11-28T12:00:00Z. */
  clock?: FixedClock;
  /** Host configuration overrides (rindegastosApiUrl is always the sandbox's). */
  config?: Partial<HostConfig>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One exchange a StackClient had with the host, for "never appears in a response" checks. */
export interface Exchange {
  method: Method;
  url: string;
  status: number;
  headers: ApiResult['headers'];
  body: unknown;
}

/** A browser-like client over real HTTP, with a shortcut for the plugin's API. */
export class StackClient extends HostClient {
  /** Every response this client received, in order. */
  readonly transcript: Exchange[] = [];

  override async request<T = Record<string, unknown>>(
    method: Method,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    const res = await super.request<T>(method, url, payload, headers);
    this.transcript.push({ method, url, status: res.status, headers: res.headers, body: res.body });
    return res;
  }

  /** `plugin('/status')`, `plugin('/mappings/categories/12', 'PUT', {...})`: under /api/plugins/rindegastos. */
  plugin<T = Record<string, unknown>>(
    path: string,
    method: Method = 'GET',
    body?: unknown,
  ): Promise<ApiResult<T>> {
    return this.request<T>(method, PLUGIN_API + path, body);
  }
}

export interface Stack {
  db: Knex;
  server: TestHostServer;
  /** The ledger the plugin posts to (also `server.host.ledger`). */
  ledger: BuiltinLedger;
  /** The running sandbox with its in-process controls (tokenFor, renameCategory, addReport, listMarks …). */
  sandbox: RunningSandbox;
  clock: FixedClock;
  /** Every line the host (plugin and ledger included) logged, as pino wrote it after redaction. */
  log: CapturedLog;
  /** The host's base URL, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** Comercial Andes SpA (admin, contador, auditor) and Minera Los Pinos Ltda. (admin). */
  companies: { andes: StackCompany; pinos: StackCompany };
  /** The sandbox token of a company, as its Rindegastos admin would copy it. */
  tokenFor(company: StackCompany): string;
  /** Every response of every client `login` returned (login answers included), serialized. */
  transcript(): string;
  /** Logs in over HTTP; throws unless the host answers 201. */
  login(email: string, password?: string): Promise<StackClient>;
  /** Buys and pays the plugin through the store as `client`; returns the order id. Throws on failure. */
  activatePlugin(client: HostClient): Promise<string>;
  /** `PUT /connection {token}` as `client`; returns the response whatever its status. */
  pasteToken(client: StackClient, token: string): Promise<ApiResult>;
  /**
   * The usual start of a journey: logs in as the company's admin, activates the plugin and pastes
   * the company's sandbox token (throws unless 200). Returns the admin's client.
   */
  connectCompany(company: StackCompany): Promise<StackClient>;
  /**
   * Waits until no sync run is `running` (a POST /sync answers 202 and goes on in the background),
   * so a test can clean the tables or read the outcome. Gives up after about 10 s.
   */
  syncsSettled(): Promise<void>;
  /** Closes the host and the sandbox. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the whole stack on `db` (migrated with hostMigrators). */
export async function startStack(db: Knex, opts: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({
    ...SMALL_SANDBOX,
    ...opts.sandbox,
    other: { ...SMALL_SANDBOX.other, ...opts.sandbox?.other },
    mode: 'test',
    port: 0,
    host: '127.0.0.1',
  });
  let server: TestHostServer;
  try {
    const config = testConfig({ ...opts.config, rindegastosApiUrl: sandbox.baseUrl });
    const wiring = defaultWiring(config);
    server = await startTestHost(db, {
      config,
      clock: opts.clock ?? new FixedClock(),
      ledger: wiring.ledger,
      migrations: wiring.migrations,
      registerExtraRoutes: wiring.registerExtraRoutes,
      seedCompany: wiring.seedCompany,
    });
  } catch (err) {
    await sandbox.close();
    throw err;
  }

  const stop = async () => {
    try {
      await server.close();
    } finally {
      await sandbox.close();
    }
  };
  let companies: Stack['companies'];
  try {
    companies = await seedCompanies(db, server);
  } catch (err) {
    await stop();
    throw err;
  }

  const clients: StackClient[] = [];
  const login = async (email: string, password = PASSWORD) => {
    const client = new StackClient(server, { baseUrl: server.baseUrl });
    clients.push(client);
    const res = await client.login(email, password);
    if (res.status !== 201)
      throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  };
  const tokenFor = (company: StackCompany) => sandbox.tokenFor(company.sandboxKey);
  const pasteToken = (client: StackClient, token: string) => client.plugin('/connection', 'PUT', { token });

  return {
    db,
    server,
    ledger: server.ledger,
    sandbox,
    clock: server.clock,
    log: server.log,
    baseUrl: server.baseUrl,
    companies,
    tokenFor,
    transcript: () => JSON.stringify(clients.map((c) => c.transcript)),
    login,
    activatePlugin: (client) => buyAndPay(client),
    pasteToken,
    async connectCompany(company) {
      const client = await login(company.admin.email);
      await buyAndPay(client);
      const res = await pasteToken(client, tokenFor(company));
      if (res.status !== 200)
        throw new Error(
          `token for ${company.company.name} refused: ${res.status} ${JSON.stringify(res.body)}`,
        );
      return client;
    },
    async syncsSettled() {
      for (let i = 0; i < 400; i++) {
        if ((await db('rg_sync_runs').where({ status: 'running' })).length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop,
  };
}

/** The demo companies through the host's own seeding (createCompany runs the ledger's chart seed). */
async function seedCompanies(db: Knex, server: TestHostServer): Promise<Stack['companies']> {
  await seedDemo(db, { password: PASSWORD, createCompany: (c) => server.createCompany(c) });
  const accounts = new AccountRepository(db);
  const [andesInput, pinosInput] = demoCompanies(PASSWORD);
  const load = async (rut: string, sandboxKey: SandboxCompanyKey): Promise<StackCompany> => {
    const company = (await accounts.listCompanies()).find((c) => c.rut === rut);
    if (!company) throw new Error(`the demo seed did not create the company ${rut}`);
    const users = await accounts.listUsers(company.id);
    const admin = users.find((u) => u.isCompanyAdmin);
    if (!admin) throw new Error(`the demo company ${company.name} has no admin`);
    return { company, admin, users, sandboxKey };
  };
  return { andes: await load(andesInput.rut, 'demo'), pinos: await load(pinosInput.rut, 'other') };
}
