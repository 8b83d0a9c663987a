import type { Knex } from 'knex';
import { createKnex, redactUrl } from '../../shared/db/database';
import { ConfigError, parseConfig, PRODUCTION_RINDEGASTOS_API_URL, type HostConfig } from '../config';
import { createCompanyWithUsers } from '../accounts/companies';
import { seedDemo, type DemoSeedResult } from '../demo/seedDemo';
import { startDefontanaSimDemo } from '../demo/defontanaSimDemo';
import { startDemoExtras, type DemoExtras } from '../demo/extras';
import { migrateHostLatest } from '../migrations';
import { PluginLoadError } from '../pluginLoader';
import { systemClock } from '../runtime/clock';
import { createLogger } from '../runtime/logging';
import { createHostServer, type HostServer } from '../server';
import { importChartCommand } from './importChartCommand';
import { defaultWiring, type HostWiring } from '../wiring';
import {
  exitCodeOf,
  parseSyncArgs,
  runSyncs,
  selectCompanies,
  summaryLines,
  SyncArgsError,
} from './syncCommand';

const USAGE = `Uso: rindegastos <comando>

Comandos:
  serve [--demo]   inicia el host (con --demo: crea la empresa demo en una base nueva e inicia los extras del demo)
  migrate          crea o actualiza las tablas del host y del complemento
  demo:seed        crea las empresas y usuarios del demo (idempotente)
  libro-honorarios <RUT empresa> <AAAA-MM>
                   escribe en la salida el Libro de honorarios del mes (CSV), desde los comprobantes centralizados
  sync --company <RUT|id> | --all [--json]
                   sincroniza ahora (importar, evaluar, centralizar, marcas) con barras de avance y un resumen;
                   sale con 0 si terminó, 1 si una sincronización falló, 2 si los argumentos no sirven
  worker           con REDIS_URL: ejecuta las sincronizaciones programadas en BullMQ (tantos procesos como quiera,
                   en cualquier máquina con la misma base y el mismo Redis); SIGTERM termina el informe en curso
  ledger:import-chart --company <RUT> <archivo.csv>
                   modo conector: importa el plan de cuentas exportado de Defontana (code;name)
  help             muestra esta ayuda

Variables: DATABASE_URL, PORT, HOST, DATA_DIR, RINDEGASTOS_API_URL, RG_SECRET_KEY, LEDGER,
DEFONTANA_*, DEMO_PASSWORD, STORE_WEBHOOK_SECRET, LOG_LEVEL, REDIS_URL, REDIS_PREFIX (ver README).`;

/** How many runs one `worker` process takes at once. */
const WORKER_CONCURRENCY = 2;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  io?: CliIo;
  /** Replaces the default wiring (the built-in ledger); tests pass their own. */
  wiring?: (config: HostConfig) => HostWiring;
  /** serve: resolves when the server should stop. Default: SIGINT or SIGTERM. */
  untilStopped?: (server: HostServer) => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function printCredentials(io: CliIo, seeded: DemoSeedResult, password: string): void {
  io.out('Usuarios del demo (contraseña: ' + password + '):');
  for (const c of seeded.credentials) io.out(`  ${c.email.padEnd(20)} ${c.company} — ${c.role}`);
}

async function withDb<T>(config: HostConfig, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = createKnex(config.databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function serve(
  config: HostConfig,
  demo: boolean,
  opts: Required<Pick<MainOptions, 'io'>> & MainOptions,
) {
  const { io } = opts;
  const logger = createLogger(config.logLevel);
  // Connector mode against the Defontana simulator, seeded before the host starts (README › Connector mode).
  const defontanaSim =
    demo && (opts.env ?? process.env).DEMO_LEDGER === 'defontana-sim'
      ? await startDefontanaSimDemo(config, opts.env ?? process.env, logger.child({ component: 'demo' }))
      : null;
  if (defontanaSim) config = { ...config, ledger: 'defontana', defontana: defontanaSim.settings };
  const wiring = (opts.wiring ?? defaultWiring)(config);
  const extras: DemoExtras = demo
    ? await startDemoExtras({
        config,
        logger: logger.child({ component: 'demo' }),
        env: opts.env ?? process.env,
      })
    : { banner: [], stop: async () => undefined };
  let server: HostServer | undefined;
  try {
    const effective: HostConfig = {
      ...config,
      rindegastosApiUrl: config.rindegastosApiUrl ?? extras.rindegastosApiUrl ?? null,
    };
    server = await createHostServer({
      config: effective,
      logger,
      ledger: wiring.ledger,
      migrations: wiring.migrations,
      registerExtraRoutes: wiring.registerExtraRoutes,
      seedCompany: wiring.seedCompany,
    });
    let seeded: DemoSeedResult | null = null;
    if (demo && (await server.accounts.countCompanies()) === 0) {
      seeded = await seedDemo(server.host.db, {
        password: config.demoPassword,
        createCompany: server.createCompany,
      });
    }
    const url = await server.listen();
    io.out('');
    io.out(`Integración Rindegastos — host listo en ${url}`);
    io.out(`  Base de datos: ${redactUrl(config.databaseUrl)}`);
    io.out(`  API Rindegastos: ${effective.rindegastosApiUrl ?? PRODUCTION_RINDEGASTOS_API_URL}`);
    for (const line of [...extras.banner, ...(defontanaSim?.banner ?? [])]) io.out(`  ${line}`);
    if (demo) {
      if (seeded) printCredentials(io, seeded, config.demoPassword);
      else
        io.out(
          '  Base existente: se usan sus usuarios (demo: admin@demo.cl, contador@demo.cl, auditor@demo.cl, admin@pinos.cl).',
        );
    }
    io.out('Detener: Ctrl+C');
    io.out('');
    await (opts.untilStopped ?? untilSignal)(server);
  } finally {
    await server?.close();
    await extras.stop();
    await defontanaSim?.stop();
  }
}

/** The host built for a one-off command (migrations run, plugin started, not listening), logging warnings only. */
function quietHost(
  config: HostConfig,
  opts: MainOptions,
  extra: { jobWorkers?: number; logLevel?: HostConfig['logLevel'] } = {},
): Promise<HostServer> {
  const wiring = (opts.wiring ?? defaultWiring)(config);
  return createHostServer({
    config,
    logger: createLogger(extra.logLevel ?? (config.logLevel === 'info' ? 'warn' : config.logLevel)),
    ledger: wiring.ledger,
    migrations: wiring.migrations,
    jobWorkers: extra.jobWorkers,
  });
}

/** `worker`: runs the BullMQ jobs until SIGINT or SIGTERM, then lets the current report finish. */
async function worker(config: HostConfig, opts: Required<Pick<MainOptions, 'io'>> & MainOptions) {
  const { io } = opts;
  if (!config.redisUrl) {
    io.err(
      'rindegastos worker necesita REDIS_URL (por ejemplo redis://127.0.0.1:6379), el mismo de rindegastos serve.',
    );
    return 2;
  }
  const server = await quietHost(config, opts, { jobWorkers: WORKER_CONCURRENCY, logLevel: config.logLevel });
  try {
    server.scheduler.start();
    io.out(
      `Worker listo: ${WORKER_CONCURRENCY} sincronizaciones a la vez, Redis ${redactUrl(config.redisUrl)} (prefijo ${config.redisPrefix}). Detener: Ctrl+C`,
    );
    await (opts.untilStopped ?? untilSignal)(server);
    io.out('Deteniendo: se termina el informe en curso y se libera la empresa…');
  } finally {
    await server.close();
  }
  return 0;
}

/**
 * The plugin's Libro de honorarios route, run for the company's first admin (the CLI runs where the
 * database is: it is trusted like the host itself). Prints the CSV; the totals check goes to stderr.
 */
async function honorariosBook(
  config: HostConfig,
  args: string[],
  opts: Required<Pick<MainOptions, 'io'>> & MainOptions,
): Promise<number> {
  const { io } = opts;
  const [rut, month] = args;
  if (!rut || !month) {
    io.err(
      'Uso: rindegastos libro-honorarios <RUT empresa> <AAAA-MM>, p. ej. libro-honorarios 76.123.456-0 2025-06',
    );
    return 2;
  }
  const server = await quietHost(config, opts);
  try {
    const company = await server.accounts.findCompanyByRut(rut);
    if (!company) {
      io.err(
        `No existe una empresa con RUT ${rut}. Revise el RUT (con puntos y guion, p. ej. 76.123.456-0).`,
      );
      return 1;
    }
    const admin = (await server.accounts.listUsers(company.id)).find((u) => u.isCompanyAdmin);
    const route = server.plugin.running.routes.find((r) => r.id === 'books.honorarios');
    if (!admin || !route) {
      io.err(`La empresa ${company.name} no tiene un administrador o el complemento no ofrece el libro.`);
      return 1;
    }
    const context = {
      companyId: company.id,
      user: { id: admin.id, name: admin.name, isCompanyAdmin: true },
      requestId: 'cli',
    };
    const json = await route.handle({ context, params: {}, query: { month }, body: undefined });
    if (json.status !== 200) {
      io.err((json.body as { error?: { message?: string } }).error?.message ?? `Error ${json.status}`);
      return 1;
    }
    const csv = await route.handle({ context, params: {}, query: { month, format: 'csv' }, body: undefined });
    io.out(String(csv.body).trimEnd());
    const { ledger, rows } = json.body as {
      ledger: { retention: number; matches: boolean };
      rows: unknown[];
    };
    io.err(
      `${rows.length} boletas; retención en el libro mayor ${ledger.retention}: ` +
        (ledger.matches ? 'cuadra con el libro.' : 'NO cuadra con el libro: revise los comprobantes.'),
    );
    return ledger.matches ? 0 : 1;
  } finally {
    await server.close();
  }
}

async function sync(
  config: HostConfig,
  args: readonly string[],
  opts: Required<Pick<MainOptions, 'io'>> & MainOptions,
): Promise<number> {
  const { io } = opts;
  let parsed;
  try {
    parsed = parseSyncArgs(args);
  } catch (err) {
    if (!(err instanceof SyncArgsError)) throw err;
    io.err(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  const server = await quietHost(config, opts);
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let companies;
    try {
      companies = await selectCompanies(server, parsed.companies);
    } catch (err) {
      if (!(err instanceof SyncArgsError)) throw err;
      io.err(err.message);
      return 2;
    }
    const results = await runSyncs(server, companies, {
      bars: !parsed.json && process.stderr.isTTY === true,
      signal: stopping.signal,
    });
    if (parsed.json) io.out(JSON.stringify({ companies: results }, null, 2));
    else if (results.length === 0) io.out('No hay empresas con el complemento activo: nada que sincronizar.');
    else for (const line of summaryLines(results)) io.out(line);
    return exitCodeOf(results);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server.close();
  }
}

/** The CLI: returns the exit code. */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const io = opts.io ?? consoleIo;
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return command ? 0 : 1;
    }
    const config = parseConfig(opts.env ?? process.env);
    switch (command) {
      case 'serve':
        await serve(config, rest.includes('--demo'), { ...opts, io });
        return 0;
      case 'migrate': {
        // Building the host runs every migration (host, then the plugin's install) and loads nothing else.
        const server = await quietHost(config, opts);
        await server.close();
        io.out(`Migraciones al día en ${redactUrl(config.databaseUrl)}.`);
        return 0;
      }
      case 'demo:seed': {
        const wiring = (opts.wiring ?? defaultWiring)(config);
        const seeded = await withDb(config, async (db) => {
          await migrateHostLatest(db, wiring.migrations);
          return seedDemo(db, {
            password: config.demoPassword,
            createCompany: (company) =>
              createCompanyWithUsers(db, company, { clock: systemClock, seedCompany: wiring.seedCompany }),
          });
        });
        io.out(
          seeded.created.length
            ? `Creadas: ${seeded.created.join(', ')}.`
            : 'El demo ya existía; nada que crear.',
        );
        printCredentials(io, seeded, config.demoPassword);
        return 0;
      }
      case 'libro-honorarios':
        return await honorariosBook(config, rest, { ...opts, io });
      case 'sync':
        return await sync(config, rest, { ...opts, io });
      case 'worker':
        return await worker(config, { ...opts, io });
      case 'ledger:import-chart':
        return await importChartCommand(config, rest, io);
      default:
        io.err(`Comando desconocido: ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PluginLoadError) {
      io.err(err.message);
      return 1;
    }
    io.err(`Error: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}
