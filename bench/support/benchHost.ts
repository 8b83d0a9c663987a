/**
 * The plugin on a minimal host, the way the standalone host runs it: the host's built-in ledger
 * (seeded Chilean chart), AES-GCM secret box, the plugin's own migrations and lifecycle, and its
 * routes called exactly as the host calls them. No scheduler (no job fires mid-measurement) and
 * a logger that counts instead of writing, so the figures are the plugin's, not the log sink's.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { seedChileanLedger } from '../../host/ledger/seed';
import { AesGcmSecretBox } from '../../host/runtime/AesGcmSecretBox';
import type { Clock, Directory, DirectoryUser, Host, Logger } from '../../plugin/host/Host';
import type { PluginResponse, RunningPlugin } from '../../plugin/host/Plugin';
import plugin from '../../plugin/index';

export const COMPANY = 'c-bench';
export const ADMIN: DirectoryUser = {
  id: 'u-admin',
  name: 'Ana Admin',
  email: 'admin@bench.cl',
  isCompanyAdmin: true,
};

/**
 * "Today" for the plugin: the sandbox's generated reports run up to 2026-11-13, so the clock
 * starts on 2026-11-28 (as the integration tests do) and then advances with real time.
 */
export class BenchClock implements Clock {
  private readonly origin = Date.now();
  constructor(private readonly start = Date.parse('2026-11-28T15:00:00.000Z')) {}
  now(): Date {
    return new Date(this.start + (Date.now() - this.origin));
  }
}

/** Counts log lines by level and keeps the first few warnings and errors for the summary. */
export class CountingLogger implements Logger {
  constructor(
    readonly counts: Record<string, number> = { debug: 0, info: 0, warn: 0, error: 0 },
    readonly samples: string[] = [],
  ) {}
  private log(level: string, obj: object | string, msg?: string): void {
    this.counts[level] = (this.counts[level] ?? 0) + 1;
    if ((level === 'warn' || level === 'error') && this.samples.length < 5) {
      const err = typeof obj === 'object' ? (obj as { err?: unknown }).err : undefined;
      const detail = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
      this.samples.push(`${level}: ${msg ?? (typeof obj === 'string' ? obj : '')} ${detail}`.trim());
    }
  }
  debug(obj: object | string, msg?: string) {
    this.log('debug', obj, msg);
  }
  info(obj: object | string, msg?: string) {
    this.log('info', obj, msg);
  }
  warn(obj: object | string, msg?: string) {
    this.log('warn', obj, msg);
  }
  error(obj: object | string, msg?: string) {
    this.log('error', obj, msg);
  }
  child(): Logger {
    return this;
  }
}

class OneAdminDirectory implements Directory {
  async getCompany(companyId: string) {
    return companyId === COMPANY ? { id: COMPANY, name: 'Empresa de pruebas', rut: '76.123.456-0' } : null;
  }
  async listUsers(companyId: string) {
    return companyId === COMPANY ? [ADMIN] : [];
  }
  async getUser(companyId: string, userId: string) {
    return companyId === COMPANY && userId === ADMIN.id ? ADMIN : null;
  }
}

export interface SyncOutcome {
  id: number;
  status: string;
  counts: Record<string, number>;
  problems: { code: string; message: string }[];
  error: string | null;
}

export interface BenchBed {
  db: Knex;
  ledger: BuiltinLedger;
  logger: CountingLogger;
  running: RunningPlugin;
  call(
    routeId: string,
    opts?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown },
  ): Promise<PluginResponse>;
  /** Calls a route and throws unless it answers 2xx; returns the body. */
  ok<T = Record<string, unknown>>(routeId: string, opts?: Parameters<BenchBed['call']>[1]): Promise<T>;
  /** POST /sync, then polls the run until it is no longer running. */
  sync(onProgress?: (done: number) => void): Promise<SyncOutcome>;
  stop(): Promise<void>;
}

/**
 * Installs, activates and starts the plugin for COMPANY on `db` (already migrated for the host),
 * with the built-in ledger seeded. With `apiUrl` and `token`, also saves the token (verifies it
 * and imports the Rindegastos configuration, as Configuración › Token does).
 */
export async function startBenchBed(
  db: Knex,
  opts: { apiUrl?: string; token?: string } = {},
): Promise<BenchBed> {
  const clock = new BenchClock();
  const logger = new CountingLogger();
  const ledger = new BuiltinLedger(db, { clock, logger });
  const host: Host = {
    apiVersion: '1.0.0',
    config: { rindegastosApiUrl: opts.apiUrl ?? 'http://127.0.0.1:9/v1/' },
    db,
    ledger,
    directory: new OneAdminDirectory(),
    secrets: new AesGcmSecretBox(randomBytes(32)),
    scheduler: { register: () => () => undefined },
    logger,
    clock,
  };
  await seedChileanLedger(db, COMPANY);
  await plugin.install(host);
  await plugin.activate(host, COMPANY, {
    id: 'ord-bench',
    sku: 'RINDEGASTOS-INTEGRACION',
    paidAt: clock.now().toISOString(),
  });
  const running = await plugin.start(host);
  const call: BenchBed['call'] = async (routeId, o = {}) => {
    const route = running.routes.find((r) => r.id === routeId);
    if (!route) throw new Error(`the plugin has no route ${routeId}`);
    return route.handle({
      context: {
        companyId: COMPANY,
        user: { id: ADMIN.id, name: ADMIN.name, isCompanyAdmin: true },
        requestId: 'bench',
      },
      params: o.params ?? {},
      query: o.query ?? {},
      body: o.body,
    });
  };
  const ok: BenchBed['ok'] = async (routeId, o) => {
    const res = await call(routeId, o);
    if (res.status >= 300) throw new Error(`${routeId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as never;
  };
  const bed: BenchBed = {
    db,
    ledger,
    logger,
    running,
    call,
    ok,
    async sync(onProgress) {
      const { run } = await ok<{ run: { id: number } }>('sync.run');
      for (;;) {
        await new Promise((r) => setTimeout(r, 25));
        const { run: current } = await ok<{
          run: SyncOutcome & { progress?: { done?: number } | null };
        }>('sync.runs.get', { params: { id: String(run.id) } });
        if (current.status !== 'running') return current;
        if (onProgress && typeof current.progress?.done === 'number') onProgress(current.progress.done);
      }
    },
    stop: () => running.stop(),
  };
  if (opts.token !== undefined) await ok('connection.put', { body: { token: opts.token } });
  return bed;
}
