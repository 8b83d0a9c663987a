import pLimit from 'p-limit';
import { inject, injectable } from 'tsyringe';
import type { CompanyPostingContext } from '../posting/CompanyPostingContext';
import { PostingService } from '../posting/PostingService';
import { ConnectionService } from '../connection/ConnectionService';
import { Tokens } from '../di/tokens';
import { RepeatedFailureLog } from '../../shared/RepeatedFailureLog';
import { NotFoundError, PluginError, RindegastosApiError, userMessage } from '../errors/errors';
import type { Clock, Logger } from '../host/Host';
import type { RemoteReport, UpsertResult } from '../reports/model';
import { ReportRepository } from '../reports/ReportRepository';
import type { Expense, ExpenseReport, RindegastosClient } from '../rindegastos/api';
import { chileToday } from '../rindegastos/dates';
import {
  SyncRunRepository,
  type SyncCounts,
  type SyncProblem,
  type SyncRun,
  type SyncTrigger,
} from './SyncRunRepository';
import { summarizeRun } from './runSummary';
import { WriteBackService } from '../writeback/WriteBackService';

/** Reports stored per transaction: one API page. */
const PAGE_SIZE = 100;
/** Concurrent getExpenses calls (one per report). */
const EXPENSE_CONCURRENCY = 4;

/** Thrown inside a run when it cannot go on at all (no token, token rejected, API down). */
class RunAborted extends Error {}

/**
 * One sync of a company: import closed, not-integrated reports (one-year windows from
 * `importFrom`, paged, bounded concurrency), store them (unchanged ones cost no writes),
 * evaluate the new and changed ones, post the ready ones when "centralizar automáticamente" is
 * on, then send the queued write-backs. One report failing never stops the others; every run is
 * recorded in rg_sync_runs with counts and problems.
 */
@injectable()
export class SyncService {
  /** In-process guard: one run per company at a time (cross-process leases come later). */
  private readonly running = new Map<string, Promise<SyncRun>>();

  constructor(
    @inject(ConnectionService) private readonly connections: ConnectionService,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(PostingService) private readonly posting: PostingService,
    @inject(WriteBackService) private readonly writeBack: WriteBackService,
    @inject(SyncRunRepository) private readonly runs: SyncRunRepository,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {
    this.failures = new RepeatedFailureLog(logger);
  }

  /** A company whose syncs keep failing the same way logs it once, with a count. */
  private readonly failures: RepeatedFailureLog;

  /**
   * Starts a run in the background and answers at once with it (status `running`); when one is
   * already running for the company, answers that one.
   */
  async start(companyId: string, trigger: SyncTrigger): Promise<SyncRun> {
    const current = this.running.get(companyId);
    if (current) {
      const latest = await this.runs.latest(companyId);
      if (latest?.status === 'running') return latest;
    }
    const run = await this.runs.start(companyId, trigger);
    const done = this.execute(run).finally(() => this.running.delete(companyId));
    this.running.set(companyId, done);
    // Nobody awaits a background run: its failure is logged, never an unhandled rejection.
    done.catch((err: unknown) =>
      this.logger.error({ err, companyId, runId: run.id }, 'background sync could not finish'),
    );
    return run;
  }

  async get(companyId: string, runId: number): Promise<SyncRun> {
    const run = await this.runs.get(companyId, runId);
    if (!run) throw new NotFoundError(`No existe la sincronización ${runId} en esta empresa.`);
    return run;
  }

  latest(companyId: string): Promise<SyncRun | null> {
    return this.runs.latest(companyId);
  }

  /** Waits for every run in progress (plugin stop). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async execute(run: SyncRun): Promise<SyncRun> {
    const { companyId } = run;
    const counts: SyncCounts = {
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
    const problems: SyncProblem[] = [];
    try {
      const client = await this.clientOrAbort(companyId);
      const ctx = await this.posting.loadContext(companyId);
      await this.importAll(run, ctx, client, counts, problems);
      if (ctx.settings.autoPost) await this.postReadyLeftovers(run, ctx, counts, problems);
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
      return this.finish(run, 'failed', counts, problems, message);
    }
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

  private async importAll(
    run: SyncRun,
    ctx: CompanyPostingContext,
    client: RindegastosClient,
    counts: SyncCounts,
    problems: SyncProblem[],
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
          problems.push({
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
      if (batch.length > 0) await this.importPage(run, ctx, client, batch, counts, problems);
    };
    for await (const report of reports) {
      page.push(report);
      if (page.length >= PAGE_SIZE) await flush();
    }
    await flush();
  }

  private async importPage(
    run: SyncRun,
    ctx: CompanyPostingContext,
    client: RindegastosClient,
    page: ExpenseReport[],
    counts: SyncCounts,
    problems: SyncProblem[],
  ): Promise<void> {
    const limit = pLimit(EXPENSE_CONCURRENCY);
    const fetched = await Promise.all(
      page.map((report) => limit(() => this.fetchExpenses(client, report, problems))),
    );
    const remote = fetched.filter((r): r is RemoteReport => r !== null);
    counts.fetched += page.length;
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
    for (const result of results) await this.afterUpsert(ctx, result, counts, problems);
    await this.progress(run, 'import', counts.fetched, counts);
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

  private async afterUpsert(
    ctx: CompanyPostingContext,
    result: UpsertResult,
    counts: SyncCounts,
    problems: SyncProblem[],
  ): Promise<void> {
    counts[result.outcome]++;
    if (result.changedAfterPost) {
      counts.changedAfterPosting++;
      if (ctx.settings.repostOnChange) {
        await this.guarded(result.reportId, problems, async () => {
          await this.posting.reverse(ctx, result.reportId, 'La rendición cambió en Rindegastos');
          await this.postReport(ctx, result.reportId, counts);
        });
      } else {
        problems.push({
          code: 'changed_after_posting',
          message: `La rendición ${result.reportId} cambió en Rindegastos después de centralizarse; revise el comprobante (o active "recentralizar cambios").`,
          reportId: result.reportId,
        });
      }
      return;
    }
    if (result.outcome === 'unchanged' || result.state !== 'imported') return;
    await this.guarded(result.reportId, problems, async () => {
      // post() evaluates first (storing the problems of a blocked report): evaluating here too
      // would read, build and write every report twice.
      if (ctx.settings.autoPost) {
        await this.postReport(ctx, result.reportId, counts);
        return;
      }
      const evaluation = await this.posting.evaluate(ctx, result.reportId);
      if (!evaluation) return;
      if (evaluation.ready) counts.ready++;
      else counts.blocked++;
    });
  }

  /** Ready reports this run did not touch (e.g. "centralizar automáticamente" was just turned on). */
  private async postReadyLeftovers(
    run: SyncRun,
    ctx: CompanyPostingContext,
    counts: SyncCounts,
    problems: SyncProblem[],
  ): Promise<void> {
    let after: number | undefined;
    for (;;) {
      const ready = await this.reports.findByStates(ctx.companyId, ['ready'], PAGE_SIZE, after);
      for (const report of ready) {
        await this.guarded(report.id, problems, () => this.postReport(ctx, report.id, counts));
      }
      if (ready.length < PAGE_SIZE) break;
      after = ready[ready.length - 1].id;
      await this.progress(run, 'post', counts.posted, counts);
    }
  }

  private async postReport(ctx: CompanyPostingContext, reportId: number, counts: SyncCounts): Promise<void> {
    const outcome = await this.posting.post(ctx, reportId);
    if (outcome.status === 'posted') {
      counts.ready++;
      counts.posted++;
    } else if (outcome.status === 'failed') counts.failed++;
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

  private async progress(run: SyncRun, phase: string, done: number, counts: SyncCounts): Promise<void> {
    await this.runs.updateProgress(run.companyId, run.id, { phase, done, total: null }, counts);
  }

  private async finish(
    run: SyncRun,
    status: 'succeeded' | 'partial' | 'failed',
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
