import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pLimit from 'p-limit';
import { inject, injectable } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { SYSTEM_ACTOR_ID } from '../permissions/actor';
import type { CompanyPostingContext } from '../posting/CompanyPostingContext';
import { PostingService } from '../posting/PostingService';
import { ConnectionService } from '../connection/ConnectionService';
import { Tokens } from '../di/tokens';
import { RepeatedFailureLog } from '../../shared/RepeatedFailureLog';
import {
  ConflictError,
  NotFoundError,
  PluginError,
  RindegastosApiError,
  userMessage,
} from '../errors/errors';
import type { Clock, JobProgress, Logger, PluginRuntimeConfig } from '../host/Host';
import type { RemoteReport, StoredReport, UpsertResult } from '../reports/model';
import { ReportRepository } from '../reports/ReportRepository';
import type { Expense, ExpenseReport, RindegastosClient } from '../rindegastos/api';
import { chileToday } from '../rindegastos/dates';
import {
  SyncRunRepository,
  type SyncCounts,
  type SyncOutcome,
  type SyncProblem,
  type SyncRun,
  type SyncTrigger,
} from './SyncRunRepository';
import { summarizeRun } from './runSummary';
import { LeaseRepository } from './LeaseRepository';
import { WriteBackService } from '../writeback/WriteBackService';

/** Reports stored per transaction: one API page. */
const PAGE_SIZE = 100;
/** Concurrent getExpenses calls (one per report). */
const EXPENSE_CONCURRENCY = 4;

/** Default lifetime of a company's sync lease without renewal (PluginRuntimeConfig.syncLeaseMs). */
const DEFAULT_LEASE_MS = 60_000;

/** Thrown inside a run when it cannot go on at all (no token, token rejected, API down). */
class RunAborted extends Error {
  constructor(
    message: string,
    /** The run was stopped (shutdown, lease lost) rather than failing: it ends `interrupted`. */
    readonly interrupted = false,
  ) {
    super(message);
  }
}

const INTERRUPTED_BY_CRASH =
  'el proceso que la ejecutaba se detuvo antes de terminar; la siguiente sincronización continuó lo pendiente';
const INTERRUPTED_BY_STOP = 'el proceso se está deteniendo; la próxima sincronización continúa lo pendiente';
const LEASE_LOST =
  'otro proceso tomó la sincronización de esta empresa (este dejó de renovar su turno a tiempo); la próxima continúa lo pendiente';

/**
 * The company's lease, held for one run: renewed at the run's checkpoints (and by a timer while
 * it waits on Rindegastos), released at the end. A run whose lease was lost stops at its next
 * checkpoint, before its next write.
 */
class HeldLease {
  private renewedAt: number;
  private lost = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly leases: LeaseRepository,
    private readonly clock: Clock,
    readonly companyId: string,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {
    this.renewedAt = clock.now().getTime();
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(ttlMs / 3, 50));
    this.timer.unref();
  }

  /** Renews when a third of the lease has passed; throws when the lease is no longer ours. */
  async keep(): Promise<void> {
    if (!this.lost && this.clock.now().getTime() - this.renewedAt >= this.ttlMs / 3) await this.renew();
    if (this.lost) throw new RunAborted(LEASE_LOST, true);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    if (!this.lost) await this.leases.release(this.companyId, this.holder);
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    const at = this.clock.now().getTime();
    if (await this.leases.renew(this.companyId, this.holder, this.ttlMs)) this.renewedAt = at;
    else this.lost = true;
  }
}

/** What one run carries through its phases. */
interface RunScope {
  run: SyncRun;
  counts: SyncCounts;
  problems: SyncProblem[];
  lease: HeldLease;
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}

/** How a caller that waits for a run follows it. */
export interface RunOptions {
  /** Stops the run after the report in progress (it ends `interrupted`). */
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}

/**
 * One sync of a company. What a run does is read from the database, never from an earlier run's
 * memory: it refreshes the Rindegastos configuration (reconciling as the import does), imports
 * closed, not-integrated reports (one-year windows from `importFrom`, paged, bounded concurrency;
 * unchanged ones cost no writes), evaluates every report stored but not evaluated, posts every
 * ready one and every failed one whose retry is due, in voucher-date order, when "centralizar
 * automáticamente" is on, and sends every due write-back. A crash at any point loses nothing.
 * One report failing never stops the others. Only the holder of the company's lease
 * (rg_leases) runs, in whatever process; every run is recorded in rg_sync_runs.
 */
@injectable()
export class SyncService {
  /** This process's runs in progress, by company, with the controller that stops each. */
  private readonly running = new Map<string, { done: Promise<SyncRun>; stop: AbortController }>();
  private readonly leaseMs: number;

  constructor(
    @inject(ConnectionService) private readonly connections: ConnectionService,
    @inject(CatalogService) private readonly catalog: CatalogService,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(PostingService) private readonly posting: PostingService,
    @inject(WriteBackService) private readonly writeBack: WriteBackService,
    @inject(SyncRunRepository) private readonly runs: SyncRunRepository,
    @inject(LeaseRepository) private readonly leases: LeaseRepository,
    @inject(Tokens.RuntimeConfig) config: PluginRuntimeConfig,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {
    this.failures = new RepeatedFailureLog(logger);
    this.leaseMs = config.syncLeaseMs ?? DEFAULT_LEASE_MS;
  }

  /** A company whose syncs keep failing the same way logs it once, with a count. */
  private readonly failures: RepeatedFailureLog;

  /**
   * Starts a run in the background and answers at once with it (status `running`); when one is
   * already running for the company, here or in another process, answers that one.
   */
  async start(companyId: string, trigger: SyncTrigger): Promise<SyncRun> {
    const begun = await this.begin(companyId, trigger);
    if ('busy' in begun) {
      if (begun.busy) return begun.busy;
      throw new ConflictError(
        'Otra sincronización de esta empresa está en curso en otro proceso. Espere a que termine y vuelva a intentarlo.',
      );
    }
    // Nobody awaits a background run: its failure is logged, never an unhandled rejection.
    begun.done.catch((err: unknown) =>
      this.logger.error({ err, companyId, runId: begun.run.id }, 'background sync could not finish'),
    );
    return begun.run;
  }

  /**
   * Runs a sync and waits for it (scheduled job, CLI). Null when the company's sync is already
   * running (here or in another process): that run does the work.
   */
  async runNow(companyId: string, trigger: SyncTrigger, opts: RunOptions = {}): Promise<SyncRun | null> {
    const begun = await this.begin(companyId, trigger, opts);
    if ('busy' in begun) return null;
    return begun.done;
  }

  async get(companyId: string, runId: number): Promise<SyncRun> {
    const run = await this.runs.get(companyId, runId);
    if (!run) throw new NotFoundError(`No existe la sincronización ${runId} en esta empresa.`);
    return run;
  }

  latest(companyId: string): Promise<SyncRun | null> {
    return this.runs.latest(companyId);
  }

  /** Stops every run in progress after its current report and waits for them (plugin stop, SIGTERM). */
  async idle(): Promise<void> {
    for (const { stop } of this.running.values()) stop.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private async begin(
    companyId: string,
    trigger: SyncTrigger,
    { signal, onProgress }: RunOptions = {},
  ): Promise<{ run: SyncRun; done: Promise<SyncRun> } | { busy: SyncRun | null }> {
    if (this.running.has(companyId)) return { busy: await this.runningRun(companyId) };
    const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
    if (!(await this.leases.acquire(companyId, holder, this.leaseMs)))
      return { busy: await this.runningRun(companyId) };
    const lease = new HeldLease(this.leases, this.clock, companyId, holder, this.leaseMs);
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let run: SyncRun;
    try {
      // We hold the lease: a run still `running` belongs to a process that died or stopped.
      const interrupted = await this.runs.interruptRunning(companyId, INTERRUPTED_BY_CRASH, (counts) =>
        summarizeRun('interrupted', counts, INTERRUPTED_BY_CRASH),
      );
      if (interrupted > 0)
        this.logger.warn({ companyId, interrupted }, 'runs of a dead process marked interrupted');
      run = await this.runs.start(companyId, trigger);
    } catch (err) {
      signal?.removeEventListener('abort', onAbort);
      await lease.release();
      throw err;
    }
    const scope: RunScope = {
      run,
      counts: emptyCounts(),
      problems: [],
      lease,
      signal: stop.signal,
      onProgress,
    };
    const done = this.execute(scope).finally(async () => {
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(companyId);
      await lease
        .release()
        .catch((err: unknown) =>
          this.logger.warn({ err, companyId }, 'sync lease could not be released; it expires by itself'),
        );
    });
    this.running.set(companyId, { done, stop });
    return { run, done };
  }

  private async runningRun(companyId: string): Promise<SyncRun | null> {
    const latest = await this.runs.latest(companyId);
    return latest?.status === 'running' ? latest : null;
  }

  private async execute(scope: RunScope): Promise<SyncRun> {
    const { run, counts, problems } = scope;
    const { companyId } = run;
    try {
      const client = await this.clientOrAbort(companyId);
      await this.refreshCatalog(scope);
      const ctx = await this.posting.loadContext(companyId);
      await this.importAll(scope, ctx, client);
      await this.evaluatePending(scope, ctx);
      if (ctx.settings.autoPost) await this.postDue(scope, ctx);
      await this.checkpoint(scope);
      const drained = await this.writeBack.drain(companyId, client);
      counts.writeBacksDone = drained.done;
      counts.writeBacksFailed = drained.failed;
      if (drained.stoppedBecause) throw new RunAborted(drained.stoppedBecause);
      const status = problems.length > 0 || counts.failed > 0 ? 'partial' : 'succeeded';
      this.failures.succeeded(`sync:${companyId}`);
      return await this.finish(run, status, counts, problems);
    } catch (err) {
      const message = err instanceof RunAborted ? err.message : userMessage(err);
      if (!(err instanceof RunAborted)) {
        this.failures.failed(
          `sync:${companyId}`,
          err instanceof RindegastosApiError ? `${err.kind}:${err.httpStatus ?? ''}` : message,
          { err, companyId, runId: run.id },
          'sync failed',
        );
      }
      const status = err instanceof RunAborted && err.interrupted ? 'interrupted' : 'failed';
      return this.finish(run, status, counts, problems, message);
    }
  }

  /**
   * Between two reports (or pages): lets the host answer its other requests, stops when the
   * process is stopping, and keeps the lease (stopping when it was lost) — before the next write.
   */
  private async checkpoint(scope: RunScope): Promise<void> {
    await yieldToEventLoop();
    if (scope.signal.aborted) throw new RunAborted(INTERRUPTED_BY_STOP, true);
    await scope.lease.keep();
  }

  private async clientOrAbort(companyId: string): Promise<RindegastosClient> {
    try {
      return await this.connections.clientFor(companyId);
    } catch (err) {
      if (!(err instanceof PluginError))
        this.logger.error({ err, companyId }, 'sync could not open the Rindegastos client');
      throw new RunAborted(userMessage(err));
    }
  }

  /** New categories, cost centers … reach Centralización without anyone asking for it. */
  private async refreshCatalog(scope: RunScope): Promise<void> {
    const { companyId } = scope.run;
    await this.checkpoint(scope);
    try {
      const summary = await this.catalog.reimport({ companyId, userId: SYSTEM_ACTOR_ID });
      this.logger.debug({ companyId, summary }, 'rindegastos configuration refreshed');
    } catch (err) {
      if (err instanceof RindegastosApiError && err.kind === 'token_rejected')
        throw new RunAborted(err.message);
      if (!(err instanceof PluginError))
        this.logger.error({ err, companyId }, 'sync could not refresh the rindegastos configuration');
      scope.problems.push({
        code: 'catalog_unavailable',
        message: `No se pudo actualizar la configuración de Rindegastos (categorías, centros de costo): ${userMessage(err)}. Se reintentará en la próxima sincronización.`,
      });
    }
  }

  private async importAll(
    scope: RunScope,
    ctx: CompanyPostingContext,
    client: RindegastosClient,
  ): Promise<void> {
    const invalid = new Map<number, unknown>();
    const reports = client.getExpenseReports({
      since: ctx.settings.importFrom,
      until: chileToday(this.clock.now()),
      status: 1,
      integrationStatus: 0,
      // A report the client cannot validate is still stored from its raw payload, so its bad
      // fields become typed issues on that report instead of stopping the import.
      onInvalid: (item) => {
        if (item.id !== undefined) invalid.set(item.id, item.raw);
        else
          scope.problems.push({
            code: 'unreadable_report',
            message: `Rindegastos envió una rendición ilegible: ${item.problems.map((p) => p.field).join(', ')}`,
          });
      },
    });
    let page: ExpenseReport[] = [];
    const flush = async () => {
      const batch = [...page, ...[...invalid.values()].map((raw) => raw as ExpenseReport)];
      page = [];
      invalid.clear();
      if (batch.length > 0) await this.importPage(scope, ctx, client, batch);
    };
    try {
      for await (const report of reports) {
        page.push(report);
        if (page.length >= PAGE_SIZE) await flush();
      }
    } catch (err) {
      if (err instanceof RindegastosApiError && err.kind === 'token_rejected')
        throw new RunAborted(err.message);
      throw err;
    }
    await flush();
  }

  private async importPage(
    scope: RunScope,
    ctx: CompanyPostingContext,
    client: RindegastosClient,
    page: ExpenseReport[],
  ): Promise<void> {
    const { counts, problems } = scope;
    const limit = pLimit(EXPENSE_CONCURRENCY);
    const fetched = await Promise.all(
      page.map((report) => limit(() => this.fetchExpenses(client, report, problems))),
    );
    const remote = fetched.filter((r): r is RemoteReport => r !== null);
    counts.fetched += page.length;
    await this.checkpoint(scope);
    const { results, rejected } = await this.reports.upsertManyFromRemote(ctx.companyId, remote, {
      documentTypeField: ctx.settings.documentTypeField,
      costCenterField: ctx.settings.costCenterField,
    });
    counts.rejected += rejected.length;
    for (const r of rejected) {
      problems.push({
        code: 'unstorable_report',
        message: r.problems.join('; '),
        reportId: r.reportId ?? undefined,
      });
    }
    for (const result of results) await this.afterUpsert(scope, ctx, result);
    await this.progress(scope, 'import', counts.fetched);
  }

  /** The report's expenses, or null (with a problem) when Rindegastos would not give them. */
  private async fetchExpenses(
    client: RindegastosClient,
    report: ExpenseReport,
    problems: SyncProblem[],
  ): Promise<RemoteReport | null> {
    const expenses: Expense[] = [];
    try {
      for await (const expense of client.getExpenses({
        reportId: report.Id,
        onInvalid: (item) => expenses.push(item.raw as Expense),
      })) {
        expenses.push(expense);
      }
      return { report, expenses };
    } catch (err) {
      if (err instanceof RindegastosApiError && err.kind === 'token_rejected')
        throw new RunAborted(err.message);
      if (!(err instanceof PluginError))
        this.logger.error({ err, reportId: report.Id }, 'sync could not read the expenses of a report');
      problems.push({
        code: 'expenses_unavailable',
        message: `No se pudieron leer los gastos de la rendición ${report.Id}: ${userMessage(err)}. Se reintentará en la próxima sincronización.`,
        reportId: report.Id,
      });
      return null;
    }
  }

  /** Counts what the import did; a posted report that changed is reposted or reported. */
  private async afterUpsert(
    scope: RunScope,
    ctx: CompanyPostingContext,
    result: UpsertResult,
  ): Promise<void> {
    const { counts, problems } = scope;
    counts[result.outcome]++;
    if (!result.changedAfterPost) return;
    counts.changedAfterPosting++;
    if (ctx.settings.repostOnChange) {
      await this.checkpoint(scope);
      await this.guarded(result.reportId, problems, async () => {
        await this.posting.reverse(ctx, result.reportId, 'La rendición cambió en Rindegastos');
        await this.postReport(ctx, result.reportId, counts);
      });
    } else {
      await this.guarded(result.reportId, problems, () =>
        this.posting.flagChangedAfterPost(ctx.companyId, result.reportId),
      );
    }
  }

  /** Every report stored but not evaluated: this run's imports and whatever an earlier run left. */
  private async evaluatePending(scope: RunScope, ctx: CompanyPostingContext): Promise<void> {
    const { counts, problems } = scope;
    let after: number | undefined;
    let done = 0;
    for (;;) {
      const page = await this.reports.findByStates(ctx.companyId, ['imported'], PAGE_SIZE, after);
      for (const report of page) {
        await this.checkpoint(scope);
        await this.guarded(report.id, problems, async () => {
          const evaluation = await this.posting.evaluate(ctx, report.id);
          if (!evaluation) return;
          if (evaluation.ready) counts.ready++;
          else counts.blocked++;
        });
      }
      done += page.length;
      if (page.length > 0) await this.progress(scope, 'evaluate', done);
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1].id;
    }
  }

  /**
   * Posts every ready report and every failed one whose retry is due, in voucher-date order (then
   * by report id), so a backlog is numbered in date order.
   */
  private async postDue(scope: RunScope, ctx: CompanyPostingContext): Promise<void> {
    const due: { id: number; date: string }[] = [];
    const now = this.clock.now().toISOString();
    let after: number | undefined;
    for (;;) {
      const page = await this.reports.findPostable(ctx.companyId, now, PAGE_SIZE, after);
      for (const report of page) due.push({ id: report.id, date: await this.voucherDateOf(ctx, report) });
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1].id;
      await yieldToEventLoop();
    }
    due.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
    for (const [i, { id }] of due.entries()) {
      await this.checkpoint(scope);
      await this.guarded(id, scope.problems, () => this.postReport(ctx, id, scope.counts));
      if ((i + 1) % PAGE_SIZE === 0) await this.progress(scope, 'post', i + 1, due.length);
    }
    if (due.length > 0) await this.progress(scope, 'post', due.length, due.length);
  }

  /** The date its (first) voucher gets; a report that does not build sorts last (post() blocks it). */
  private async voucherDateOf(ctx: CompanyPostingContext, report: StoredReport): Promise<string> {
    const built = await this.posting.preview(ctx, report);
    return built.ok && built.vouchers.length > 0 ? built.vouchers[0].draft.date : '9999-12-31';
  }

  private async postReport(ctx: CompanyPostingContext, reportId: number, counts: SyncCounts): Promise<void> {
    const outcome = await this.posting.post(ctx, reportId);
    if (outcome.status === 'posted') counts.posted++;
    else if (outcome.status === 'failed') counts.failed++;
    else if (outcome.status === 'blocked') counts.blocked++;
  }

  /** One report's failure is recorded and the run goes on. */
  private async guarded(reportId: number, problems: SyncProblem[], fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof RunAborted) throw err;
      this.logger.error({ err, reportId }, 'sync could not process a report');
      problems.push({
        code: 'report_failed',
        message: `Rendición ${reportId}: ${userMessage(err)}`,
        reportId,
      });
    }
  }

  private async progress(
    scope: RunScope,
    phase: string,
    done: number,
    total: number | null = null,
  ): Promise<void> {
    await this.runs.updateProgress(scope.run.companyId, scope.run.id, { phase, done, total }, scope.counts);
    scope.onProgress?.({ phase, done, total, counts: { ...scope.counts } });
  }

  private async finish(
    run: SyncRun,
    status: SyncOutcome,
    counts: SyncCounts,
    problems: SyncProblem[],
    error?: string,
  ): Promise<SyncRun> {
    const fetched = counts.fetched ?? 0;
    await this.runs.finish(run.companyId, run.id, {
      status,
      counts,
      problems,
      error,
      progress: {
        phase: 'done',
        done: fetched,
        total: fetched,
        summary: summarizeRun(status, counts, error),
      },
    });
    return (await this.runs.get(run.companyId, run.id)) as SyncRun;
  }
}

function emptyCounts(): SyncCounts {
  return {
    fetched: 0,
    new: 0,
    changed: 0,
    unchanged: 0,
    rejected: 0,
    blocked: 0,
    ready: 0,
    posted: 0,
    failed: 0,
    changedAfterPosting: 0,
    writeBacksDone: 0,
    writeBacksFailed: 0,
  };
}
