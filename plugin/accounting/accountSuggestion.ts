/**
 * The ERP account suggested for a Centralización *Cuenta* (a Rindegastos account code and the
 * categories that use it), and why. A suggestion is only shown: the user accepts it or not.
 */
import type { LedgerIndex } from './LedgerIndex';
import { namesAlike } from './nameSimilarity';

export interface AccountSuggestion {
  account: string;
  /** Spanish, shown next to it: "código igual a 4110201002", "nombre parecido: Combustibles". */
  reason: string;
}

/** Names at least this alike (see namesAlike) suggest an account: one shared word in three. */
export const MIN_NAME_SIMILARITY = 0.4;

/**
 * First signal: the single active postable account whose digits equal the code's (companies
 * often type the ERP's own code, "41.102.01.002" → 4110201002). Second: the single active
 * postable account whose name is most alike one of `names` (namesAlike ≥ MIN_NAME_SIMILARITY,
 * strictly better than any other account). Otherwise none.
 */
export function suggestAccount(
  ledger: LedgerIndex,
  rindegastosCode: string,
  names: readonly string[],
): AccountSuggestion | null {
  const byCode = ledger.suggestFor(rindegastosCode);
  if (byCode) return { account: byCode, reason: `código igual a ${byCode}` };
  const scored = ledger
    .postableAccounts()
    .map((a) => ({ a, score: Math.max(0, ...names.map((n) => namesAlike(n, a.name))) }))
    .sort((x, y) => y.score - x.score);
  const [best, second] = scored;
  if (!best || best.score < MIN_NAME_SIMILARITY || (second && second.score === best.score)) return null;
  return { account: best.a.code, reason: `nombre parecido: ${best.a.name}` };
}
