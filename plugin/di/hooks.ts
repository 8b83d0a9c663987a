import type { DependencyContainer } from 'tsyringe';
import { Tokens } from './tokens';
import type { Scheduler } from '../host/Host';
import type { Ledger } from '../host/Ledger';
import { ScheduledSync, SYNC_JOB_ID } from '../sync/ScheduledSync';
import type { ManifestJobDto } from '../config/manifest';
import { MappingService } from '../mapping/MappingService';
import { SettingsService } from '../settings/SettingsService';
import { AccountingHook } from '../posting/AccountingHook';
import { PostingService } from '../posting/PostingService';
import { ReevaluationService } from '../posting/ReevaluationService';

/**
 * What the running plugin plugs into its host and into itself, by the handler id the manifest's
 * `hooks` names. Each returns the function that unplugs it.
 */
export const HOOK_HANDLERS = {
  /** posting.validate: checks every `rindegastos` voucher against Centralización and the chart. */
  accountingHook: (c: DependencyContainer) =>
    c.resolve<Ledger>(Tokens.Ledger).posting.registerHook(c.resolve(AccountingHook)),
  /** ledger.voucherEvent: a voucher deleted or reversed in the ERP returns its report to pending. */
  voucherEvents: (c: DependencyContainer) => {
    const posting = c.resolve(PostingService);
    return c.resolve<Ledger>(Tokens.Ledger).posting.onVoucherEvent((event) => posting.onVoucherEvent(event));
  },
} as const;

export type HookHandlerId = keyof typeof HOOK_HANDLERS;

/**
 * What the running plugin registers with the host's Scheduler, by the manifest's job id. Each
 * returns the function that unregisters it.
 */
export const JOB_HANDLERS = {
  /** The scheduled sync of every active, connected company, every `syncIntervalMinutes`. */
  [SYNC_JOB_ID]: (c: DependencyContainer, job: ManifestJobDto) =>
    c.resolve<Scheduler>(Tokens.Scheduler).register(c.resolve(ScheduledSync).job(job.timeoutSeconds * 1000)),
} as const;

export type JobHandlerId = keyof typeof JOB_HANDLERS;

/** Fix-and-retry: saving a mapping or a setting re-evaluates the reports it blocked. */
export function plugReevaluation(c: DependencyContainer): () => void {
  const reevaluation = c.resolve(ReevaluationService);
  const offMapping = c.resolve(MappingService).onMappingChanged(async (companyId, kind, key) => {
    const result = await reevaluation.afterMappingChanged(companyId, kind, key);
    return { released: result.ready, posted: result.posted };
  });
  const offSettings = c.resolve(SettingsService).onSettingsChanged(async (companyId, changed) => {
    await reevaluation.afterSettingsChanged(companyId, changed);
  });
  return () => {
    offMapping();
    offSettings();
  };
}
