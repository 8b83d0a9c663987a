import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import pino, { type Logger as PinoLogger } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { createCompanyWithUsers } from '../../host/accounts/companies';
import type { Company, User } from '../../host/accounts/AccountRepository';
import { DEFAULT_INTERACTIVE_DEADLINE_MS, DEFAULT_LOGIN_THROTTLE, type HostConfig } from '../../host/config';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { migrateHostLatest } from '../../host/migrations';
import { packageRoot } from '../../host/pluginLoader';
import { AesGcmSecretBox } from '../../host/runtime/AesGcmSecretBox';
import { redactPaths } from '../../host/runtime/logging';
import { createHostServer, type HostServer, type HostServerOptions } from '../../host/server';
import { migratePluginLatest } from '../../plugin/db/migrate';
import { FixedClock } from './testHost';

/** Log lines written by a host under test, parsed. */
export class CapturedLog {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: PinoLogger;
  constructor(level: pino.LevelWithSilent = 'debug') {
    const stream = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) this.lines.push(JSON.parse(line));
        done();
      },
    });
    this.logger = pino({ level, redact: { paths: redactPaths(), censor: '[REDACTED]' } }, stream);
  }
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export function testConfig(overrides: Partial<HostConfig> = {}): HostConfig {
  return {
    databaseUrl: 'sqlite::memory:',
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent-data-dir-tests-pass-a-key',
    rindegastosApiUrl: 'http://127.0.0.1:9/v1/',
    secretKey: randomBytes(32),
    ledger: 'builtin',
    defontana: null,
    demoPassword: 'demo1234',
    storeWebhookSecret: 'test-webhook-secret-0123456789',
    logLevel: 'silent',
    trustProxy: false,
    interactiveDeadlineMs: DEFAULT_INTERACTIVE_DEADLINE_MS,
    loginThrottle: DEFAULT_LOGIN_THROTTLE,
    redisUrl: null,
    redisPrefix: 'rindegastos',
    ...overrides,
  };
}

export const hostMigrators = [(db: Knex) => migrateHostLatest(db), migratePluginLatest];

export interface TestHostServer extends HostServer {
  baseUrl: string;
  /** The ledger the plugin posts to (`host.ledger`): the real built-in one, on the test database. */
  ledger: BuiltinLedger;
  clock: FixedClock;
  log: CapturedLog;
}

/**
 * A real HostServer on the test database (host migrations, the ledger's included), listening on
 * an ephemeral port on 127.0.0.1, with the real BuiltinLedger. The ledger's `/api/ledger/*`
 * routes and the per-company chart seed are left out unless given (`registerExtraRoutes`,
 * `seedCompany`): see test/support/stack.ts for the host exactly as the CLI wires it.
 */
export async function startTestHost(
  db: Knex,
  overrides: Partial<HostServerOptions> & { clock?: FixedClock } = {},
): Promise<TestHostServer> {
  const clock = overrides.clock ?? new FixedClock();
  const log = new CapturedLog();
  const config = overrides.config ?? testConfig();
  const server = await createHostServer({
    config,
    db,
    ledger: (deps) => new BuiltinLedger(deps.db, deps),
    logger: log.logger,
    secrets: new AesGcmSecretBox(config.secretKey ?? randomBytes(32)),
    ...overrides,
    clock,
  });
  const ledger = server.host.ledger;
  if (!(ledger instanceof BuiltinLedger)) {
    await server.close();
    throw new Error('startTestHost runs the built-in ledger; the ledger override was something else');
  }
  const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  return Object.assign(server, { baseUrl, ledger, clock, log });
}

export const PASSWORD = 'clave-de-prueba-1';

export interface SeededCompany {
  company: Company;
  admin: User;
  users: User[];
}

/** Two companies: Andes (admin, contador) and Pinos (admin). */
export async function seedTwoCompanies(
  db: Knex,
  clock: FixedClock = new FixedClock(),
): Promise<{ andes: SeededCompany; pinos: SeededCompany }> {
  const andes = await createCompanyWithUsers(
    db,
    {
      name: 'Comercial Andes SpA',
      rut: '76.123.456-0',
      users: [
        { email: 'admin@demo.cl', name: 'Carolina Muñoz', password: PASSWORD, isCompanyAdmin: true },
        { email: 'contador@demo.cl', name: 'Jorge Contreras', password: PASSWORD, isCompanyAdmin: false },
      ],
    },
    { clock },
  );
  const pinos = await createCompanyWithUsers(
    db,
    {
      name: 'Minera Los Pinos Ltda.',
      rut: '76.543.210-3',
      users: [{ email: 'admin@pinos.cl', name: 'Rodrigo Fuentes', password: PASSWORD, isCompanyAdmin: true }],
    },
    { clock },
  );
  return {
    andes: { company: andes.company, admin: andes.users[0], users: andes.users },
    pinos: { company: pinos.company, admin: pinos.users[0], users: pinos.users },
  };
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

export interface HostClientOptions {
  /**
   * Send every request over real HTTP to this base URL (the server must be listening), as a
   * browser does. Default: fastify's `inject`, which runs the same routes without a socket.
   */
  baseUrl?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser-like client of the host's API: keeps the session cookie between calls. */
export class HostClient {
  cookie: string | null = null;
  constructor(
    private readonly server: HostServer,
    private readonly options: HostClientOptions = {},
  ) {}

  async request<T = Record<string, unknown>>(
    method: Method,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    const sent = { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers };
    const res = this.options.baseUrl
      ? await this.overHttp(this.options.baseUrl, method, url, payload, sent)
      : await this.injected(method, url, payload, sent);
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (typeof first === 'string' && first.startsWith('rg_session=')) {
      const value = first.split(';')[0];
      this.cookie = value === 'rg_session=' ? null : value;
    }
    let body: unknown = null;
    if (res.text) {
      try {
        body = JSON.parse(res.text);
      } catch {
        body = res.text;
      }
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }

  private async injected(method: Method, url: string, payload: unknown, headers: Record<string, string>) {
    const res = await this.server.app.inject({
      method,
      url,
      payload: payload as string | object | undefined,
      headers,
    });
    return { status: res.statusCode, text: res.body, headers: res.headers };
  }

  private async overHttp(
    baseUrl: string,
    method: Method,
    url: string,
    payload: unknown,
    headers: Record<string, string>,
  ) {
    const hasBody = payload !== undefined;
    const res = await fetch(baseUrl + url, {
      method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
      body: hasBody ? (typeof payload === 'string' ? payload : JSON.stringify(payload)) : undefined,
    });
    const received: ApiResult['headers'] = {};
    res.headers.forEach((value, name) => {
      if (name !== 'set-cookie') received[name] = value;
    });
    const cookies = res.headers.getSetCookie();
    if (cookies.length) received['set-cookie'] = cookies;
    return { status: res.status, text: await res.text(), headers: received };
  }

  async login(email: string, password = PASSWORD): Promise<ApiResult> {
    return this.request('POST', '/api/session', { email, password });
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = Record<string, unknown>>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
}

/** Logs in as `email` and returns the client. */
export async function loggedIn(server: HostServer, email: string): Promise<HostClient> {
  const client = new HostClient(server);
  const res = await client.login(email);
  if (res.status !== 201)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

/** Buys and pays the plugin through the HTTP API, as the company admin in the browser would. */
export async function buyAndPay(client: HostClient, sku = 'RINDEGASTOS-INTEGRACION'): Promise<string> {
  const order = await client.post<{ order: { id: string } }>('/api/store/orders', { sku });
  if (order.status !== 201) throw new Error(`order failed: ${order.status} ${JSON.stringify(order.body)}`);
  const paid = await client.post(`/api/store/orders/${order.body.order.id}/pay`);
  if (paid.status !== 200) throw new Error(`pay failed: ${paid.status} ${JSON.stringify(paid.body)}`);
  return order.body.order.id;
}

/**
 * A copy of this plugin whose manifest names a custom element for Informes. Its main re-exports
 * the compiled plugin, so only the manifest differs.
 */
export function pluginWithElement(): string {
  const root = packageRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-plugin-ui-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  manifest.main = 'main.js';
  // Only Informes has an element here (a stand-in module); the other entries have none.
  manifest.menus = manifest.menus.map(
    ({ element: _e, module: _m, ...menu }: Record<string, unknown>) => menu,
  );
  manifest.menus[0] = { ...manifest.menus[0], element: 'rg-informes', module: 'ui/informes.js' };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    `module.exports = require(${JSON.stringify(path.join(root, 'dist/plugin/index.js'))});`,
  );
  fs.mkdirSync(path.join(dir, 'ui'));
  fs.writeFileSync(
    path.join(dir, 'ui', 'informes.js'),
    `customElements.define('rg-informes', class extends HTMLElement {
  connectedCallback() { this.textContent = 'Informes montado desde ' + this.getAttribute('api-base'); }
});`,
  );
  return dir;
}
