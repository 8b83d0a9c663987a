/**
 * The plugin started on a host with the system clock, the built-in ledger and a real sandbox:
 * what the reliability tests run in several processes at once (a child process, a killed one,
 * the test itself), which must agree on the time, unlike the fixed clock of startPostingBed.
 */
import type { Knex } from 'knex';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import type { Clock, Host, Scheduler } from '../../plugin/host/Host';
import type { PluginResponse, RunningPlugin } from '../../plugin/host/Plugin';
import plugin from '../../plugin/index';
import { ADMIN, callAsAdmin, COMPANY } from './postingBed';
import { MemoryLogger, StaticDirectory } from './testHost';
import { TestSecretBox } from './testSecretBox';

export const systemTime: Clock = { now: () => new Date() };

export interface RealTimePlugin {
  host: Host;
  ledger: BuiltinLedger;
  running: RunningPlugin;
  call(routeId: string, body?: unknown, params?: Record<string, string>): Promise<PluginResponse>;
  /** As PostingBed.ok: calls a route and throws unless it answers 2xx. */
  ok<T = Record<string, unknown>>(
    routeId: string,
    opts?: { params?: Record<string, string>; body?: unknown },
  ): Promise<T>;
  /** Starts a sync (or joins the running one) and waits until it is no longer running. */
  sync(): Promise<{ id: number; status: string; counts: Record<string, number>; error: string | null }>;
  stop(): Promise<void>;
}

export async function startRealTimePlugin(
  db: Knex,
  opts: { rindegastosApiUrl: string; syncLeaseMs: number; scheduler?: Scheduler },
): Promise<RealTimePlugin> {
  const logger = new MemoryLogger();
  const ledger = new BuiltinLedger(db, { clock: systemTime, logger });
  const host: Host = {
    apiVersion: '1.0.0',
    config: { rindegastosApiUrl: opts.rindegastosApiUrl, syncLeaseMs: opts.syncLeaseMs },
    db,
    ledger,
    directory: new StaticDirectory({ [COMPANY]: [ADMIN] }),
    secrets: new TestSecretBox(),
    scheduler: opts.scheduler ?? { register: () => () => undefined },
    logger,
    clock: systemTime,
  };
  const running = await plugin.start(host);
  const call: RealTimePlugin['call'] = (routeId, body, params = {}) =>
    callAsAdmin(running, routeId, { params, body });

  return {
    host,
    ledger,
    running,
    call,
    async ok<T>(routeId: string, opts: { params?: Record<string, string>; body?: unknown } = {}) {
      const res = await call(routeId, opts.body, opts.params);
      if (res.status >= 300)
        throw new Error(`${routeId} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as T;
    },
    async sync() {
      // sync.run answers the company's running run, which may be a killed process's until its
      // lease expires: asking again now and then starts the run that takes over.
      let id: number | null = null;
      for (let polls = 0; ; polls++) {
        if (id === null || polls % 25 === 0) {
          const started = await call('sync.run');
          if (started.status === 202) id = (started.body as { run: { id: number } }).run.id;
          else if (started.status !== 409)
            throw new Error(`sync.run answered ${started.status}: ${JSON.stringify(started.body)}`);
        }
        if (id !== null) {
          const res = await call('sync.runs.get', undefined, { id: String(id) });
          const run = (res.body as { run: Awaited<ReturnType<RealTimePlugin['sync']>> }).run;
          if (run.status !== 'running') return run;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => running.stop(),
  };
}
