import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import type { Ledger, PostingContext, PostingHook, PostingRejection } from '../host/Ledger';
import { MappingService } from '../mapping/MappingService';
import { SettingsService } from '../settings/SettingsService';
import { checkAccount, codeAndName, LEDGER_FAULTS } from '../accounting/LedgerIndex';
import { VOUCHER_SOURCE } from '../accounting/VoucherBuilder';

/**
 * The plugin's hook in the host's posting pipeline. In the `validate` stage it checks every
 * `rindegastos` voucher — whoever submits it — against the company's Centralización and chart:
 * each account must be one the company mapped (or a General setting account), active and
 * postable, and each line must carry the analyses its account requires.
 */
@injectable()
export class AccountingHook implements PostingHook {
  readonly name = 'rindegastos';

  constructor(
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(MappingService) private readonly mappings: MappingService,
    @inject(SettingsService) private readonly settings: SettingsService,
  ) {}

  async validate(ctx: PostingContext): Promise<PostingRejection[]> {
    if (ctx.draft.source !== VOUCHER_SOURCE) return [];
    const [accounts, snapshot, settings] = await Promise.all([
      this.ledger.listAccounts(ctx.companyId),
      this.mappings.snapshot(ctx.companyId),
      this.settings.get(ctx.companyId),
    ]);
    const chart = new Map(accounts.map((a) => [a.code, a]));
    const mapped = new Set<string>();
    for (const table of [snapshot.accounts, snapshot.categories, snapshot.invoiceCategories]) {
      for (const pair of table.values()) {
        if (pair.debitAccount) mapped.add(pair.debitAccount);
        if (pair.creditAccount) mapped.add(pair.creditAccount);
      }
    }
    for (const code of [settings.ivaCreditAccount, settings.retentionAccount]) if (code) mapped.add(code);

    const rejections: PostingRejection[] = [];
    ctx.draft.lines.forEach((line, lineIndex) => {
      const reject = (message: string) =>
        rejections.push({
          code: 'hook_rejected',
          message: `Línea ${lineIndex + 1}: ${message}`,
          lineIndex,
          accountCode: line.accountCode,
        });
      if (!mapped.has(line.accountCode)) {
        reject(
          `la cuenta ${line.accountCode} no está asignada en Contabilidad › Contabilidad › Rindegastos › Configuración › Centralización ni en … › Configuración › General.`,
        );
      }
      const checked = checkAccount(line.accountCode, chart);
      if (!checked.ok)
        reject(
          `la cuenta ${codeAndName(line.accountCode, checked.account)} ${LEDGER_FAULTS[checked.fault]}.`,
        );
      if (!checked.account) return;
      const account = checked.account;
      if (account.requires.businessCenter && !line.businessCenterCode) {
        reject(`la cuenta ${line.accountCode} exige centro de negocios.`);
      }
      if (account.requires.auxiliary && !line.auxiliary?.rut)
        reject(`la cuenta ${line.accountCode} exige auxiliar (RUT).`);
      if (account.requires.document && !line.document?.number)
        reject(`la cuenta ${line.accountCode} exige documento.`);
    });
    return rejections;
  }
}
