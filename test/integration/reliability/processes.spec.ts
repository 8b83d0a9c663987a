import { spawn } from 'node:child_process';
import type { Knex } from 'knex';
import type { RunningSandbox } from '../../../sandbox/index';
import path from 'node:path';
import { expect } from 'chai';
import { seedChileanLedger } from '../../../host/ledger/seed';
import plugin from '../../../plugin/index';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '../../support/databases';
import { COMPANY, mapEverything } from '../../support/postingBed';
import { startRealTimePlugin, type RealTimePlugin } from '../../support/realTimePlugin';
import { deleteRedisKeys, testRedisPrefix } from '../../support/redis';
import { useSandbox } from '../../support/sandbox';

const CHILD = path.join(__dirname, '../../support/syncChild.js');
const KILLS = 10;
/** Short, so a killed child's lease (and its outbox claims) expire quickly. */
const LEASE_MS = 400;

/** A seeded generator, so a failing run can be replayed from the seed it prints. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Starts a sync child; resolves once it is syncing, with a function that SIGKILLs it. */
function startChild(
  dbUrl: string,
  apiUrl: string,
  mode: 'route' | 'scheduler' | 'bullmq' = 'route',
  redisPrefix?: string,
): Promise<{ kill(): Promise<string>; exited: Promise<string> }> {
  const args = [CHILD, dbUrl, apiUrl, String(LEASE_MS), mode, ...(redisPrefix ? [redisPrefix] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('started'))
        resolve({
          exited: exited.then(() => out),
          async kill() {
            child.kill('SIGKILL');
            await exited;
            return out.includes('finished') ? 'finished' : 'killed';
          },
        });
    });
    child.once('exit', (code) => {
      if (!out.includes('started')) reject(new Error(`sync child exited ${code}: ${out}`));
    });
  });
}

/** The plugin on the system clock, its company connected to the sandbox, everything mapped, auto-posting. */
async function preparedCompany(db: Knex, sandbox: RunningSandbox): Promise<RealTimePlugin> {
  const rt = await startRealTimePlugin(db, { rindegastosApiUrl: sandbox.baseUrl, syncLeaseMs: LEASE_MS });
  await seedChileanLedger(db, COMPANY);
  await plugin.install(rt.host);
  await plugin.activate(rt.host, COMPANY, {
    id: 'o',
    sku: 'RINDEGASTOS-INTEGRACION',
    paidAt: new Date().toISOString(),
  });
  await rt.ok('connection.put', { body: { token: sandbox.tokenFor('demo') } });
  await mapEverything(rt, { autoPost: true });
  return rt;
}

/** Checks that every report is posted once (one voucher, one posting, one mark) or blocked by its data. */
async function exactlyOnce(db: Knex, rt: RealTimePlugin, sandbox: RunningSandbox) {
  const reports: { remote_id: unknown; state: string; posted_voucher_number: string | null }[] = await db(
    'rg_reports',
  )
    .where('company_id', COMPANY)
    .select('remote_id', 'state', 'posted_voucher_number');
  const posted = reports.filter((r) => r.state === 'posted');
  const blocked = reports.filter((r) => r.state === 'blocked');
  const vouchers = (await rt.ledger.listVouchers(COMPANY, { source: 'rindegastos' })).filter(
    (v) => v.status === 'posted',
  );
  const postings: { report_id: unknown; n: unknown }[] = await db('rg_postings')
    .where({ company_id: COMPANY, status: 'posted' })
    .groupBy('report_id')
    .select('report_id')
    .count({ n: '*' });
  const marks = sandbox.listMarks('demo').reports;
  const runStates: { status: string; n: unknown }[] = await db('rg_sync_runs')
    .groupBy('status')
    .select('status')
    .count({ n: '*' });
  expect(posted.length).to.be.greaterThan(0);
  expect(posted.length + blocked.length).to.equal(reports.length);
  expect(vouchers.length).to.equal(posted.length);
  expect(postings.every((p) => Number(p.n) === 1)).to.equal(true);
  expect(postings.length).to.equal(posted.length);
  for (const r of posted) {
    const mine = marks.filter((m) => m.Id === Number(r.remote_id));
    expect(mine, `marks of report ${String(r.remote_id)}`).to.have.length(1);
    expect(mine[0]).to.include({ IntegrationStatus: 1, IntegrationCode: r.posted_voucher_number });
  }
  expect(runStates.find((r) => r.status === 'running')).to.equal(undefined);
  return { posted, blocked, vouchers, marks, runStates };
}

forEachDatabase('reliability: a sync killed with SIGKILL at random points', (suite) => {
  const sandbox = useSandbox({ reports: 40, expensesPerReport: 2 });
  let rt: RealTimePlugin;
  afterEach(() => rt?.stop());

  it('posts every eligible report exactly once and marks it once, leaving nothing imported, ready or running', async function () {
    this.timeout(240_000);
    sandbox().reset();
    rt = await preparedCompany(suite.db, sandbox());
    // Slow enough that a kill lands in any phase: import, evaluate, post, write-back.
    sandbox().setFaults({ rate: 0.5, kinds: ['latency'], latencyMs: 15, seed: 7 });

    const seed = 20261201;
    const random = rng(seed);
    const delays: number[] = [];
    let finishedBeforeKill = 0;
    for (let i = 0; i < KILLS; i++) {
      const child = await startChild(suite.url, sandbox().baseUrl);
      const delay = Math.floor(random() * 700);
      delays.push(delay);
      await new Promise((r) => setTimeout(r, delay));
      if ((await child.kill()) === 'finished') finishedBeforeKill++;
    }
    sandbox().setFaults(null);
    const interruptedBefore = await suite.db('rg_sync_runs').where({ status: 'running' }).count({ n: '*' });

    // Run to completion: until a run has nothing left to do.
    let runs = 0;
    for (;;) {
      const run = await rt.sync();
      runs++;
      const left = await suite
        .db('rg_reports')
        .where('company_id', COMPANY)
        .whereIn('state', ['imported', 'ready', 'failed'])
        .count({ n: '*' });
      const pending = await suite.db('rg_outbox').whereNull('done_at').count({ n: '*' });
      if ((Number(left[0].n) === 0 && Number(pending[0].n) === 0) || runs >= 5) {
        expect(run.status).to.be.oneOf(['succeeded', 'partial']);
        break;
      }
      await new Promise((r) => setTimeout(r, LEASE_MS));
    }

    const { posted, blocked, vouchers, marks, runStates } = await exactlyOnce(suite.db, rt, sandbox());
    console.log(
      `      injected: ${KILLS} SIGKILLs (seed ${seed}) after ${delays.join(', ')} ms (${finishedBeforeKill} children finished first), ${Number(interruptedBefore[0].n)} runs left running; ` +
        `verified after ${runs} more run(s): ${posted.length} posted with ${vouchers.length} vouchers, ${marks.filter((m) => m.IntegrationStatus === 1).length} marks, ${blocked.length} blocked by their data, runs ${runStates.map((r) => `${r.status} ${Number(r.n)}`).join(', ')}`,
    );
  });
});

describe('[mariadb] reliability: 3 sync processes on the same company', () => {
  const sandbox = useSandbox({ reports: 40, expensesPerReport: 2 });
  let database: TestDatabase;
  let rt: RealTimePlugin | undefined;
  beforeEach(async function () {
    this.timeout(60_000);
    database = await createTestDatabase('mariadb');
  });
  afterEach(async () => {
    await rt?.stop();
    rt = undefined;
    await database.destroy();
  });

  const MODES = {
    route: 'each process syncing through POST /sync',
    scheduler: 'the in-process scheduler in each',
    bullmq: 'BullMQ workers on Redis, each also upserting the job schedulers',
  } as const;
  for (const mode of Object.keys(MODES) as (keyof typeof MODES)[]) {
    it(`post each report exactly once (${MODES[mode]})`, async function () {
      this.timeout(180_000);
      sandbox().reset();
      rt = await preparedCompany(database.db, sandbox());
      sandbox().setFaults({ rate: 0.5, kinds: ['latency'], latencyMs: 10, seed: 5 });
      const redisPrefix = mode === 'bullmq' ? testRedisPrefix() : undefined;
      let outputs: string[];
      let redisKeys = 0;
      try {
        const children = await Promise.all(
          [1, 2, 3].map(() => startChild(database.url, sandbox().baseUrl, mode, redisPrefix)),
        );
        outputs = await Promise.all(children.map((c) => c.exited));
      } finally {
        if (redisPrefix) redisKeys = await deleteRedisKeys(redisPrefix);
      }
      sandbox().setFaults(null);
      const { posted, vouchers, marks, runStates } = await exactlyOnce(database.db, rt, sandbox());
      console.log(
        `      injected: 3 processes (${mode}) syncing one company at once, 50% latency faults; verified: ${outputs.filter((o) => o.includes('finished')).length} finished, ${posted.length} posted with ${vouchers.length} vouchers and ${marks.filter((m) => m.IntegrationStatus === 1).length} marks, runs ${runStates.map((r) => `${r.status} ${Number(r.n)}`).join(', ')}` +
          (redisPrefix ? `; ${redisKeys} Redis keys under ${redisPrefix}: deleted` : ''),
      );
      expect(
        outputs.every((o) => o.includes('finished')),
        outputs.join('\n'),
      ).to.equal(true);
    });
  }
});
