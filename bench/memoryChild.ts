/**
 * Item 3's measured process: only the plugin (on its host, with SQLite) importing from a
 * sandbox that runs elsewhere, so its peak RSS is the plugin's. Started by memoryBench with
 * `{ apiUrl, token, autoPost }` as argv[2]; answers over IPC.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { createBenchDatabase, destroyAllBenchDatabases } from './support/benchDatabase';
import { startBenchBed } from './support/benchHost';
import { configureForPosting } from './support/configure';
import { seconds } from './support/measure';

const MB = 2 ** 20;

/** The kernel's high-water mark of this process's resident set, in MB. */
function vmHwmMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Messages to the parent; dropped once it is gone (interrupted), never a crash that skips cleanup. */
function tell(message: object): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

async function main(): Promise<void> {
  const { apiUrl, token, autoPost, every } = JSON.parse(process.argv[2] ?? '{}') as {
    apiUrl: string;
    token: string;
    autoPost: boolean;
    /** Record the timeline every this many reports. */
    every: number;
  };
  const database = await createBenchDatabase('sqlite');
  try {
    const bed = await startBenchBed(database.db, { apiUrl, token });
    try {
      await configureForPosting(bed, { autoPost });
      global.gc?.();
      const baseline = process.memoryUsage();
      let peakRss = baseline.rss;
      let peakHeap = baseline.heapUsed;
      const timeline: { reports: number; rssMb: number; heapUsedMb: number }[] = [];
      let lastReports = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const t0 = performance.now();
      const run = await bed
        .sync((reports) => {
          if (reports >= lastReports + every) {
            lastReports = reports;
            const m = process.memoryUsage();
            timeline.push({
              reports,
              rssMb: Math.round(m.rss / MB),
              heapUsedMb: Math.round(m.heapUsed / MB),
            });
            tell({ progress: reports });
          }
        })
        .finally(() => clearInterval(sampler));
      const s = seconds(t0);
      const [{ n: expenses }] = await database.db('rg_expenses').count({ n: '*' });
      const [{ n: reports }] = await database.db('rg_reports').count({ n: '*' });
      tell({
        result: {
          seconds: s,
          run: { status: run.status, counts: run.counts },
          stored: { reports: Number(reports), expenses: Number(expenses) },
          baselineRssMb: Math.round(baseline.rss / MB),
          peakRssSampledMb: Math.round(peakRss / MB),
          peakHeapUsedMb: Math.round(peakHeap / MB),
          vmHwmMb: vmHwmMb(),
          timeline,
        },
      });
    } finally {
      await bed.stop();
    }
  } finally {
    await database.destroy();
  }
}

// The parent was interrupted or went away: drop the temp database before leaving.
for (const event of ['SIGINT', 'SIGTERM', 'disconnect'] as const) {
  process.once(event, () => {
    void destroyAllBenchDatabases().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    tell({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  },
);
