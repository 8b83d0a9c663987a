import { inject, injectable } from 'tsyringe';
import type { CatalogKind } from '../catalog/catalogKinds';
import { Tokens } from '../di/tokens';
import type { Logger } from '../host/Host';
import type { ReportState } from '../reports/model';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { ReportRepository } from '../reports/ReportRepository';
import type { SettingKey } from '../settings/settings';
import { WriteBackService } from '../writeback/WriteBackService';
import type { CompanyPostingContext } from './CompanyPostingContext';
import type { ProblemSubject } from '../accounting/model';
import { PostingService } from './PostingService';

const PENDING: readonly ReportState[] = ['imported', 'blocked', 'failed'];
/** The settings naming the extra fields whose codes rg_expenses stores. */
const EXTRA_FIELD_NAME_SETTINGS: ReadonlySet<SettingKey> = new Set(['documentTypeField', 'costCenterField']);
const PAGE = 200;

export interface ReevaluationResult {
  evaluated: number;
  ready: number;
  posted: number;
  stillBlocked: number;
}

/**
 * Fix-and-retry: when the accountant saves a mapping or a setting, the reports it blocked are
 * evaluated again and, with "centralizar automáticamente" on, posted — no other action needed.
 */
@injectable()
export class ReevaluationService {
  constructor(
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(ReportIssueRepository) private readonly issues: ReportIssueRepository,
    @inject(PostingService) private readonly posting: PostingService,
    @inject(WriteBackService) private readonly writeBack: WriteBackService,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  /** Exactly the reports a Centralización item can unblock. */
  async afterMappingChanged(companyId: string, kind: CatalogKind, key: string): Promise<ReevaluationResult> {
    const ids = new Set<number>();
    const blockedBy = async (subjectKind: ProblemSubject['kind']) => {
      for (const id of await this.issues.reportsBlockedBy(companyId, subjectKind, key)) ids.add(id);
    };
    switch (kind) {
      case 'category':
        // A Categoría mapping also serves facturas whose Categoría de factura is not mapped.
        await blockedBy('category');
        await blockedBy('invoice_category');
        break;
      case 'invoice_category':
        await blockedBy('invoice_category');
        break;
      case 'cost_center':
        await blockedBy('cost_center');
        break;
      case 'account':
        // A Cuenta is the last resort of the categories carrying that account code.
        for (const id of await this.reports.reportIdsWithExpenseCode(companyId, 'categoryCode', key, PENDING))
          ids.add(id);
        break;
      case 'document_type':
        for (const id of await this.reports.reportIdsWithExpenseCode(
          companyId,
          'documentTypeCode',
          key,
          PENDING,
        ))
          ids.add(id);
        break;
      default:
        return { evaluated: 0, ready: 0, posted: 0, stillBlocked: 0 };
    }
    return this.reevaluate(companyId, [...ids]);
  }

  /**
   * Settings change how every pending report builds: all of them are evaluated again. When the
   * document-type or cost-center field name changed, the stored codes read by those names are
   * recomputed first.
   */
  async afterSettingsChanged(companyId: string, changed: readonly SettingKey[]): Promise<ReevaluationResult> {
    let ctx: CompanyPostingContext | undefined;
    if (changed.some((key) => EXTRA_FIELD_NAME_SETTINGS.has(key))) {
      ctx = await this.posting.loadContext(companyId);
      const recomputed = await this.reports.recomputeExtraFieldCodes(companyId, ctx.settings);
      this.logger.info({ companyId, recomputed }, 'expense extra-field codes recomputed');
    }
    const ids: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await this.reports.findByStates(companyId, PENDING, PAGE, after);
      ids.push(...page.map((r) => r.id));
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return this.reevaluate(companyId, ids, ctx);
  }

  private async reevaluate(
    companyId: string,
    ids: number[],
    loaded?: CompanyPostingContext,
  ): Promise<ReevaluationResult> {
    const result: ReevaluationResult = { evaluated: 0, ready: 0, posted: 0, stillBlocked: 0 };
    if (ids.length === 0) return result;
    const ctx = loaded ?? (await this.posting.loadContext(companyId));
    for (const id of ids) {
      result.evaluated++;
      const evaluation = await this.posting.evaluate(ctx, id);
      if (!evaluation) continue;
      if (!evaluation.ready) {
        result.stillBlocked++;
        continue;
      }
      result.ready++;
      if (ctx.settings.autoPost && (await this.autoPost(ctx, id))) result.posted++;
    }
    if (result.posted > 0) await this.writeBack.drain(companyId);
    this.logger.info({ companyId, ...result }, 'reports re-evaluated');
    return result;
  }

  private async autoPost(ctx: CompanyPostingContext, reportId: number): Promise<boolean> {
    try {
      return (await this.posting.post(ctx, reportId)).status === 'posted';
    } catch (err) {
      this.logger.error({ err, companyId: ctx.companyId, reportId }, 'automatic posting failed');
      return false;
    }
  }
}
