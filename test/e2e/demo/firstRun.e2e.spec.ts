import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, type CliIo } from '../../../host/cli/main';
import type { HostServer } from '../../../host/server';
import { HostClient } from '../../support/hostHarness';
import {
  voucherRows,
  WORKED_EXAMPLE_ROWS,
  type LedgerVoucher as Voucher,
} from '../../support/ledgerVouchers';

const PLUGIN = '/api/plugins/rindegastos';
const DAY_MS = 86_400_000;

type SyncRun = {
  id: number;
  status: string;
  progress: { phase: string; done: number; total: number | null; summary?: string } | null;
  counts: Record<string, number>;
};

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

/** What a newcomer copies from the start banner: the text after "<label>: " on its line. */
function fromBanner(lines: string[], label: string): string {
  const line = lines.find((l) => l.includes(label));
  if (!line) throw new Error(`the banner has no line with "${label}":\n${lines.join('\n')}`);
  return line.slice(line.lastIndexOf(': ') + 2).trim();
}

function chileDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago' }).format(at);
}

async function ok<T>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  return r.body;
}

/**
 * The first run of the README: `npm start` is `main(['serve', '--demo'])` with the embedded,
 * anchored sandbox and the real clock. Nothing is configured behind the scenes and no
 * "Importar desde" is set: the demo's own data must bring report 8842 into the first sync.
 */
describe('first run: npm start, the README journey and a first sync post report 8842 as the worked example', function () {
  this.timeout(180_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-first-run-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds 8842 closed a week ago inside the default window and posts exactly its voucher', async () => {
    const io = capture();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: `sqlite:${path.join(dir, 'demo.sqlite')}`,
      DATA_DIR: path.join(dir, 'data'),
      PORT: '0',
      SANDBOX_PORT: '0',
      LOG_LEVEL: 'silent',
    };
    let journey: Promise<void> | undefined;
    const code = await main(['serve', '--demo'], {
      env,
      io,
      untilStopped: (server) => (journey = readmeJourney(server, io.lines)),
    });
    await journey;
    expect(code).to.equal(0);
  });
});

async function readmeJourney(server: HostServer, banner: string[]): Promise<void> {
  const token = fromBanner(banner, 'Token de la empresa demo');
  const sandboxUrl = fromBanner(banner, 'Sandbox Rindegastos');
  const password = /contraseña: (\S+?)\):/.exec(banner.join('\n'))?.[1];
  expect(password, 'the banner prints the demo password').to.equal('demo1234');
  const admin = new HostClient(server, { baseUrl: server.url()! });
  expect((await admin.login('admin@demo.cl', password)).status).to.equal(201);

  // Tienda Digital › Integraciones › Funcionalidades: Comprar, Pagar.
  const { order } = await ok(
    admin.post<{ order: { id: string } }>('/api/store/orders', { sku: 'RINDEGASTOS-INTEGRACION' }),
    201,
  );
  await ok(admin.post(`/api/store/orders/${order.id}/pay`));

  // Configuración › Token: paste the sandbox token from the banner.
  await ok(admin.request('PUT', `${PLUGIN}/connection`, { token }));

  // Configuración › General: IVA crédito fiscal, retención and centralizar automáticamente — not importFrom.
  const general = await ok(
    admin.request<{ settings: { importFrom: string } }>('PUT', `${PLUGIN}/settings`, {
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
      autoPost: true,
    }),
  );

  // Configuración › Centralización: the worked example's mappings.
  const map = async (segment: string, key: string, body: Record<string, string>) => {
    const list = await ok(
      admin.get<{ items: { id: number; remoteKey: string }[] }>(`${PLUGIN}/mappings/${segment}`),
    );
    const item = list.items.find((i) => i.remoteKey === key);
    expect(item, `${segment} ${key}`).to.not.equal(undefined);
    await ok(admin.request('PUT', `${PLUGIN}/mappings/${segment}/${item!.id}`, body));
  };
  await map('invoice-categories', 'Combustible', { debitAccount: '4110201002', creditAccount: '2110701001' });
  await map('categories', 'Alimentación', { debitAccount: '4110205001', creditAccount: '2110701001' });
  await map('cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });

  // Sincronizar, and wait for the run to finish.
  const started = await ok(admin.post<{ run: SyncRun }>(`${PLUGIN}/sync`), 202);
  let run = started.run;
  for (let polls = 0; run.status === 'running'; polls++) {
    if (polls > 3000) throw new Error('the first sync did not finish');
    await new Promise((r) => setTimeout(r, 50));
    run = (await ok(admin.get<{ run: SyncRun }>(`${PLUGIN}/sync/runs/${run.id}`))).run;
  }
  expect(run.status).to.be.oneOf(['succeeded', 'partial']);

  // Informes: 8842 is there and posted, without touching "Importar desde".
  const found = await ok(admin.get<{ items: { id: number; posted: boolean }[] }>(`${PLUGIN}/reports?q=8842`));
  expect(found.items.map((r) => [r.id, r.posted])).to.deep.equal([[13421804, true]]);
  // The finished run says so, and what it did.
  expect(run.progress).to.deep.include({ phase: 'done', done: run.counts.fetched });
  expect(run.progress!.summary).to.match(
    /^Sincronización terminada: \d+ rendiciones leídas .*; \d+ centralizadas?/,
  );

  // Its close date, as Rindegastos (the sandbox) serves it: a week ago, inside the default window.
  const remote = await fetch(`${sandboxUrl}getExpenseReport?Id=13421804`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const closeDate = ((await remote.json()) as { CloseDate: string }).CloseDate;
  const now = new Date();
  const window = { today: chileDate(now), tenDaysAgo: chileDate(new Date(now.getTime() - 10 * DAY_MS)) };
  expect(
    closeDate <= window.today && closeDate >= window.tenDaysAgo,
    `${closeDate} in ${JSON.stringify(window)}`,
  ).to.be.true;
  expect(closeDate > general.settings.importFrom, `${closeDate} after ${general.settings.importFrom}`).to.be
    .true;

  const vouchers = await ok(admin.get<{ vouchers: Voucher[] }>('/api/ledger/vouchers?source=rindegastos'));
  const voucher = vouchers.vouchers.find((v) => v.glosa === 'Rendición N° 8842 Octavio Olivares');
  expect(voucher, 'the voucher of report 8842').to.not.equal(undefined);
  expect(voucher).to.include({ type: 'TRASPASO', date: closeDate });
  expect(voucherRows(voucher!.lines)).to.deep.equal(WORKED_EXAMPLE_ROWS);
  expect(voucher!.lines[3].glosa).to.equal('Rendición N° 8842 Octavio Olivares');
}
