import { inject, injectable } from 'tsyringe';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import { NotFoundError } from '../errors/errors';
import type { Clock } from '../host/Host';
import type { Actor } from '../permissions/actor';
import { BookedDocumentRepository } from '../reports/BookedDocumentRepository';
import { ReportRepository } from '../reports/ReportRepository';
import { PostingService, type Evaluation } from './PostingService';

/**
 * "No es duplicado": the accountant releases one expense from the duplicate-document check. The
 * release is kept by expense id (so it survives re-syncs), audited, and the report re-evaluated.
 */
@injectable()
export class DuplicateReleaseService {
  constructor(
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(BookedDocumentRepository) private readonly booked: BookedDocumentRepository,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(PostingService) private readonly posting: PostingService,
  ) {}

  async release(
    actor: Actor,
    reportId: number,
    expenseId: number,
  ): Promise<{ released: boolean; evaluation: Evaluation | null }> {
    const report = await this.reports.get(actor.companyId, reportId);
    if (!report) throw new NotFoundError(`No existe la rendición ${reportId} en esta empresa.`);
    if (!report.expenses.some((e) => e.id === expenseId)) {
      throw new NotFoundError(`El gasto ${expenseId} no pertenece a la rendición N° ${report.number}.`);
    }
    const at = this.clock.now().toISOString();
    const released = await this.booked.release(actor.companyId, reportId, expenseId, actor.userId, at);
    if (released) {
      await this.audit.record({
        companyId: actor.companyId,
        actorId: actor.userId,
        action: 'duplicate.released',
        subject: `expense:${expenseId}`,
        after: { reportId, expenseId, note: 'no es duplicado' },
        requestId: actor.requestId,
      });
    }
    const evaluation = await this.posting.evaluate(await this.posting.loadContext(actor.companyId), reportId);
    return { released, evaluation };
  }
}
