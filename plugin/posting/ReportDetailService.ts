import { inject, injectable } from 'tsyringe';
import type { BuildResult } from '../accounting/model';
import { Tokens } from '../di/tokens';
import { NotFoundError } from '../errors/errors';
import type { Ledger, PostedVoucher } from '../host/Ledger';
import type { ReportSummary, StoredExpense } from '../reports/model';
import { PostingRepository, type Posting } from '../reports/PostingRepository';
import { ReportIssueRepository, type ReportIssue } from '../reports/ReportIssueRepository';
import { ReportRepository } from '../reports/ReportRepository';
import { OutboxRepository, type OutboxItem } from '../writeback/OutboxRepository';
import { PostingService } from './PostingService';

/** An expense as the detail shows it: without the raw API payload and the builder's input. */
export type ExpenseSummary = Omit<StoredExpense, 'raw' | 'input'>;

/** The detail of one report in Informes. */
export interface ReportDetail {
  report: ReportSummary & { posted: boolean };
  expenses: ExpenseSummary[];
  issues: ReportIssue[];
  /** The report's live vouchers in the ERP. */
  vouchers: PostedVoucher[];
  /** What would be posted, while nothing is. */
  preview: BuildResult | null;
  postings: Posting[];
  writeBacks: OutboxItem[];
}

/** Assembles a report's detail: the stored report, its vouchers (or a preview), problems and write-backs. */
@injectable()
export class ReportDetailService {
  constructor(
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(PostingRepository) private readonly postings: PostingRepository,
    @inject(ReportIssueRepository) private readonly issues: ReportIssueRepository,
    @inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @inject(PostingService) private readonly posting: PostingService,
  ) {}

  /** The report a voucher was posted for (a Comprobantes origin link), or a NotFoundError. */
  async reportOfVoucher(companyId: string, voucherId: string): Promise<number> {
    const reportId = await this.postings.reportOfVoucher(companyId, voucherId);
    if (reportId === null)
      throw new NotFoundError(
        `El comprobante ${voucherId} no viene de un informe de Rindegastos de esta empresa.`,
      );
    return reportId;
  }

  async detail(companyId: string, reportId: number): Promise<ReportDetail> {
    const report = await this.reports.get(companyId, reportId);
    if (!report) throw new NotFoundError(`No existe la rendición ${reportId} en esta empresa.`);
    const postings = await this.postings.historyOf(companyId, reportId);
    // The live vouchers in one batch of concurrent reads, kept in posting order.
    const fetched = await Promise.all(
      postings
        .filter((p) => p.status === 'posted')
        .map((p) => this.ledger.posting.getVoucher(companyId, p.voucherId)),
    );
    const vouchers = fetched.filter((v): v is PostedVoucher => v !== null);
    const preview =
      vouchers.length === 0
        ? await this.posting.preview(await this.posting.loadContext(companyId), report)
        : null;
    const { raw: _raw, input: _input, expenses, ...summary } = report;
    const [issues, writeBacks] = await Promise.all([
      this.issues.openIssuesOf(companyId, reportId),
      this.outbox.historyOf(companyId, reportId),
    ]);
    return {
      report: { ...summary, posted: report.state === 'posted' },
      expenses: expenses.map(({ raw: _r, input: _i, ...e }) => e),
      issues,
      vouchers,
      preview,
      postings,
      writeBacks,
    };
  }
}
