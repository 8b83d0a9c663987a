/**
 * A sync in its own process, for the crash test: `node syncChild.js <dbUrl> <apiUrl> <leaseMs>`
 * runs one sync of the test company to its end and exits 0 — unless the test kills it first.
 */
import 'reflect-metadata';
import { createKnex } from '../../shared/db/database';
import { startRealTimePlugin } from './realTimePlugin';

async function main(): Promise<void> {
  const [dbUrl, apiUrl, leaseMs] = process.argv.slice(2);
  const db = createKnex(dbUrl);
  const rt = await startRealTimePlugin(db, { rindegastosApiUrl: apiUrl, syncLeaseMs: Number(leaseMs) });
  process.stdout.write('started\n');
  const run = await rt.sync();
  await rt.stop();
  await db.destroy();
  process.stdout.write(`finished ${run.status}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
