import { inject, injectable } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';
import type { Ledger } from '../host/Ledger';
import { MappingService } from '../mapping/MappingService';
import type { StoredReport } from '../reports/model';
import { chileToday } from '../rindegastos/dates';
import { SettingsService } from '../settings/SettingsService';
import type { PluginSettings } from '../settings/settings';
import type { BuildInput, LedgerSnapshot, MappingSnapshot, UserInput } from '../accounting/model';

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
}

@injectable()
export class CompanyPostingContextLoader {
  constructor(
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(SettingsService) private readonly settings: SettingsService,
    @inject(MappingService) private readonly mappings: MappingService,
    @inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async load(companyId: string): Promise<CompanyPostingContext> {
    const [settings, mappings, users, accounts, centers] = await Promise.all([
      this.settings.get(companyId),
      this.mappings.snapshot(companyId),
      this.catalog.users(companyId),
      this.ledger.listAccounts(companyId),
      this.ledger.listBusinessCenters(companyId),
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
  };
}
