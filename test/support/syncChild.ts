/**
 * A sync in its own process, for the crash and concurrency tests:
 * `node syncChild.js <dbUrl> <apiUrl> <leaseMs> [route|scheduler|bullmq [redisPrefix]]` either
 * runs one sync of the test company to its end through the route (`route`, the default), or runs
 * the host's scheduler with the plugin's job until the company has nothing left to do: the
 * in-process one (`scheduler`), or a BullMQ worker on the test Redis that also upserts the job
 * schedulers, as `rindegastos worker` does (`bullmq`); then exits 0 — unless the test kills it first.
 */
import 'reflect-metadata';
import { BullMqScheduler } from '../../host/runtime/BullMqScheduler';
import { IntervalScheduler, type HostScheduler } from '../../host/runtime/IntervalScheduler';
import { createKnex } from '../../shared/db/database';
import { COMPANY } from './postingBed';
import { startRealTimePlugin } from './realTimePlugin';
import { TEST_REDIS_URL } from './redis';
import { MemoryLogger } from './testHost';

function schedulerFor(mode: string, redisPrefix: string | undefined): HostScheduler | undefined {
  const companies = async () => [COMPANY];
  if (mode === 'scheduler')
    return new IntervalScheduler({ companies, logger: new MemoryLogger(), pollMs: 200 });
  if (mode === 'bullmq')
    return new BullMqScheduler({
      companies,
      logger: new MemoryLogger(),
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix!,
      pollMs: 200,
      everyMs: 300,
      worker: { concurrency: 2 },
    });
  return undefined;
}

async function main(): Promise<void> {
  const [dbUrl, apiUrl, leaseMs, mode = 'route', redisPrefix] = process.argv.slice(2);
  const db = createKnex(dbUrl);
  const scheduler = schedulerFor(mode, redisPrefix);
  const rt = await startRealTimePlugin(db, {
    rindegastosApiUrl: apiUrl,
    syncLeaseMs: Number(leaseMs),
    scheduler,
  });
  process.stdout.write('started\n');
  if (scheduler) {
    scheduler.start();
    // Until some process's run has finished cleanly and nothing is left to post or mark.
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const done = await db('rg_sync_runs').where({ company_id: COMPANY, status: 'succeeded' }).first();
      const [{ n: left }] = await db('rg_reports')
        .where('company_id', COMPANY)
        .whereIn('state', ['imported', 'ready'])
        .count({ n: '*' });
      const [{ n: pending }] = await db('rg_outbox').whereNull('done_at').count({ n: '*' });
      if (done && Number(left) === 0 && Number(pending) === 0) break;
    }
    await scheduler.stop();
    process.stdout.write('finished scheduler\n');
  } else {
    const run = await rt.sync();
    process.stdout.write(`finished ${run.status}\n`);
  }
  await rt.stop();
  await db.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
