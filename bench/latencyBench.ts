/**
 * Item 2 (DESIGN.md §13): with 50 ms added to every Rindegastos request, a sync must take at
 * most 1.25 × (requests × 50 ms ÷ concurrency): the plugin keeps the configured number of
 * requests in flight and its own work hides behind the waiting.
 */
import type { BenchConfig } from './config';
import { createBenchDatabase } from './support/benchDatabase';
import { startBenchBed } from './support/benchHost';
import { sandboxWithApproved } from './support/calibrate';
import { configureForPosting } from './support/configure';
import { isDrainQuery } from './importBench';
import { atMost, round, seconds, type TargetCheck } from './support/measure';
import { note } from './support/progress';

/**
 * The plugin's configured concurrency (not exported by the plugin, so stated here):
 * reads — getExpenseReports pages ahead and getExpenses per report — 4 in flight
 * (AxiosRindegastosClientFactory `concurrency` default, SyncService EXPENSE_CONCURRENCY);
 * write-backs — setExpenseReportIntegration / setExpenseIntegration — 8 (WriteBackService SEND_CONCURRENCY).
 */
export const CONFIGURED_CONCURRENCY = { reads: 4, writes: 8 } as const;
const SLACK = 1.25;
const WRITE_METHODS = ['setExpenseReportIntegration', 'setExpenseIntegration'];

export async function runLatencyBench(config: BenchConfig) {
  const { reports, expensesPerReport, latencyMs } = config.latency;
  note(`latency: sandbox with ${latencyMs} ms per request, ~${reports} reports × ${expensesPerReport}`);
  const { sandbox, generatedReports, importable } = await sandboxWithApproved(
    reports * expensesPerReport,
    expensesPerReport,
    { latencyMs },
  );
  const database = await createBenchDatabase('sqlite');
  try {
    const bed = await startBenchBed(database.db, { apiUrl: sandbox.baseUrl, token: sandbox.token });
    try {
      await configureForPosting(bed, { autoPost: true });
      await sandbox.resetStats();
      let drainAt: number | undefined;
      const onQuery = (q: { sql?: string }) => {
        if (drainAt === undefined && isDrainQuery(q)) drainAt = performance.now();
      };
      database.db.on('query', onQuery);
      const t0 = performance.now();
      const run = await bed.sync().finally(() => database.db.off('query', onQuery));
      const tEnd = performance.now();
      const stats = await sandbox.stats();
      const writes = WRITE_METHODS.reduce((n, m) => n + (stats.byMethod[m] ?? 0), 0);
      const reads = stats.requests - writes;
      const ideal = {
        reads: (reads * latencyMs) / CONFIGURED_CONCURRENCY.reads / 1000,
        writes: (writes * latencyMs) / CONFIGURED_CONCURRENCY.writes / 1000,
      };
      const bound = round(SLACK * (ideal.reads + ideal.writes), 3);
      const wall = seconds(t0, tEnd);
      const importSeconds = seconds(t0, drainAt ?? tEnd);
      const writeBackSeconds = seconds(drainAt ?? tEnd, tEnd);
      note(`latency: ${stats.requests} requests in ${wall}s (bound ${bound}s)`);
      const checks: TargetCheck[] = [atMost('latency.wallSeconds', wall, bound, 's')];
      return {
        description:
          `Sync (import + post + write-back) against the sandbox adding ${latencyMs} ms to every request. ` +
          `Bound = 1.25 × Σ(requests × ${latencyMs} ms ÷ configured concurrency): reads at ${CONFIGURED_CONCURRENCY.reads}, ` +
          `write-backs at ${CONFIGURED_CONCURRENCY.writes}. SQLite.`,
        latencyMs,
        generatedReports,
        importable,
        run: { status: run.status, counts: run.counts },
        requests: { total: stats.requests, reads, writes, byMethod: stats.byMethod },
        configuredConcurrency: CONFIGURED_CONCURRENCY,
        wallSeconds: wall,
        boundSeconds: bound,
        phases: {
          importAndPost: {
            seconds: importSeconds,
            requests: reads,
            boundSeconds: round(SLACK * ideal.reads, 3),
            withinBound: importSeconds <= SLACK * ideal.reads,
          },
          writeBack: {
            seconds: writeBackSeconds,
            requests: writes,
            boundSeconds: round(SLACK * ideal.writes, 3),
            withinBound: writeBackSeconds <= SLACK * ideal.writes,
          },
        },
        checks,
      };
    } finally {
      await bed.stop();
    }
  } finally {
    await database.destroy();
    await sandbox.close();
  }
}
