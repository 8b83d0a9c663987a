/**
 * Item 1 (DESIGN.md §13): a sync importing ~50,000 approved expenses (2,000 reports × 25) from
 * the sandbox at zero latency, building and posting every postable report through the host's
 * posting pipeline, then writing back the integration marks — on each engine — against the
 * bench's floor: a plain batched knex insert of the same expense rows into the same table.
 */
import type { Knex } from 'knex';
import type { BenchConfig } from './config';
import { createBenchDatabase, type Engine } from './support/benchDatabase';
import { COMPANY, startBenchBed, type SyncOutcome } from './support/benchHost';
import { sandboxWithApproved, type Importable } from './support/calibrate';
import { configureForPosting } from './support/configure';
import { CpuMeter } from './support/cpu';
import { atLeast, atMost, didNotRun, round, seconds, type TargetCheck } from './support/measure';
import { bar, note } from './support/progress';
import type { SandboxProcess } from './support/sandbox';

export const IMPORT_TARGETS: Record<Engine, number> = { sqlite: 5_000, mariadb: 2_500 };
export const FLOOR_RATIO_TARGET = 3;
const FLOOR_COMPANY = 'c-bench-floor';
const FLOOR_ROWS_PER_INSERT = 500;

export interface ImportEngineResult {
  engine: Engine;
  sync: {
    status: string;
    counts: Record<string, number>;
    problems: number;
    firstProblems: string[];
    logged: Record<string, number>;
  };
  stored: { reports: number; expenses: number; approvedExpenses: number };
  posted: { reportsPosted: number; reportsBlocked: number; reportsReady: number; vouchers: number };
  /** Posted vouchers == postable reports (those evaluated ready), and == reports in state posted. */
  allPostableWerePosted: boolean;
  timing: {
    /** Import + store + evaluate (build) + post: sync start until the write-back drain starts. */
    importBuildPostSeconds: number;
    /** The write-back drain (setExpenseReportIntegration + setExpenseIntegration, one request each). */
    writeBackSeconds: number;
    /** The whole sync run as the user waits for it (import + build + post + write-back). */
    syncTotalSeconds: number;
    floorInsertSeconds: number;
  };
  rates: {
    /** Approved expenses ÷ importBuildPostSeconds: the DESIGN.md §13 figure. */
    expensesPerSecond: number;
    expensesPerSecondIncludingWriteBack: number;
    writeBackRequestsPerSecond: number;
    floorRowsPerSecond: number;
  };
  /** importBuildPostSeconds ÷ floorInsertSeconds. */
  floorRatio: number;
  /** SQL statements sent during each phase (knex `query` events), and per imported report / write-back. */
  statements: {
    importBuildPost: number;
    perImportedReport: number;
    transactionsPerImportedReport: number;
    writeBack: number;
    perWriteBack: number;
  };
  /**
   * CPU seconds used meanwhile by the bench process (the plugin and its host), the sandbox
   * process and the local database server: where the time goes on this 2-core machine.
   */
  cpuSeconds: { importBuildPost: Record<string, number | null>; writeBack: Record<string, number | null> };
  sandboxRequests: Record<string, number>;
  writeBackMarks: { reports: number; expenses: number };
}

export interface ImportResult {
  description: string;
  generatedReports: number;
  expensesPerReport: number;
  importable: Importable;
  writeBackIncludedInTarget: false;
  engines: ImportEngineResult[];
  failed: { engine: Engine; error: string }[];
  checks: TargetCheck[];
}

/** The bench's own polling of the run (GET /sync/runs/:id: license check and run read), not counted. */
function isPollQuery(sql: string): boolean {
  return /^select/i.test(sql) && (sql.includes('rg_installations') || sql.includes('rg_sync_runs'));
}

/** True for the first query of the write-back drain: the outbox's due-items read (claim). */
export function isDrainQuery(q: { sql?: string }): boolean {
  const raw = q.sql ?? '';
  // Cheap test first: this runs on every statement of the timed sync.
  if (!raw.includes('claimed_until')) return false;
  const sql = raw.toLowerCase().replace(/[`"]/g, '');
  return sql.startsWith('select') && sql.includes('from rg_outbox') && sql.includes('claimed_until is null');
}

async function count(db: Knex, table: string, where: Record<string, unknown>): Promise<number> {
  const [{ n }] = await db(table).where(where).count({ n: '*' });
  return Number(n);
}

/**
 * The floor: the expense rows the sync stored, inserted again (as another company, so the
 * unique keys hold) into the same table with its indexes, 500 rows per statement in one
 * transaction — what the plugin's own upsert could cost at best.
 */
async function floorInsert(db: Knex): Promise<{ rows: number; seconds: number }> {
  const rows: Record<string, unknown>[] = (await db('rg_expenses').where('company_id', COMPANY)).map(
    ({ id: _id, ...row }: Record<string, unknown>) => ({ ...row, company_id: FLOOR_COMPANY }),
  );
  const t0 = performance.now();
  await db.batchInsert('rg_expenses', rows, FLOOR_ROWS_PER_INSERT);
  const s = seconds(t0);
  await db('rg_expenses').where('company_id', FLOOR_COMPANY).delete();
  return { rows: rows.length, seconds: s };
}

async function runEngine(
  engine: Engine,
  sandbox: SandboxProcess,
  reportsTotal: number,
): Promise<ImportEngineResult> {
  const database = await createBenchDatabase(engine);
  const { db } = database;
  try {
    const bed = await startBenchBed(db, { apiUrl: sandbox.baseUrl, token: sandbox.token });
    try {
      await configureForPosting(bed, { autoPost: true });
      await sandbox.resetStats();
      const cpu = new CpuMeter(sandbox.pid, engine === 'mariadb');
      let drainStartedAt: number | undefined;
      let cpuImport: Record<string, number | null> | undefined;
      // Statements the plugin (and the host's ledger) send, per phase: what each report costs in round trips.
      const statements = { importBuildPost: 0, importTransactions: 0, writeBack: 0 };
      const onQuery = (q: { sql?: string }) => {
        const phase = drainStartedAt === undefined ? 'importBuildPost' : 'writeBack';
        const sql = q.sql ?? '';
        if (!isPollQuery(sql)) statements[phase]++;
        if (phase === 'importBuildPost' && sql.length < 24 && /^(begin|start transaction)/i.test(sql)) {
          statements.importTransactions++;
        }
        if (drainStartedAt === undefined && isDrainQuery(q)) {
          drainStartedAt = performance.now();
          cpuImport = cpu.since();
          cpu.mark();
        }
      };
      db.on('query', onQuery);
      const progress = bar(`import ${engine} (reports)`, reportsTotal);
      cpu.mark();
      const t0 = performance.now();
      let run: SyncOutcome;
      try {
        run = await bed.sync((reports) => progress.update(reports));
      } finally {
        progress.stop();
        db.off('query', onQuery);
      }
      const tEnd = performance.now();
      const cpuWriteBack = cpu.since();
      const drainAt = drainStartedAt ?? tEnd;
      const stats = await sandbox.stats();
      const marks = await sandbox.marks();

      const reports = await count(db, 'rg_reports', { company_id: COMPANY });
      const expenses = await count(db, 'rg_expenses', { company_id: COMPANY });
      const approved = await count(db, 'rg_expenses', { company_id: COMPANY, status: 1 });
      const postedReports = await count(db, 'rg_reports', { company_id: COMPANY, state: 'posted' });
      const blockedReports = await count(db, 'rg_reports', { company_id: COMPANY, state: 'blocked' });
      const vouchers = await count(db, 'host_vouchers', { company_id: COMPANY, source: 'rindegastos' });
      const floor = await floorInsert(db);

      const importBuildPost = seconds(t0, drainAt);
      const writeBack = seconds(drainAt, tEnd);
      const total = seconds(t0, tEnd);
      const writeRequests =
        (stats.byMethod.setExpenseReportIntegration ?? 0) + (stats.byMethod.setExpenseIntegration ?? 0);
      const ready = run.counts.ready ?? 0;
      const result: ImportEngineResult = {
        engine,
        sync: {
          status: run.status,
          counts: run.counts,
          problems: run.problems.length,
          firstProblems: run.problems.slice(0, 3).map((p) => `${p.code}: ${p.message}`),
          logged: { ...bed.logger.counts },
        },
        stored: { reports, expenses, approvedExpenses: approved },
        posted: {
          reportsPosted: postedReports,
          reportsBlocked: blockedReports,
          reportsReady: ready,
          vouchers,
        },
        allPostableWerePosted:
          vouchers === ready && postedReports === ready && (run.counts.posted ?? 0) === ready,
        timing: {
          importBuildPostSeconds: importBuildPost,
          writeBackSeconds: writeBack,
          syncTotalSeconds: total,
          floorInsertSeconds: floor.seconds,
        },
        rates: {
          expensesPerSecond: Math.round(approved / importBuildPost),
          expensesPerSecondIncludingWriteBack: Math.round(approved / total),
          writeBackRequestsPerSecond: writeBack > 0 ? Math.round(writeRequests / writeBack) : 0,
          floorRowsPerSecond: Math.round(floor.rows / floor.seconds),
        },
        floorRatio: round(importBuildPost / floor.seconds, 2),
        statements: {
          importBuildPost: statements.importBuildPost,
          perImportedReport: round(statements.importBuildPost / Math.max(1, reports), 1),
          transactionsPerImportedReport: round(statements.importTransactions / Math.max(1, reports), 1),
          writeBack: statements.writeBack,
          perWriteBack: round(statements.writeBack / Math.max(1, writeRequests), 2),
        },
        cpuSeconds: { importBuildPost: cpuImport ?? cpuWriteBack, writeBack: cpuImport ? cpuWriteBack : {} },
        sandboxRequests: stats.byMethod,
        writeBackMarks: {
          reports: marks.reports.filter((m) => m.IntegrationStatus === 1).length,
          expenses: marks.expenses.length,
        },
      };
      note(
        `import ${engine}: ${approved} approved expenses in ${importBuildPost}s (${result.rates.expensesPerSecond}/s), ` +
          `write-back ${writeBack}s, floor ${floor.seconds}s (ratio ${result.floorRatio}), ` +
          `posted ${postedReports}/${ready} ready, blocked ${blockedReports}`,
      );
      return result;
    } finally {
      await bed.stop();
    }
  } finally {
    await database.destroy();
  }
}

export async function runImportBench(config: BenchConfig): Promise<ImportResult> {
  const { approvedExpenses, expensesPerReport } = config.import;
  note(
    `import: sizing the sandbox for ~${approvedExpenses} approved expenses (${expensesPerReport} per report)`,
  );
  const { sandbox, generatedReports, importable } = await sandboxWithApproved(
    approvedExpenses,
    expensesPerReport,
  );
  note(
    `import: sandbox generates ${generatedReports} reports; ${importable.reports} closed and not integrated, ` +
      `${importable.approvedExpenses} approved expenses`,
  );
  const engines: ImportEngineResult[] = [];
  const failed: { engine: Engine; error: string }[] = [];
  const checks: TargetCheck[] = [];
  try {
    for (const engine of config.engines) {
      // Every engine starts from the same sandbox state: no integration marks from the last run.
      await fetch(`${sandbox.controlUrl}reset`, { method: 'POST' });
      try {
        engines.push(await runEngine(engine, sandbox, importable.reports));
      } catch (err) {
        // One engine failing (MariaDB unreachable) still leaves the other's figures.
        const { check, error } = didNotRun(`import.${engine}`, err);
        note(`import ${engine} failed: ${err instanceof Error ? err.stack : error}`);
        failed.push({ engine, error });
        checks.push(check);
      }
    }
  } finally {
    await sandbox.close();
  }
  for (const e of engines) {
    checks.push(
      atLeast(
        `import.${e.engine}.expensesPerSecond`,
        e.rates.expensesPerSecond,
        IMPORT_TARGETS[e.engine],
        'expenses/s',
      ),
    );
    checks.push(atMost(`import.${e.engine}.floorRatio`, e.floorRatio, FLOOR_RATIO_TARGET, '× floor'));
    checks.push({
      name: `import.${e.engine}.allPostableReportsPosted`,
      figure: e.posted.vouchers,
      unit: 'vouchers',
      target: `= ${e.posted.reportsReady} postable reports`,
      pass: e.allPostableWerePosted && e.posted.vouchers > 0,
    });
  }
  return {
    description:
      'Sync from the sandbox (separate process, loopback, zero latency): import + store + evaluate + post through ' +
      "the built-in ledger's pipeline; rate = approved expenses ÷ (sync start → write-back drain start). The write-back " +
      'drain is timed separately and is not part of the target figure. Floor = the same expense rows inserted again ' +
      'into rg_expenses with knex batchInsert (500 rows per statement, one transaction).',
    generatedReports,
    expensesPerReport,
    importable,
    writeBackIncludedInTarget: false,
    engines,
    failed,
    checks,
  };
}
