/**
 * `npm run bench`: measures the DESIGN.md §13 targets on this machine and prints one JSON summary
 * on stdout (progress goes to stderr). A missed target is reported, not thrown: the exit code is
 * 0 whenever the measurements ran. See README "Benchmarks".
 */
import 'reflect-metadata';
import os from 'node:os';
import { loadConfig, type BenchConfig, type Item } from './config';
import { runImportBench } from './importBench';
import { runInformesBench } from './informesBench';
import { runLatencyBench } from './latencyBench';
import { runMemoryBench } from './memoryBench';
import { destroyAllBenchDatabases } from './support/benchDatabase';
import { didNotRun, seconds, type TargetCheck } from './support/measure';
import { note } from './support/progress';
import { closeAllSandboxes } from './support/sandbox';

type ItemResult = { checks: TargetCheck[] };

const RUNNERS: Record<Item, (config: BenchConfig) => Promise<ItemResult>> = {
  import: runImportBench,
  latency: runLatencyBench,
  memory: runMemoryBench,
  informes: runInformesBench,
};

// stdout carries the JSON summary only: libraries that print (knex's pool warnings) go to stderr.
console.log = console.error;
console.info = console.error;
console.warn = console.error;
console.debug = console.error;

async function main(): Promise<void> {
  const config = loadConfig();
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  note(`scale ${config.scale}; items ${config.items.join(', ')}; engines ${config.engines.join(', ')}`);
  const results: Partial<Record<Item, ItemResult | { error: string; checks: TargetCheck[] }>> = {};
  for (const item of config.items) {
    const ti = performance.now();
    try {
      results[item] = await RUNNERS[item](config);
    } catch (err) {
      note(`${item} failed: ${err instanceof Error ? err.stack : String(err)}`);
      results[item] = {
        error: err instanceof Error ? err.message : String(err),
        checks: [didNotRun(item, err).check],
      };
    } finally {
      await closeAllSandboxes();
      await destroyAllBenchDatabases();
    }
    note(`${item} done in ${seconds(ti)}s`);
  }
  const checks = Object.values(results).flatMap((r) => r?.checks ?? []);
  const missed = checks.filter((c) => !c.pass);
  const summary = {
    benchmark: 'rindegastos-erp-plugin',
    startedAt,
    durationSeconds: seconds(t0),
    scale: config.scale,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    verdict: missed.length === 0 ? 'ALL TARGETS MET' : `${missed.length} OF ${checks.length} TARGETS MISSED`,
    allTargetsMet: missed.length === 0,
    missed: missed.map((c) => `${c.name}: ${c.figure} ${c.unit} (target ${c.target})`),
    checks,
    // Each item's checks are listed once, above.
    results: Object.fromEntries(
      Object.entries(results).map(([item, result]) => {
        const { checks: _checks, ...rest } = result as ItemResult;
        return [item, rest];
      }),
    ),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  note(summary.verdict);
}

// Ctrl-C or a kill: still drop the databases, temp files and sandbox processes this run created.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note(`${signal}: cleaning up`);
    void Promise.allSettled([closeAllSandboxes(), destroyAllBenchDatabases()]).then(() => process.exit(130));
  });
}

main().catch(async (err: unknown) => {
  note(`bench crashed: ${err instanceof Error ? err.stack : String(err)}`);
  await closeAllSandboxes();
  await destroyAllBenchDatabases();
  process.exitCode = 1;
});
