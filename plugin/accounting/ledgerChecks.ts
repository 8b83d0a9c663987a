import type { BusinessCenter, LedgerAccount } from '../host/Ledger';
import type { LedgerSnapshot } from './model';

export type AccountFault = 'unknown_account' | 'inactive_account' | 'non_postable_account';
export type BusinessCenterFault =
  'unknown_business_center' | 'inactive_business_center' | 'non_postable_business_center';

/** The account when a line may be posted to it, else why not. */
export function checkAccount(
  code: string,
  ledger: LedgerSnapshot,
): { ok: true; account: LedgerAccount } | { ok: false; fault: AccountFault } {
  const account = ledger.accounts.get(code);
  if (!account) return { ok: false, fault: 'unknown_account' };
  if (!account.active) return { ok: false, fault: 'inactive_account' };
  if (!account.postable) return { ok: false, fault: 'non_postable_account' };
  return { ok: true, account };
}

export function checkBusinessCenter(
  code: string,
  ledger: LedgerSnapshot,
): { ok: true; center: BusinessCenter } | { ok: false; fault: BusinessCenterFault } {
  const center = ledger.businessCenters.get(code);
  if (!center) return { ok: false, fault: 'unknown_business_center' };
  if (!center.active) return { ok: false, fault: 'inactive_business_center' };
  if (!center.postable) return { ok: false, fault: 'non_postable_business_center' };
  return { ok: true, center };
}
