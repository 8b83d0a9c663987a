/**
 * The one check of ERP account and business-center codes against the ledger, with the one table of
 * what each fault says: used by the voucher builder, the accounting hook, Configuración General and
 * Centralización. Messages are Spanish and name the code.
 */
import type { BusinessCenter, LedgerAccount } from '../host/Ledger';

export type AccountFault = 'unknown_account' | 'inactive_account' | 'non_postable_account';
export type BusinessCenterFault =
  'unknown_business_center' | 'inactive_business_center' | 'non_postable_business_center';

/** What each fault says about the code (after «La cuenta X» / «El centro de negocios X»). */
export const LEDGER_FAULTS: Record<AccountFault | BusinessCenterFault, string> = {
  unknown_account: 'no existe en el plan de cuentas',
  inactive_account: 'está inactiva en el plan de cuentas',
  non_postable_account: 'no es imputable: elija una cuenta de detalle',
  unknown_business_center: 'no existe en el ERP',
  inactive_business_center: 'está inactivo en el ERP',
  non_postable_business_center: 'no es imputable: elija un centro de último nivel',
};

/** The account when a line may be posted to it, else why not. */
export function checkAccount(
  code: string,
  accounts: ReadonlyMap<string, LedgerAccount>,
): { ok: true; account: LedgerAccount } | { ok: false; fault: AccountFault; account?: LedgerAccount } {
  const account = accounts.get(code);
  if (!account) return { ok: false, fault: 'unknown_account' };
  if (!account.active) return { ok: false, fault: 'inactive_account', account };
  if (!account.postable) return { ok: false, fault: 'non_postable_account', account };
  return { ok: true, account };
}

export function checkBusinessCenter(
  code: string,
  centers: ReadonlyMap<string, BusinessCenter>,
): { ok: true; center: BusinessCenter } | { ok: false; fault: BusinessCenterFault; center?: BusinessCenter } {
  const center = centers.get(code);
  if (!center) return { ok: false, fault: 'unknown_business_center' };
  if (!center.active) return { ok: false, fault: 'inactive_business_center', center };
  if (!center.postable) return { ok: false, fault: 'non_postable_business_center', center };
  return { ok: true, center };
}

/** «4110201002 (Combustibles)» when the ledger knows the item, else the code as given. */
export function codeAndName(code: string, item?: { name: string }): string {
  return item ? `${code} (${item.name})` : code;
}

export type Resolution = { ok: true; code: string } | { ok: false; message: string };

/** "4.110.201.002", " 4110-201002 " → "4110201002": ledger codes are digits only. */
export function normalizeAccountCode(input: string): string {
  return input.trim().replace(/[\s.\-_/]/g, '');
}

/** Digits of a Rindegastos account code, for suggestions ("4-1-10-201-002" → "4110201002"). */
export function digitsOf(code: string): string {
  return code.replace(/\D/g, '');
}

export class LedgerIndex {
  private readonly accounts: Map<string, LedgerAccount>;
  private readonly centers: Map<string, BusinessCenter>;

  constructor(accounts: readonly LedgerAccount[], centers: readonly BusinessCenter[] = []) {
    this.accounts = new Map(accounts.map((a) => [a.code, a]));
    this.centers = new Map(centers.map((c) => [c.code, c]));
  }

  /** The account a user typed, if it exists, is active and postable; else why not. */
  resolveAccount(input: string): Resolution {
    const raw = input.trim();
    const code = this.accounts.has(raw) ? raw : normalizeAccountCode(raw);
    const checked = checkAccount(code, this.accounts);
    if (checked.ok) return { ok: true, code };
    const account = checked.account;
    return {
      ok: false,
      message: `La cuenta ${codeAndName(account?.code ?? raw, account)} ${LEDGER_FAULTS[checked.fault]}`,
    };
  }

  resolveBusinessCenter(input: string): Resolution {
    const raw = input.trim();
    const code = this.centers.has(raw) ? raw : raw.toUpperCase();
    const checked = checkBusinessCenter(code, this.centers);
    if (checked.ok) return { ok: true, code };
    const center = checked.center;
    return {
      ok: false,
      message: `El centro de negocios ${codeAndName(center?.code ?? raw, center)} ${LEDGER_FAULTS[checked.fault]}`,
    };
  }

  /** The single active postable account whose digits equal the code's digits, if exactly one. */
  suggestFor(rindegastosCode: string): string | null {
    const digits = digitsOf(rindegastosCode);
    if (!digits) return null;
    const matches = [...this.accounts.values()].filter(
      (a) => a.active && a.postable && digitsOf(a.code) === digits,
    );
    return matches.length === 1 ? matches[0].code : null;
  }

  postableAccounts(): LedgerAccount[] {
    return [...this.accounts.values()]
      .filter((a) => a.active && a.postable)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  postableBusinessCenters(): BusinessCenter[] {
    return [...this.centers.values()]
      .filter((c) => c.active && c.postable)
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}
