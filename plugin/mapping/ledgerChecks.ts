/**
 * Checks of ERP account and business-center codes against the ledger, shared by Configuración
 * General and Centralización. Messages are Spanish and name the code.
 */
import type { BusinessCenter, LedgerAccount } from '../host/Ledger';
import { namesAlike } from './nameSimilarity';

export type Resolution = { ok: true; code: string } | { ok: false; message: string };

/** "4.110.201.002", " 4110-201002 " → "4110201002": ledger codes are digits only. */
export function normalizeAccountCode(input: string): string {
  return input.trim().replace(/[\s.\-_/]/g, '');
}

/** Digits of a Rindegastos account code, for suggestions ("4-1-10-201-002" → "4110201002"). */
export function digitsOf(code: string): string {
  return code.replace(/\D/g, '');
}

/** An ERP account offered for a Centralización item, with why (Spanish, shown to the user). */
export interface AccountSuggestion {
  account: string;
  /** e.g. "código igual a 4110201002", "nombre parecido: Combustibles". */
  reason: string;
}

/** Names at least this alike (see namesAlike) suggest an account: one shared word in three. */
export const MIN_NAME_SIMILARITY = 0.4;

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

  /**
   * The ERP account to suggest for a Rindegastos account code used by categories named `names`,
   * and why; never applied by itself. First signal: the single active postable account whose
   * digits equal the code's ("41.102.01.002" → 4110201002). Second: the single active postable
   * account whose name is most alike one of the names (namesAlike ≥ MIN_NAME_SIMILARITY,
   * strictly better than any other account). Otherwise none.
   */
  suggestFor(rindegastosCode: string, names: readonly string[] = []): AccountSuggestion | null {
    const postable = [...this.accounts.values()].filter((a) => a.active && a.postable);
    const digits = digitsOf(rindegastosCode);
    const sameDigits = digits ? postable.filter((a) => digitsOf(a.code) === digits) : [];
    if (sameDigits.length === 1) {
      return { account: sameDigits[0].code, reason: `código igual a ${sameDigits[0].code}` };
    }
    if (sameDigits.length > 1) return null;
    const scored = postable
      .map((a) => ({ a, score: Math.max(0, ...names.map((n) => namesAlike(n, a.name))) }))
      .sort((x, y) => y.score - x.score);
    const [best, second] = scored;
    if (!best || best.score < MIN_NAME_SIMILARITY || (second && second.score === best.score)) return null;
    return { account: best.a.code, reason: `nombre parecido: ${best.a.name}` };
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
