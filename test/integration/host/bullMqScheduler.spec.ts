import { expect } from 'chai';
import type { JobRunContext, ScheduledJob } from '../../../plugin/host';
import { BullMqScheduler, jobSchedulerId } from '../../../host/runtime/BullMqScheduler';
import { deleteRedisKeys, TEST_REDIS_URL, testRedisPrefix } from '../../support/redis';
import { MemoryLogger } from '../../support/testHost';

const JOB_ID = 'test.sync';

/** A job that records its runs and tells the test when every expected company has run. */
function recordingJob() {
  const runs: JobRunContext[] = [];
  const waiters: { companies: string[]; resolve: () => void }[] = [];
  const job: ScheduledJob = {
    id: JOB_ID,
    intervalMs: async () => 60_000,
    timeoutMs: 60_000,
    run: async (ctx) => {
      runs.push(ctx);
      for (const w of waiters.splice(0))
        if (w.companies.every((c) => runs.some((r) => r.companyId === c))) w.resolve();
        else waiters.push(w);
      return { status: 'succeeded', summary: 'ok', counts: {} };
    },
  };
  const ranFor = (companies: string[]) =>
    new Promise<void>((resolve) => {
      if (companies.every((c) => runs.some((r) => r.companyId === c))) resolve();
      else waiters.push({ companies, resolve });
    });
  return { job, runs, ranFor };
}

describe('host BullMqScheduler (Redis)', () => {
  let prefix: string;
  let companies: string[];
  const schedulers: BullMqScheduler[] = [];
  const logger = new MemoryLogger();

  function scheduler(opts: { worker?: boolean; everyMs?: number } = {}) {
    const s = new BullMqScheduler({
      redisUrl: TEST_REDIS_URL,
      prefix,
      companies: async () => companies,
      logger,
      pollMs: 60_000,
      everyMs: opts.everyMs ?? 60_000,
      worker: opts.worker ? { concurrency: 2 } : null,
    });
    schedulers.push(s);
    return s;
  }

  beforeEach(() => {
    prefix = testRedisPrefix();
    companies = ['c1', 'c2'];
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop(5_000)));
    const deleted = await deleteRedisKeys(prefix);
    expect(await deleteRedisKeys(prefix)).to.equal(0);
    console.log(`      cleaned up ${deleted} Redis keys under ${prefix}:`);
  });

  it('upserts one job scheduler per active company, keeps them on a redeploy and removes a deactivated company’s', async () => {
    const first = scheduler();
    first.register(recordingJob().job);
    first.start();
    await first.refresh();
    const initial = await first.schedulers(JOB_ID);
    expect([...initial.keys()].sort()).to.deep.equal([
      jobSchedulerId(JOB_ID, 'c1'),
      jobSchedulerId(JOB_ID, 'c2'),
    ]);
    expect([...initial.values()]).to.deep.equal([60_000, 60_000]);
    await first.stop();

    // A redeploy (a new process) finds the same schedulers and adds only the new company's.
    companies = ['c1', 'c2', 'c3'];
    const second = scheduler();
    second.register(recordingJob().job);
    second.start();
    await second.refresh();
    await second.refresh();
    const redeployed = await second.schedulers(JOB_ID);
    expect([...redeployed.keys()].sort()).to.deep.equal(
      ['c1', 'c2', 'c3'].map((c) => jobSchedulerId(JOB_ID, c)),
    );

    // c2's license ends: its scheduler goes, the others stay.
    companies = ['c1', 'c3'];
    await second.refresh();
    const after = await second.schedulers(JOB_ID);
    expect([...after.keys()].sort()).to.deep.equal([
      jobSchedulerId(JOB_ID, 'c1'),
      jobSchedulerId(JOB_ID, 'c3'),
    ]);
    console.log(
      `      injected: companies [c1,c2] → redeploy with [c1,c2,c3] → [c1,c3]; verified schedulers ${[...initial.keys()].length} → ${[...redeployed.keys()].length} → ${[...after.keys()].sort().join(', ')}`,
    );
  });

  it('a worker runs the job for each active company with that company’s id, outside a manual run', async () => {
    const { job, runs, ranFor } = recordingJob();
    const worker = scheduler({ worker: true, everyMs: 200 });
    worker.register(job);
    worker.start();
    await ranFor(['c1', 'c2']);
    expect(runs.every((r) => r.manual === undefined && r.signal instanceof AbortSignal)).to.equal(true);
    expect(new Set(runs.map((r) => r.companyId))).to.deep.equal(new Set(['c1', 'c2']));
    console.log(
      `      verified: ${runs.length} runs by one worker, for ${[...new Set(runs.map((r) => r.companyId))].join(', ')}`,
    );
  });
});
