import { inject, injectable } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { Tokens } from '../di/tokens';
import type { Clock, Directory } from '../host/Host';
import type { Ledger } from '../host/Ledger';
import { MappingService } from '../mapping/MappingService';
import { BookedDocumentRepository } from '../reports/BookedDocumentRepository';
import type { StoredReport } from '../reports/model';
import { chileToday } from '../rindegastos/dates';
import { SettingsService } from '../settings/SettingsService';
import type { PluginSettings } from '../settings/settings';
import type {
  BookedDocument,
  BuildInput,
  LedgerSnapshot,
  MappingSnapshot,
  UserInput,
} from '../accounting/model';

/** The company currency: Chilean companies keep their books in pesos. */
export const COMPANY_CURRENCY = 'CLP';

/**
 * Everything the voucher builder needs besides the report, read once per batch of reports
 * (a sync page, a mapping change) instead of once per report.
 */
export interface CompanyPostingContext {
  companyId: string;
  settings: PluginSettings;
  mappings: MappingSnapshot;
  users: Map<number, UserInput>;
  ledger: LedgerSnapshot;
  /** YYYY-MM-DD (Chile), for the "posting day" voucher date. */
  postingDate: string;
  /** The company's RUT per the ERP's directory ("" when unknown). */
  companyRut: string;
  closedPeriods: Set<string>;
  /**
   * Where the document keys looked up so far are booked (PostingService loads a report's keys
   * before building it); grows as the batch posts, so two reports of one batch with the same
   * document are caught.
   */
  bookedDocuments: Map<string, BookedDocument>;
  /** The keys already looked up, booked or not. */
  lookedUpDocumentKeys: Set<string>;
  releasedExpenseIds: Set<number>;
}

@injectable()
export class CompanyPostingContextLoader {
  constructor(
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Directory) private readonly directory: Directory,
    @inject(BookedDocumentRepository) private readonly booked: BookedDocumentRepository,
    @inject(SettingsService) private readonly settings: SettingsService,
    @inject(MappingService) private readonly mappings: MappingService,
    @inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async load(companyId: string): Promise<CompanyPostingContext> {
    const [settings, mappings, users, accounts, centers, company, closed, released] = await Promise.all([
      this.settings.get(companyId),
      this.mappings.snapshot(companyId),
      this.catalog.users(companyId),
      this.ledger.listAccounts(companyId),
      this.ledger.listBusinessCenters(companyId),
      this.directory.getCompany(companyId),
      this.ledger.listClosedPeriods(companyId),
      this.booked.releasedExpenseIds(companyId),
    ]);
    return {
      companyId,
      settings,
      mappings,
      users,
      ledger: {
        accounts: new Map(accounts.map((a) => [a.code, a])),
        businessCenters: new Map(centers.map((b) => [b.code, b])),
        glosaMaxLength: this.ledger.limits.glosaMaxLength,
      },
      postingDate: chileToday(this.clock.now()),
      companyRut: company?.rut ?? '',
      closedPeriods: new Set(closed),
      bookedDocuments: new Map(),
      lookedUpDocumentKeys: new Set(),
      releasedExpenseIds: released,
    };
  }
}

/** The builder's input for one stored report under a company context. */
export function buildInputOf(ctx: CompanyPostingContext, report: StoredReport): BuildInput {
  return {
    report: report.input,
    expenses: report.expenses.map((e) => e.input),
    users: ctx.users,
    mappings: ctx.mappings,
    settings: ctx.settings,
    ledger: ctx.ledger,
    postingDate: ctx.postingDate,
    companyCurrency: COMPANY_CURRENCY,
    companyRut: ctx.companyRut,
    closedPeriods: ctx.closedPeriods,
    bookedDocuments: ctx.bookedDocuments,
    releasedExpenseIds: ctx.releasedExpenseIds,
  };
}
