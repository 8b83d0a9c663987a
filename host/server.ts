import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Logger as PinoLogger } from 'pino';
import { type Clock, type Host, type Ledger, type Logger, type RunningPlugin } from '../plugin/index';
import { createKnex, redactUrl, type NamedMigration } from '../shared/db/database';
import { excerpt } from '../shared/validation/inputLimits';
import { AccountRepository, type Company, type User } from './accounts/AccountRepository';
import { createCompanyWithUsers, type NewCompany } from './accounts/companies';
import { HostDirectory } from './accounts/HostDirectory';
import { SessionService, type Principal } from './accounts/SessionService';
import { HOST_API_VERSION, PRODUCTION_RINDEGASTOS_API_URL, type HostConfig } from './config';
import { createAuthenticate, type Authenticate } from './http/auth';
import { errorBody, HttpError } from './http/errors';
import { mountPluginRoutes } from './http/pluginRoutes';
import { registerRequestGuards, type RouteRef } from './http/requestGuards';
import { registerSessionRoutes } from './http/sessionRoutes';
import { registerStoreRoutes, WEBHOOK_PATH } from './http/storeRoutes';
import { registerWebRoutes } from './http/webRoutes';
import { buildMenuTree, HOST_MENU_ENTRIES, type MenuEntry } from './menus';
import { hostMigrations, migrateHostLatest } from './migrations';
import { loadPluginPackage, packageRoot, type PluginPackage } from './pluginLoader';
import { AesGcmSecretBox, loadOrCreateKeyFile } from './runtime/AesGcmSecretBox';
import { systemClock } from './runtime/clock';
import { BullMqScheduler } from './runtime/BullMqScheduler';
import { IntervalScheduler, type HostScheduler } from './runtime/IntervalScheduler';
import { createLogger } from './runtime/logging';
import { DemoPaymentProvider } from './store/DemoPaymentProvider';
import { StoreRepository } from './store/StoreRepository';
import { StoreService } from './store/StoreService';

/** What a ledger implementation is built from. */
export interface LedgerDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
}

export interface HostServerOptions {
  config: HostConfig;
  /** The ledger the plugin posts to, or a factory given the host's database, clock and logger. */
  ledger: Ledger | ((deps: LedgerDeps) => Ledger);
  /** Default: a knex on config.databaseUrl, destroyed by close(). A given db is left open. */
  db?: Knex;
  logger?: PinoLogger;
  clock?: Clock;
  secrets?: AesGcmSecretBox;
  /** Directory with the plugin's manifest.json. Default: this repository. */
  pluginRoot?: string;
  /** Host migrations. Default: hostMigrations. */
  migrations?: readonly NamedMigration[];
  /**
   * Extra routes (e.g. the ledger's `/api/ledger/*`), given the session authenticator and the
   * host (whose `ledger` is the instance the plugin posts to).
   */
  registerExtraRoutes?: (app: FastifyInstance, auth: Authenticate, host: Host) => void | Promise<void>;
  /** Prepares a new company's data (e.g. its chart of accounts); called by createCompany. */
  seedCompany?: (db: Knex, companyId: string) => Promise<void>;
  /** How often the scheduler re-reads the active companies. */
  schedulerPollMs?: number;
  /**
   * With REDIS_URL: whether this process also runs the jobs BullMQ hands out (`rindegastos
   * worker`) with this many at once. Without it the host only schedules them (`serve`).
   */
  jobWorkers?: number;
}

export interface HostServer {
  app: FastifyInstance;
  host: Host;
  plugin: PluginPackage & { running: RunningPlugin };
  accounts: AccountRepository;
  sessions: SessionService;
  store: StoreService;
  scheduler: HostScheduler;
  auth: Authenticate;
  /** Every route the host serves (method and URL pattern), plugin routes included. */
  routes: readonly RouteRef[];
  /** Creates a company with its users and runs the seedCompany hook for it. */
  createCompany(input: NewCompany): Promise<{ company: Company; users: User[] }>;
  /** Listens (port 0 = ephemeral) and returns the base URL, e.g. http://127.0.0.1:4100. */
  listen(opts?: { port?: number; host?: string }): Promise<string>;
  /** Base URL once listening. */
  url(): string | null;
  /** Closes the server, the scheduler, the plugin and (when the server created it) the database. */
  close(): Promise<void>;
}

const AJV_OPTIONS = {
  customOptions: { removeAdditional: false as const, coerceTypes: false as const, allErrors: true },
};

interface AjvProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** How many schema problems an answer lists; the rest are counted, so the answer stays small. */
const MAX_LISTED_PROBLEMS = 10;

const JSON_TYPES: Record<string, string> = {
  string: 'texto',
  number: 'número',
  integer: 'número entero',
  boolean: 'verdadero o falso',
  object: 'objeto',
  array: 'lista',
};

/** Spanish field list for a schema validation failure; input is echoed only as a short excerpt. */
function validationMessage(problems: AjvProblem[]): string {
  const parts = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => {
    const field = excerpt(p.instancePath.replace(/^\//, '').replace(/\//g, '.')) || '(cuerpo)';
    if (p.keyword === 'required') return `falta "${excerpt(p.params.missingProperty)}"`;
    if (p.keyword === 'additionalProperties')
      return `campo no permitido "${excerpt(p.params.additionalProperty)}"`;
    if (p.keyword === 'type') {
      const type = String(p.params.type);
      return `"${field}" debe ser ${JSON_TYPES[type] ?? type}`;
    }
    if (p.keyword === 'maxLength') return `"${field}" admite hasta ${String(p.params.limit)} caracteres`;
    if (p.keyword === 'minLength') return `"${field}" no puede estar vacío`;
    return `"${field}" no es válido`;
  });
  const more = problems.length - parts.length;
  return `Datos inválidos: ${parts.join('; ')}${more > 0 ? `; y ${more} problemas más` : ''}.`;
}

function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      return reply.code(400).send(errorBody('VALIDATION', validationMessage(fe.validation as AjvProblem[])));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (!fe.code?.startsWith('FST_')) {
        // A route module's own client error (e.g. the ledger's): its code and message stand.
        const details = (err as { details?: unknown }).details;
        return reply.code(fe.statusCode).send(errorBody(fe.code ?? 'BAD_REQUEST', fe.message, details));
      }
      // Framework refusals (malformed JSON, wrong content type, body too large).
      const message =
        fe.statusCode === 415
          ? 'Tipo de contenido no soportado; envíe JSON.'
          : fe.statusCode === 413
            ? 'El cuerpo de la solicitud es demasiado grande.'
            : 'Solicitud inválida: revise que el cuerpo sea JSON válido.';
      return reply.code(fe.statusCode).send(errorBody(fe.code, message));
    }
    req.log.error({ err }, 'request failed');
    return reply
      .code(500)
      .send(errorBody('INTERNAL', 'Error interno del host. El detalle quedó registrado.'));
  });
}

/**
 * Builds the standalone host: migrates its tables, loads the plugin as an ERP does (manifest,
 * hostApi, install, start), and assembles the HTTP API, the store and the web shell.
 * Nothing listens until listen() is called.
 */
export async function createHostServer(options: HostServerOptions): Promise<HostServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const ownsDb = !options.db;
  const db = options.db ?? createKnex(config.databaseUrl);
  logger.info({ database: redactUrl(config.databaseUrl) }, 'host starting');

  try {
    await migrateHostLatest(db, options.migrations ?? hostMigrations);

    const secrets =
      options.secrets ?? new AesGcmSecretBox(config.secretKey ?? keyFromFile(config.dataDir, logger));
    const webhookSecret = config.storeWebhookSecret ?? secrets.deriveSubkey('store-webhook');
    const accounts = new AccountRepository(db);
    const sessions = new SessionService(db, accounts, clock);

    let running: RunningPlugin | null = null;
    const schedulerOptions = {
      logger: logger.child({ component: 'scheduler' }),
      pollMs: options.schedulerPollMs,
      companies: async () => {
        if (!running) return [];
        const companies = await accounts.listCompanies();
        const statuses = await Promise.all(companies.map((c) => running!.licenseStatus(c.id)));
        return companies.filter((_, i) => statuses[i] === 'active').map((c) => c.id);
      },
    };
    const scheduler: HostScheduler = config.redisUrl
      ? new BullMqScheduler({
          ...schedulerOptions,
          redisUrl: config.redisUrl,
          prefix: config.redisPrefix,
          worker: options.jobWorkers ? { concurrency: options.jobWorkers } : null,
        })
      : new IntervalScheduler(schedulerOptions);

    const ledgerLogger = logger.child({ component: 'ledger' });
    const ledger =
      typeof options.ledger === 'function'
        ? options.ledger({ db, clock, logger: ledgerLogger })
        : options.ledger;
    const host: Host = {
      apiVersion: HOST_API_VERSION,
      config: {
        rindegastosApiUrl: config.rindegastosApiUrl ?? PRODUCTION_RINDEGASTOS_API_URL,
        interactiveDeadlineMs: config.interactiveDeadlineMs,
      },
      db,
      ledger,
      directory: new HostDirectory(accounts),
      secrets,
      scheduler,
      logger: logger.child({ component: 'plugin' }),
      clock,
    };

    const pkg = loadPluginPackage(options.pluginRoot ?? packageRoot(), HOST_API_VERSION);
    await pkg.module.install(host);
    running = await pkg.module.start(host);
    const plugin = { ...pkg, running };
    logger.info({ pluginId: pkg.manifest.id, version: pkg.manifest.version }, 'plugin started');

    const app = fastify({
      // Typed as fastify's base logger so `app` is a plain FastifyInstance for route modules.
      loggerInstance: logger as FastifyBaseLogger,
      genReqId: () => randomUUID(),
      ajv: AJV_OPTIONS,
      bodyLimit: 1024 * 1024,
      trustProxy: config.trustProxy,
    });
    registerErrorHandler(app);
    const { routes } = registerRequestGuards(app);
    await app.register(cookie);
    // Only the routes that ask for it (login) are limited.
    await app.register(rateLimit, { global: false });
    await registerWebRoutes(app, path.join(packageRoot(__dirname), 'host', 'web'), pkg);

    let baseUrl: string | null = null;
    const orders = new StoreRepository(db);
    const store = new StoreService({
      db,
      orders,
      products: [
        {
          manifest: pkg.manifest,
          activate: (companyId, order) => pkg.module.activate(host, companyId, order),
          licenseStatus: (companyId) => running!.licenseStatus(companyId),
        },
      ],
      provider: new DemoPaymentProvider(
        webhookSecret,
        () => (baseUrl ? baseUrl + WEBHOOK_PATH : null),
        clock,
      ),
      webhookSecret,
      clock,
      logger: logger.child({ component: 'store' }),
      onActivated: () => void scheduler.refresh(),
    });

    const auth = createAuthenticate(sessions);
    const permissionsOf = (p: Principal) =>
      running!.permissionsOf(p.companyId, {
        id: p.userId,
        name: p.user.name,
        isCompanyAdmin: p.isCompanyAdmin,
      });

    app.get('/api/health', async () => ({
      status: 'ok',
      plugin: { id: pkg.manifest.id, version: pkg.manifest.version },
    }));
    registerSessionRoutes(app, { sessions, auth, permissionsOf, throttle: config.loginThrottle });
    app.get('/api/menus', async (req) => {
      const principal = await auth(req);
      const entries: MenuEntry[] = [...HOST_MENU_ENTRIES.before];
      /** Voucher source → the shell route of its origin, for the sources whose screen the user may open. */
      const voucherOrigins: Record<string, string> = {};
      // The plugin's menus appear only once the company's license is active, and only those the user may open.
      if ((await running!.licenseStatus(principal.companyId)) === 'active') {
        const held = new Set(await permissionsOf(principal));
        for (const m of pkg.manifest.menus) {
          if (!held.has(m.permission)) continue;
          entries.push({
            id: m.id,
            path: m.path,
            route: m.route,
            pluginId: pkg.manifest.id,
            ...(m.element && m.module
              ? {
                  element: m.element,
                  moduleUrl: `/plugins/${pkg.manifest.id}/${m.module.replace(/^\.?\//, '')}`,
                }
              : {}),
          });
        }
      }
      const origin = pkg.manifest.voucherOrigin?.route;
      if (origin && entries.some((e) => e.pluginId && origin.startsWith(e.route + '/')))
        voucherOrigins[pkg.manifest.id] = origin;
      entries.push(...HOST_MENU_ENTRIES.after);
      return { menus: buildMenuTree(entries), voucherOrigins };
    });
    registerStoreRoutes(app, store, auth);
    mountPluginRoutes(app, pkg.manifest.id, running, auth);
    await options.registerExtraRoutes?.(app, auth, host);

    await store.resumeActivations();

    let closed = false;
    return {
      app,
      host,
      plugin,
      accounts,
      sessions,
      store,
      scheduler,
      auth,
      routes,
      createCompany: (input) =>
        createCompanyWithUsers(db, input, { clock, seedCompany: options.seedCompany }),
      async listen(opts = {}) {
        await app.listen({ port: opts.port ?? config.port, host: opts.host ?? config.host });
        const address = app.server.address() as AddressInfo;
        // The payment provider calls back over loopback even when the server binds every interface.
        const callHost = ['0.0.0.0', '::'].includes(address.address)
          ? '127.0.0.1'
          : address.family === 'IPv6'
            ? `[${address.address}]`
            : address.address;
        baseUrl = `http://${callHost}:${address.port}`;
        scheduler.start();
        logger.info({ url: baseUrl }, 'host listening');
        return baseUrl;
      },
      url: () => baseUrl,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await scheduler.stop();
        await running!.stop();
        if (ownsDb) await db.destroy();
        logger.info('host stopped');
      },
    };
  } catch (err) {
    if (ownsDb) await db.destroy();
    throw err;
  }
}

function keyFromFile(dataDir: string, logger: PinoLogger): Buffer {
  const { key, file, created } = loadOrCreateKeyFile(dataDir);
  if (created)
    logger.warn({ file }, 'generated a new secret key file; back it up: it opens every stored token');
  return key;
}
