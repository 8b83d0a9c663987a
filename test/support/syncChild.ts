/**
 * A sync in its own process, for the crash and concurrency tests:
 * `node syncChild.js <dbUrl> <apiUrl> <leaseMs> [route|scheduler]` either runs one sync of the
 * test company to its end through the route (`route`, the default), or runs the host's in-process
 * scheduler with the plugin's job until the company has nothing left to do (`scheduler`); then
 * exits 0 — unless the test kills it first.
 */
import 'reflect-metadata';
import { IntervalScheduler } from '../../host/runtime/IntervalScheduler';
import { createKnex } from '../../shared/db/database';
import { COMPANY } from './postingBed';
import { startRealTimePlugin } from './realTimePlugin';
import { MemoryLogger } from './testHost';

async function main(): Promise<void> {
  const [dbUrl, apiUrl, leaseMs, mode = 'route'] = process.argv.slice(2);
  const db = createKnex(dbUrl);
  const scheduler =
    mode === 'scheduler'
      ? new IntervalScheduler({ companies: async () => [COMPANY], logger: new MemoryLogger(), pollMs: 200 })
      : undefined;
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
