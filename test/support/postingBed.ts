/**
 * The plugin started on a test host with the real pieces of the posting path: the host's
 * built-in ledger (seeded with the Chilean chart), a real Rindegastos sandbox over HTTP and the
 * real axios client. Routes are called exactly as the host calls them.
 */
import type { Knex } from 'knex';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { seedChileanLedger } from '../../host/ledger/seed';
import type { DirectoryUser, Scheduler } from '../../plugin/host/Host';
import type { PluginResponse, RunningPlugin } from '../../plugin/host/Plugin';
import plugin from '../../plugin/index';
import type { RunningSandbox } from '../../sandbox/index';
import { FixedClock, MemoryLogger, StaticDirectory, testHost, type TestHost } from './testHost';
import { TestSecretBox } from './testSecretBox';

export const COMPANY = 'c-andes';
export const COMPANY_RUT = '76.123.456-0';
export const ADMIN: DirectoryUser = {
  id: 'u-admin',
  name: 'Ana Admin',
  email: 'admin@demo.cl',
  isCompanyAdmin: true,
};

/** Calls one of the running plugin's routes as the company admin, as the host would. */
export function callAsAdmin(
  running: RunningPlugin,
  routeId: string,
  opts: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
): Promise<PluginResponse> {
  const route = running.routes.find((r) => r.id === routeId);
  if (!route) throw new Error(`no route ${routeId}`);
  return route.handle({
    context: {
      companyId: COMPANY,
      user: { id: ADMIN.id, name: ADMIN.name, isCompanyAdmin: true },
      requestId: 'req',
    },
    params: opts.params ?? {},
    query: opts.query ?? {},
    body: opts.body,
  });
}

export interface PostingBed {
  host: TestHost;
  ledger: BuiltinLedger;
  running: RunningPlugin;
  call(
    routeId: string,
    opts?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown },
  ): Promise<PluginResponse>;
  /** Calls a route and fails the test unless it answers 2xx; returns the body. */
  ok<T = Record<string, unknown>>(routeId: string, opts?: Parameters<PostingBed['call']>[1]): Promise<T>;
  /** Starts a sync and waits until it finishes. */
  sync(): Promise<{
    status: string;
    counts: Record<string, number>;
    problems: unknown[];
    error: string | null;
  }>;
  stop(): Promise<void>;
}

export async function startPostingBed(
  db: Knex,
  sandbox: RunningSandbox,
  sandboxCompany = 'demo',
  /** Receives the plugin's jobs (default: a scheduler that never runs them). */
  scheduler?: Scheduler,
): Promise<PostingBed> {
  const clock = new FixedClock(new Date('2026-11-28T15:00:00.000Z'));
  const logger = new MemoryLogger();
  const ledger = new BuiltinLedger(db, { clock, logger });
  const host = testHost({
    db,
    ledger,
    clock,
    logger,
    secrets: new TestSecretBox(),
    directory: new StaticDirectory(
      { [COMPANY]: [ADMIN] },
      { [COMPANY]: { id: COMPANY, name: 'Comercial Los Andes', rut: COMPANY_RUT } },
    ),
    rindegastosApiUrl: sandbox.baseUrl,
    scheduler,
  });
  await seedChileanLedger(db, COMPANY);
  await plugin.install(host);
  await plugin.activate(host, COMPANY, {
    id: 'ord-1',
    sku: 'RINDEGASTOS-INTEGRACION',
    paidAt: clock.now().toISOString(),
  });
  const running = await plugin.start(host);
  const call: PostingBed['call'] = (routeId, opts = {}) => callAsAdmin(running, routeId, opts);
  const ok: PostingBed['ok'] = async (routeId, opts) => {
    const res = await call(routeId, opts);
    if (res.status >= 300) throw new Error(`${routeId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as never;
  };
  const bed: PostingBed = {
    host,
    ledger,
    running,
    call,
    ok,
    async sync() {
      const { run } = await ok<{ run: { id: number } }>('sync.run');
      for (;;) {
        const { run: current } = await ok<{ run: Awaited<ReturnType<PostingBed['sync']>> }>('sync.runs.get', {
          params: { id: String(run.id) },
        });
        if (current.status !== 'running') return current;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => running.stop(),
  };
  await ok('connection.put', { body: { token: sandbox.tokenFor(sandboxCompany) } });
  return bed;
}

/**
 * Maps every category, invoice category and cost center the import brought to working ERP
 * accounts and a business center, and sets what the builder needs, so that every report whose
 * data is sound builds (the others stay blocked by their own bad data).
 */
export async function mapEverything(
  bed: Pick<PostingBed, 'ok'>,
  settings: Record<string, unknown> = {},
): Promise<void> {
  await bed.ok('settings.put', {
    body: {
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
      importFrom: '2025-01-01',
      ...settings,
    },
  });
  for (const [segment, body] of [
    ['invoice-categories', { debitAccount: '4110201002', creditAccount: '2110701001' }],
    ['categories', { debitAccount: '4110205001', creditAccount: '2110701001' }],
    ['cost-centers', { businessCenter: 'EMPNEGVTAVTA000' }],
  ] as const) {
    const list = await bed.ok<{ items: { id: number }[] }>('mappings.list', { params: { kind: segment } });
    for (const item of list.items)
      await bed.ok('mappings.put', { params: { kind: segment, id: String(item.id) }, body });
  }
}

/** Sets the mapping of the item whose remote key is `remoteKey` through the route; answers the route's body. */
export async function mapItem(
  bed: Pick<PostingBed, 'ok'>,
  segment: string,
  remoteKey: string,
  body: Record<string, unknown>,
): Promise<unknown> {
  const list = await bed.ok<{ items: { id: number; remoteKey: string }[] }>('mappings.list', {
    params: { kind: segment },
  });
  const item = list.items.find((i) => i.remoteKey === remoteKey);
  if (!item)
    throw new Error(`${segment} has no item ${remoteKey}: ${list.items.map((i) => i.remoteKey).join(', ')}`);
  return bed.ok('mappings.put', { params: { kind: segment, id: String(item.id) }, body });
}
