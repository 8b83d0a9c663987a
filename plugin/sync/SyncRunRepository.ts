import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';
import { num } from '../db/sql';

const TABLE = 'rg_sync_runs';

export type SyncTrigger = 'manual' | 'scheduled' | 'cli';
/** `interrupted`: its process died or was stopped before it finished (what it did is kept). */
export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'partial' | 'interrupted';
export type SyncOutcome = Exclude<SyncRunStatus, 'running'>;

/** Named counters of a run, e.g. `{ imported: 40, unchanged: 60, posted: 38, blocked: 2 }`. */
export type SyncCounts = Record<string, number>;

/** Something that went wrong in a run without stopping it (a report that failed, a page retried …). */
export interface SyncProblem {
  code: string;
  /** Spanish. */
  message: string;
  reportId?: number;
}

/** Where a running sync is, for progress bars and the UI indicator. */
export interface SyncProgress {
  /** e.g. "import", "post", "write-back"; "done" once the run has finished, whatever its outcome. */
  phase: string;
  done: number;
  /** Null while unknown (the first page not fetched yet). */
  total: number | null;
  /** Finished runs: what the run did, in Spanish (see runSummary.ts). */
  summary?: string;
}

export interface SyncRun {
  id: number;
  companyId: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  counts: SyncCounts;
  problems: SyncProblem[];
  progress: SyncProgress | null;
  /** Why the run failed as a whole (token rejected, API unreachable …). */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Null while running. */
  durationMs: number | null;
}

interface SyncRunRow {
  id: number;
  company_id: string;
  trigger_kind: string;
  status: string;
  counts_json: string;
  problems_json: string;
  progress_json: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

/** At most this many problems are kept per run; the last one then says how many more there were. */
const MAX_PROBLEMS = 1000;

function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: num(row.id),
    companyId: row.company_id,
    trigger: row.trigger_kind as SyncTrigger,
    status: row.status as SyncRunStatus,
    counts: JSON.parse(row.counts_json) as SyncCounts,
    problems: JSON.parse(row.problems_json) as SyncProblem[],
    progress: JSON.parse(row.progress_json) as SyncProgress | null,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.finished_at === null ? null : Date.parse(row.finished_at) - Date.parse(row.started_at),
  };
}

function problemsJson(problems: readonly SyncProblem[]): string {
  if (problems.length <= MAX_PROBLEMS) return JSON.stringify(problems);
  const kept = problems.slice(0, MAX_PROBLEMS - 1);
  const more: SyncProblem = {
    code: 'more_problems',
    message: `… y ${problems.length - kept.length} problemas más.`,
  };
  return JSON.stringify([...kept, more]);
}

/** Every sync run, with its trigger, counts, problems, progress and outcome. */
@injectable()
export class SyncRunRepository {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async start(companyId: string, trigger: SyncTrigger): Promise<SyncRun> {
    // Both drivers answer an insert with [insert id] (better-sqlite3's lastInsertRowid, mysql2's insertId).
    const [id] = await this.db(TABLE).insert({
      company_id: companyId,
      trigger_kind: trigger,
      status: 'running',
      counts_json: '{}',
      problems_json: '[]',
      progress_json: 'null',
      error: null,
      started_at: this.clock.now().toISOString(),
      finished_at: null,
    });
    const runId = num(id);
    return (await this.get(companyId, runId))!;
  }

  /** Records progress (and counts so far) of a running run; false once it has finished. */
  async updateProgress(
    companyId: string,
    runId: number,
    progress: SyncProgress,
    counts?: SyncCounts,
  ): Promise<boolean> {
    const patch: Record<string, string> = { progress_json: JSON.stringify(progress) };
    if (counts) patch.counts_json = JSON.stringify(counts);
    const n = await this.db(TABLE)
      .where({ company_id: companyId, id: runId, status: 'running' })
      .update(patch);
    return n > 0;
  }

  /**
   * Ends a running run with its outcome. Returns the finished run, or null when it does not
   * exist or had already finished (a run finishes once).
   */
  async finish(
    companyId: string,
    runId: number,
    result: {
      status: SyncOutcome;
      counts: SyncCounts;
      problems?: readonly SyncProblem[];
      error?: string | null;
      /** The last progress: a finished run's says "done" and what it did. */
      progress?: SyncProgress;
    },
  ): Promise<SyncRun | null> {
    const n = await this.db(TABLE)
      .where({ company_id: companyId, id: runId, status: 'running' })
      .update({
        ...(result.progress ? { progress_json: JSON.stringify(result.progress) } : {}),
        status: result.status,
        counts_json: JSON.stringify(result.counts),
        problems_json: problemsJson(result.problems ?? []),
        error: result.error ?? null,
        finished_at: this.clock.now().toISOString(),
      });
    return n > 0 ? this.get(companyId, runId) : null;
  }

  async get(companyId: string, runId: number): Promise<SyncRun | null> {
    const row = await this.db<SyncRunRow>(TABLE).where({ company_id: companyId, id: runId }).first();
    return row ? toSyncRun(row) : null;
  }

  /** The company's most recent run (running or not), or null. */
  async latest(companyId: string): Promise<SyncRun | null> {
    const row = await this.db<SyncRunRow>(TABLE)
      .where({ company_id: companyId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toSyncRun(row) : null;
  }

  /** The company's most recent runs, newest first. */
  async list(companyId: string, limit = 20): Promise<SyncRun[]> {
    const rows = await this.db<SyncRunRow>(TABLE)
      .where({ company_id: companyId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toSyncRun);
  }

  /**
   * Closes the company's runs still `running` as `interrupted`, with `error` and a summary of
   * what each had done. Called by the company's lease holder before it starts a run: any other
   * `running` run belongs to a process that died or stopped. Returns how many.
   */
  async interruptRunning(
    companyId: string,
    error: string,
    summarize: (counts: SyncCounts) => string,
  ): Promise<number> {
    const rows = await this.db<SyncRunRow>(TABLE).where({ company_id: companyId, status: 'running' });
    let n = 0;
    for (const row of rows) {
      const run = toSyncRun(row);
      const progress: SyncProgress = {
        phase: 'done',
        done: run.progress?.done ?? 0,
        total: run.progress?.total ?? null,
        summary: summarize(run.counts),
      };
      n += await this.db(TABLE)
        .where({ company_id: companyId, id: run.id, status: 'running' })
        .update({
          status: 'interrupted',
          error,
          progress_json: JSON.stringify(progress),
          finished_at: this.clock.now().toISOString(),
        });
    }
    return n;
  }
}
