import { expect } from 'chai';
import * as sinon from 'sinon';
import type { JobRunContext, ScheduledJob } from '../../../plugin/host';
import { IntervalScheduler, JobTimeoutError } from '../../../host/runtime/IntervalScheduler';
import { MemoryLogger } from '../../support/testHost';

/** A job whose runs finish only when the test says so, recording overlap. */
function controllableJob(overrides: Partial<ScheduledJob> = {}) {
  const runs: { ctx: JobRunContext; finish: () => void }[] = [];
  const inFlight = new Map<string, number>();
  let maxOverlap = 0;
  const job: ScheduledJob = {
    id: 'sync',
    intervalMs: async () => 1_000,
    timeoutMs: 60_000,
    run: (ctx) =>
      new Promise<void>((resolve) => {
        const n = (inFlight.get(ctx.companyId) ?? 0) + 1;
        inFlight.set(ctx.companyId, n);
        maxOverlap = Math.max(maxOverlap, n);
        runs.push({
          ctx,
          finish: () => {
            inFlight.set(ctx.companyId, (inFlight.get(ctx.companyId) ?? 1) - 1);
            resolve();
          },
        });
      }),
    ...overrides,
  };
  return { job, runs, maxOverlap: () => maxOverlap };
}

describe('host Scheduler', () => {
  let clock: sinon.SinonFakeTimers;
  let scheduler: IntervalScheduler;
  let companies: string[];
  const logger = new MemoryLogger();

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    companies = ['c1', 'c2'];
    scheduler = new IntervalScheduler({ companies: async () => companies, logger, pollMs: 10_000 });
  });
  afterEach(async () => {
    const stopped = scheduler.stop(5_000);
    await clock.tickAsync(5_000);
    await stopped;
    clock.restore();
  });

  it('runs each job once per active company and never overlaps runs of one company', async () => {
    const { job, runs, maxOverlap } = controllableJob();
    scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    expect(runs.map((r) => r.ctx.companyId).sort()).to.deep.equal(['c1', 'c2']);

    // c1's run is slow: polls and intervals pass, yet no second c1 run starts.
    await clock.tickAsync(45_000);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(1);
    await scheduler.refresh();
    await clock.tickAsync(1);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(1);

    runs[0].finish();
    await clock.tickAsync(999);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(1);
    await clock.tickAsync(1);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(2);
    expect(maxOverlap()).to.equal(1);
  });

  it('waits the interval the job gives for each company between the end of a run and the next', async () => {
    const { job, runs } = controllableJob({ intervalMs: async (c) => (c === 'c1' ? 5_000 : 20_000) });
    scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    runs.forEach((r) => r.finish());
    await clock.tickAsync(5_000);
    expect(runs.map((r) => r.ctx.companyId).sort()).to.deep.equal(['c1', 'c1', 'c2']);
    await clock.tickAsync(15_000);
    expect(runs.map((r) => r.ctx.companyId).sort()).to.deep.equal(['c1', 'c1', 'c2', 'c2']);
  });

  it('aborts a run at its timeout, and still starts no new run until the old one settles', async () => {
    const { job, runs } = controllableJob({ timeoutMs: 3_000 });
    scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    const c1 = runs.find((r) => r.ctx.companyId === 'c1')!;
    await clock.tickAsync(2_998);
    expect(c1.ctx.signal.aborted).to.equal(false);
    await clock.tickAsync(2);
    expect(c1.ctx.signal.aborted).to.equal(true);
    expect(c1.ctx.signal.reason).to.be.instanceOf(JobTimeoutError);

    // The job ignores the signal for a while: its slot stays held.
    await clock.tickAsync(30_000);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(1);
    c1.finish();
    await clock.tickAsync(1_000);
    expect(runs.filter((r) => r.ctx.companyId === 'c1')).to.have.length(2);
    expect(logger.text()).to.include('exceeded its timeout');
  });

  it('stops scheduling a company that is no longer active, and starts one that became active', async () => {
    const { job, runs } = controllableJob({ intervalMs: async () => 60_000 });
    scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    runs.forEach((r) => r.finish());
    companies = ['c2', 'c3'];
    await clock.tickAsync(10_000); // the next poll
    await clock.tickAsync(120_000);
    const started = runs.map((r) => r.ctx.companyId);
    expect(started).to.include('c3');
    expect(started.filter((c) => c === 'c1')).to.have.length(1);
  });

  it('aborts running runs on stop and unregister', async () => {
    const { job, runs } = controllableJob();
    const unregister = scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    unregister();
    expect(runs.every((r) => r.ctx.signal.aborted)).to.equal(true);
    runs.forEach((r) => r.finish());
    await clock.tickAsync(60_000);
    expect(runs).to.have.length(2);
  });

  it('stops within its grace period even when a run ignores the abort', async () => {
    const { job, runs } = controllableJob();
    scheduler.register(job);
    scheduler.start();
    await clock.tickAsync(1);
    let stopped = false;
    const stopping = scheduler.stop(2_000).then(() => (stopped = true));
    await clock.tickAsync(1_999);
    expect(stopped).to.equal(false);
    await clock.tickAsync(1);
    await stopping;
    expect(stopped).to.equal(true);
    expect(runs.every((r) => r.ctx.signal.aborted)).to.equal(true);
  });

  it('keeps scheduling after a run fails, logging the failure', async () => {
    let calls = 0;
    scheduler.register({
      id: 'flaky',
      intervalMs: async () => 1_000,
      timeoutMs: 10_000,
      run: async () => {
        calls++;
        throw new Error('boom');
      },
    });
    scheduler.start();
    await clock.tickAsync(2_010);
    expect(calls).to.be.greaterThanOrEqual(4); // 2 companies × 2 runs
    expect(logger.text()).to.include('job run failed');
  });
});
