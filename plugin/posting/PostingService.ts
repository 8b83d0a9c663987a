import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { ConflictError, NotFoundError, PostingRejectedError, userMessage } from '../errors/errors';
import type { Clock, Logger } from '../host/Host';
import type { Ledger, PostedVoucher, PostingRejectedFault, VoucherEvent } from '../host/Ledger';
import type { StoredReport } from '../reports/model';
import { PostingRepository, type Posting } from '../reports/PostingRepository';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { ReportRepository } from '../reports/ReportRepository';
import { OutboxRepository } from '../writeback/OutboxRepository';
import { WriteBackService } from '../writeback/WriteBackService';
import {
  buildInputOf,
  CompanyPostingContextLoader,
  type CompanyPostingContext,
} from './CompanyPostingContext';
import type { BookedDocumentEntry, BuildResult, BuiltVoucher, Problem } from '../accounting/model';
import { BookedDocumentRepository } from '../reports/BookedDocumentRepository';
import { documentKeysOf } from '../accounting/documentRules';
import { buildVouchers, VOUCHER_SOURCE } from '../accounting/VoucherBuilder';
import { backoffDelayMs } from '../../shared/retry/backoff';

/** What evaluating a report found: ready to post (with the drafts) or blocked (with every problem). */
export type Evaluation =
  | { ready: true; vouchers: BuiltVoucher[]; documents: BookedDocumentEntry[] }
  | { ready: false; problems: Problem[] };

export type PostOutcome =
  | { status: 'posted'; vouchers: PostedVoucher[] }
  | { status: 'already_posted'; postings: Posting[] }
  | { status: 'blocked'; problems: Problem[] }
  | { status: 'failed'; error: string };

/** Reposting a report the ERP refused: from a minute, doubling, up to an hour between tries. */
const POST_RETRY_BACKOFF = { baseMs: 60_000, capMs: 3_600_000 };

/** The states in which a report has no live voucher and may be (re)evaluated. */
const UNPOSTED_STATES = ['imported', 'blocked', 'ready', 'failed', 'reversed'] as const;

function isPostingRejected(err: unknown): err is PostingRejectedFault {
  return err instanceof Error && (err as { code?: unknown }).code === 'POSTING_REJECTED';
}

/**
 * The idempotency key of one voucher: `rindegastos:{company}:{report}:{contentHash}`, plus the
 * part when posting per expense, plus the generation after a reversal.
 *
 * NOTE: the ledger keeps a used key forever (it returns the same voucher, even a reversed one),
 * so a report posted again after "eliminar comprobante" needs a new key: the generation counts
 * the reversed postings of that part (`:r1`, `:r2` …). A crash between submit and recording the
 * posting retries with the same key and gets the same voucher back: exactly once.
 */
export function idempotencyKey(
  companyId: string,
  reportId: number,
  hash: string,
  part: string,
  generation: number,
): string {
  let key = `rindegastos:${companyId}:${reportId}:${hash}`;
  if (part !== 'report') key += `:${part}`;
  if (generation > 0) key += `:r${generation}`;
  return key;
}

/**
 * Turns stored reports into vouchers through the host's posting pipeline, exactly once, and
 * queues the write-backs to Rindegastos. The accounting hook's single door into the ledger.
 */
/** "$78.000": pesos as Chilean accountants write them. */
function pesos(amount: number): string {
  return `$${amount.toLocaleString('es-CL')}`;
}

@injectable()
export class PostingService {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(ReportIssueRepository) private readonly issues: ReportIssueRepository,
    @inject(PostingRepository) private readonly postings: PostingRepository,
    @inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @inject(CompanyPostingContextLoader) private readonly contexts: CompanyPostingContextLoader,
    @inject(WriteBackService) private readonly writeBack: WriteBackService,
    @inject(BookedDocumentRepository) private readonly booked: BookedDocumentRepository,
  ) {}

  /**
   * A posted report changed in Rindegastos and is not posted again (repostOnChange off): an open
   * issue on it names what changed against the voucher that was posted, and what to do. Eliminar
   * comprobante (the report is evaluated again) resolves it.
   */
  async flagChangedAfterPost(companyId: string, reportId: number): Promise<void> {
    const report = await this.reports.get(companyId, reportId);
    if (!report) return;
    const live = (await this.postings.historyOf(companyId, reportId)).filter((p) => p.status === 'posted');
    const vouchers = (
      await Promise.all(live.map((p) => this.ledger.posting.getVoucher(companyId, p.voucherId)))
    ).filter((v): v is PostedVoucher => v !== null);
    const postedIds = new Set(vouchers.flatMap((v) => v.lines.flatMap((l) => l.origin?.expenseIds ?? [])));
    const postedTotal = vouchers.reduce((sum, v) => sum + v.lines.reduce((s, l) => s + l.debit, 0), 0);
    const approved = report.expenses.filter((e) => e.status === 1);
    const approvedTotal = approved.reduce((sum, e) => sum + (e.total ?? 0), 0);
    const added = approved.filter((e) => !postedIds.has(e.id)).map((e) => e.id);
    const removed = [...postedIds].filter((id) => !approved.some((e) => e.id === id));
    const changes: string[] = [];
    if (approvedTotal !== postedTotal)
      changes.push(`el total aprobado pasó de ${pesos(postedTotal)} a ${pesos(approvedTotal)}`);
    if (added.length) changes.push(`gastos agregados o aprobados: ${added.join(', ')}`);
    if (removed.length) changes.push(`gastos quitados o rechazados: ${removed.join(', ')}`);
    if (!changes.length)
      changes.push('cambiaron otros datos de sus gastos (categoría, documento, centro de costo o proveedor)');
    const where = vouchers.map((v) => `${v.type} N° ${v.number}`).join(', ') || 'su comprobante';
    await this.issues.openIssue(companyId, reportId, {
      code: 'changed_after_posting',
      message:
        `El informe N° ${report.number} cambió en Rindegastos después de centralizado (${where}): ` +
        `${changes.join('; ')}. El comprobante no se modificó: elimínelo y vuelva a centralizar desde ` +
        'Informes, o active «Recentralizar informes que cambian después de centralizados» en ' +
        'Contabilidad › Contabilidad › Rindegastos › Configuración › General.',
      subject: { kind: 'report', key: String(reportId) },
      expenseIds: [...added, ...removed],
    });
  }

  /** Centralizar from Informes: posts the report and, when it posted, sends its integration marks. */
  async centralizar(companyId: string, reportId: number): Promise<PostOutcome> {
    const outcome = await this.post(await this.loadContext(companyId), reportId);
    if (outcome.status === 'posted') await this.writeBack.drain(companyId);
    return outcome;
  }

  /** Eliminar comprobante from Informes: reverses the report's vouchers and clears its integration marks. */
  async eliminar(companyId: string, reportId: number, reason: string): Promise<PostedVoucher[]> {
    const reversals = await this.reverse(await this.loadContext(companyId), reportId, reason);
    await this.writeBack.drain(companyId);
    return reversals;
  }

  loadContext(companyId: string): Promise<CompanyPostingContext> {
    return this.contexts.load(companyId);
  }

  /** Builds without writing anything: the detail view's preview. */
  async preview(ctx: CompanyPostingContext, report: StoredReport): Promise<BuildResult> {
    const input = buildInputOf(ctx, report);
    const missing = documentKeysOf(input).filter((k) => !ctx.lookedUpDocumentKeys.has(k));
    if (missing.length > 0) {
      for (const [key, booked] of await this.booked.bookedByKeys(ctx.companyId, missing)) {
        ctx.bookedDocuments.set(key, booked);
      }
      for (const key of missing) ctx.lookedUpDocumentKeys.add(key);
    }
    return buildVouchers(input);
  }

  /**
   * Re-evaluates a report that has no live voucher: stores its open problems and moves it to
   * `blocked` or `ready` (a `reversed` report keeps its state, so it is not re-posted
   * automatically; its problems are still refreshed). Posted reports are left alone.
   */
  async evaluate(ctx: CompanyPostingContext, reportId: number): Promise<Evaluation | null> {
    const report = await this.reports.get(ctx.companyId, reportId);
    if (!report || !(UNPOSTED_STATES as readonly string[]).includes(report.state)) return null;
    return this.evaluateStored(ctx, report);
  }

  private async evaluateStored(ctx: CompanyPostingContext, report: StoredReport): Promise<Evaluation> {
    const result = await this.preview(ctx, report);
    const problems = result.ok ? [] : result.problems;
    await this.db.transaction(async (trx) => {
      await this.issues.replaceOpenIssues(ctx.companyId, report.id, problems, trx, result.warnings);
      if (report.state !== 'reversed') {
        await this.reports.setState(
          ctx.companyId,
          report.id,
          result.ok ? 'ready' : 'blocked',
          { lastError: null },
          trx,
        );
      }
    });
    return result.ok
      ? { ready: true, vouchers: result.vouchers, documents: result.documents }
      : { ready: false, problems };
  }

  /** Centralizar: posts the report's voucher(s) unless it already has them. */
  async post(ctx: CompanyPostingContext, reportId: number): Promise<PostOutcome> {
    const report = await this.reports.get(ctx.companyId, reportId);
    if (!report) throw new NotFoundError(`No existe la rendición ${reportId} en esta empresa.`);
    if (report.state === 'posted') {
      if (report.changedAfterPostAt) {
        throw new ConflictError(
          `La rendición N° ${report.number} cambió en Rindegastos después de centralizarse. Elimine el comprobante y vuelva a centralizar, o active "recentralizar cambios" en Configuración › General.`,
        );
      }
      return { status: 'already_posted', postings: await this.postings.activeOf(ctx.companyId, reportId) };
    }
    const evaluation = await this.evaluateStored(ctx, report);
    if (!evaluation.ready) return { status: 'blocked', problems: evaluation.problems };

    const history = await this.postings.historyOf(ctx.companyId, reportId);
    const posted: PostedVoucher[] = [];
    try {
      for (const built of evaluation.vouchers) {
        const generation = history.filter((p) => p.part === built.part && p.status === 'reversed').length;
        const key = idempotencyKey(ctx.companyId, reportId, report.contentHash, built.part, generation);
        const voucher = await this.ledger.posting.submit(ctx.companyId, built.draft, { idempotencyKey: key });
        await this.postings.record({
          companyId: ctx.companyId,
          reportId,
          part: built.part,
          idempotencyKey: key,
          contentHash: report.contentHash,
          voucherId: voucher.id,
          voucherNumber: voucher.number,
          voucherType: voucher.type,
          fiscalYear: voucher.fiscalYear,
          postedAt: this.clock.now().toISOString(),
        });
        posted.push(voucher);
      }
    } catch (err) {
      const rejected = isPostingRejected(err);
      const message = rejected
        ? `El ERP rechazó el comprobante: ${err.rejections.map((r) => r.message).join('; ')}`
        : `No se pudo centralizar: ${userMessage(err)}`;
      this.logger.warn({ err, companyId: ctx.companyId, reportId }, 'posting a report failed');
      await this.recordPostFailure(ctx.companyId, reportId, message, rejected);
      if (rejected) return { status: 'failed', error: message };
      // The ledger refused the idempotency key (used before for another voucher): a 409, never a 500.
      if ((err as { code?: unknown }).code === 'CONFLICT') throw new ConflictError(message);
      throw err;
    }
    await this.recordPosted(ctx.companyId, report, posted, evaluation);
    this.rememberBooked(ctx, report, evaluation, posted);
    return { status: 'posted', vouchers: posted };
  }

  /** The batch's context learns what the vouchers just booked: the next report of the batch is checked against it. */
  private rememberBooked(
    ctx: CompanyPostingContext,
    report: StoredReport,
    evaluation: Extract<Evaluation, { ready: true }>,
    posted: PostedVoucher[],
  ): void {
    for (const [i, built] of evaluation.vouchers.entries()) {
      for (const e of evaluation.documents) {
        if (e.part !== built.part || !e.key) continue;
        ctx.lookedUpDocumentKeys.add(e.key);
        if (!ctx.bookedDocuments.has(e.key)) {
          ctx.bookedDocuments.set(e.key, {
            reportId: report.id,
            reportNumber: report.number,
            voucherNumber: String(posted[i].number),
            expenseId: e.expenseId,
          });
        }
      }
    }
  }

  /**
   * The report is `failed` and retried by later syncs with backoff. A refusal by the ERP is an
   * open issue on the report (in Problemas and /status) with the ERP's reason; the next evaluation
   * (a successful post starts with one) resolves it.
   */
  private async recordPostFailure(
    companyId: string,
    reportId: number,
    message: string,
    rejected: boolean,
  ): Promise<void> {
    const attempts = await this.reports.postAttempts(companyId, reportId);
    const next = new Date(this.clock.now().getTime() + backoffDelayMs(attempts + 1, POST_RETRY_BACKOFF));
    if (rejected) {
      const issue: Problem = {
        code: 'posting_rejected',
        message: `${message}. Corrija la causa en el ERP (por ejemplo, reabra el período); la sincronización lo reintentará sola.`,
        subject: { kind: 'report', key: String(reportId) },
        expenseIds: [],
      };
      await this.issues.replaceOpenIssues(companyId, reportId, [issue]);
    }
    await this.reports.markPostFailed(companyId, reportId, message, next.toISOString());
  }

  /**
   * Marks the report posted, records the facturas and boletas de honorarios its vouchers book
   * (duplicate check, Libro de honorarios) and queues the integration marks (report and each
   * approved expense).
   */
  private async recordPosted(
    companyId: string,
    report: StoredReport,
    vouchers: PostedVoucher[],
    evaluation: Extract<Evaluation, { ready: true }>,
  ): Promise<void> {
    const postedAt = this.clock.now().toISOString();
    const active = await this.postings.activeOf(companyId, report.id);
    const numbers = active.map((p) => String(p.voucherNumber));
    await this.db.transaction(async (trx) => {
      await this.reports.markPosted(
        companyId,
        report.id,
        {
          voucherId: vouchers[0].id,
          voucherNumber: numbers.join(', '),
          postedAt,
          contentHash: report.contentHash,
        },
        trx,
      );
      for (const [i, built] of evaluation.vouchers.entries()) {
        const documents = evaluation.documents.filter((d) => d.part === built.part);
        await this.booked.record(companyId, report, vouchers[i], documents, trx);
      }
      await this.outbox.supersedePending(companyId, report.id, 'superseded by a new posting', trx);
      const code = numbers.join(',');
      await this.enqueueMarks(
        companyId,
        report,
        (expenseId) => {
          if (expenseId === undefined) return { IntegrationStatus: 1, IntegrationCode: code, postedAt };
          const own =
            active.find((p) => p.part === String(expenseId)) ?? active.find((p) => p.part === 'report');
          return { IntegrationStatus: 1, IntegrationCode: String(own?.voucherNumber ?? code), postedAt };
        },
        trx,
      );
    });
  }

  /**
   * Eliminar comprobante: posts the reversal of each live voucher through the pipeline, returns
   * the report to pending (state `reversed`: it is posted again only by an explicit Centralizar or
   * when its content changes) and queues clearing the integration marks in Rindegastos.
   */
  async reverse(ctx: CompanyPostingContext, reportId: number, reason: string): Promise<PostedVoucher[]> {
    const report = await this.reports.get(ctx.companyId, reportId);
    if (!report) throw new NotFoundError(`No existe la rendición ${reportId} en esta empresa.`);
    const active = await this.postings.activeOf(ctx.companyId, reportId);
    if (active.length === 0) {
      throw new ConflictError(
        `La rendición N° ${report.number} no tiene un comprobante centralizado que eliminar.`,
      );
    }
    const reversals: PostedVoucher[] = [];
    for (const posting of active) {
      try {
        const reversal = await this.ledger.posting.reverse(ctx.companyId, posting.voucherId, {
          reason,
          idempotencyKey: `${posting.idempotencyKey}:reverse`,
        });
        reversals.push(reversal);
        await this.postings.markReversed(ctx.companyId, posting.id, {
          reversalVoucherId: reversal.id,
          reversedAt: this.clock.now().toISOString(),
        });
      } catch (err) {
        if (isPostingRejected(err)) {
          throw new PostingRejectedError(
            `El ERP rechazó la reversa del comprobante N° ${posting.voucherNumber}: ${err.rejections.map((r) => r.message).join('; ')}`,
            err.rejections,
            { cause: err },
          );
        }
        throw err;
      }
    }
    await this.returnToPending(ctx, report);
    return reversals;
  }

  /**
   * The ERP deleted or reversed one of our vouchers itself: the posting is over, and the report
   * goes back to pending with its integration marks cleared in Rindegastos.
   */
  async onVoucherEvent(event: VoucherEvent): Promise<void> {
    if (event.source !== VOUCHER_SOURCE) return;
    const posting = await this.postings.findByVoucher(event.companyId, event.voucherId);
    if (!posting || posting.status !== 'posted') return;
    await this.postings.markReversed(event.companyId, posting.id, {
      reversalVoucherId: event.reversalVoucherId ?? null,
      reversedAt: this.clock.now().toISOString(),
    });
    const report = await this.reports.get(event.companyId, posting.reportId);
    if (!report) return;
    this.logger.info(
      { companyId: event.companyId, reportId: report.id, kind: event.kind },
      'voucher removed in the ERP',
    );
    await this.returnToPending(await this.loadContext(event.companyId), report);
    // Clear the marks in Rindegastos right away; when it is down, the next sync retries them.
    try {
      await this.writeBack.drain(event.companyId);
    } catch (err) {
      this.logger.warn(
        { err, companyId: event.companyId, reportId: report.id },
        'write-back after a voucher event failed',
      );
    }
  }

  private async returnToPending(ctx: CompanyPostingContext, report: StoredReport): Promise<void> {
    const stillActive = await this.postings.activeOf(ctx.companyId, report.id);
    if (stillActive.length > 0) return;
    const clearedAt = this.clock.now().toISOString();
    await this.db.transaction(async (trx) => {
      await this.reports.markReversed(ctx.companyId, report.id, 'reversed', trx);
      await this.booked.removeReport(ctx.companyId, report.id, trx);
      await this.outbox.supersedePending(ctx.companyId, report.id, 'superseded by a reversal', trx);
      await this.enqueueMarks(
        ctx.companyId,
        report,
        () => ({ IntegrationStatus: 0, IntegrationCode: '', clearedAt }),
        trx,
      );
    });
    for (const [key, booked] of ctx.bookedDocuments) {
      if (booked.reportId === report.id) ctx.bookedDocuments.delete(key);
    }
    const fresh = await this.reports.get(ctx.companyId, report.id);
    if (fresh) await this.evaluateStored(ctx, fresh);
  }

  /**
   * Queues the integration write-back of the report and of each of its approved expenses (the
   * ones a voucher carries). `payload` gets the expense id, or nothing for the report's own mark.
   */
  private async enqueueMarks(
    companyId: string,
    report: StoredReport,
    payload: (expenseId?: number) => unknown,
    trx: Knex.Transaction,
  ): Promise<void> {
    await this.outbox.enqueueMany(
      [
        {
          companyId,
          kind: 'report_integration',
          targetId: report.id,
          reportId: report.id,
          payload: payload(),
        },
        ...report.expenses
          .filter((e) => e.input.status === 1)
          .map((expense) => ({
            companyId,
            kind: 'expense_integration' as const,
            targetId: expense.id,
            reportId: report.id,
            payload: payload(expense.id),
          })),
      ],
      trx,
    );
  }
}
