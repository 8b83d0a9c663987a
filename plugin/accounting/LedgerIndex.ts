/**
 * Checks of ERP account and business-center codes against the ledger, shared by Configuración
 * General and Centralización. Messages are Spanish and name the code.
 */
import type { BusinessCenter, LedgerAccount } from '../host/Ledger';

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
    const account = this.accounts.get(raw) ?? this.accounts.get(normalizeAccountCode(raw));
    if (!account) return { ok: false, message: `La cuenta ${raw} no existe en el plan de cuentas` };
    if (!account.active)
      return {
        ok: false,
        message: `La cuenta ${account.code} (${account.name}) está inactiva en el plan de cuentas`,
      };
    if (!account.postable)
      return {
        ok: false,
        message: `La cuenta ${account.code} (${account.name}) no es imputable: elija una cuenta de detalle`,
      };
    return { ok: true, code: account.code };
  }

  resolveBusinessCenter(input: string): Resolution {
    const raw = input.trim();
    const center = this.centers.get(raw) ?? this.centers.get(raw.toUpperCase());
    if (!center) return { ok: false, message: `El centro de negocios ${raw} no existe en el ERP` };
    if (!center.active)
      return { ok: false, message: `El centro de negocios ${center.code} (${center.name}) está inactivo` };
    if (!center.postable)
      return {
        ok: false,
        message: `El centro de negocios ${center.code} (${center.name}) no es imputable: elija un centro de último nivel`,
      };
    return { ok: true, code: center.code };
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
