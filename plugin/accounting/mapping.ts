import type { AccountPair, DocumentKind, MappingSnapshot } from './model';

/** Which Centralización item supplied an expense's accounts. */
export interface MappingSource {
  kind: 'invoice_category' | 'category' | 'account';
  /** Category name, or the Rindegastos account code (CategoryCode). */
  key: string;
}

export interface ResolvedMapping {
  debitAccount: string;
  creditAccount: string;
  source: MappingSource;
  /** False only when the factura's Categoría de factura says its IVA is not crédito fiscal. */
  ivaRecoverable: boolean;
}

/**
 * Most specific first (chile-accounting.md §3): a factura uses its *Categoría de factura*;
 * then the *Categoría*; then the *Cuenta* of its CategoryCode. Only an item with both Debe
 * and Haber counts, so a half-filled item falls through to the next level.
 */
export function resolveMapping(
  kind: DocumentKind,
  category: string,
  categoryCode: string,
  mappings: MappingSnapshot,
): ResolvedMapping | null {
  const candidates: [MappingSource, AccountPair | undefined][] = [];
  if (kind === 'factura') {
    candidates.push([{ kind: 'invoice_category', key: category }, mappings.invoiceCategories.get(category)]);
  }
  candidates.push([{ kind: 'category', key: category }, mappings.categories.get(category)]);
  if (categoryCode.trim() !== '') {
    candidates.push([{ kind: 'account', key: categoryCode }, mappings.accounts.get(categoryCode)]);
  }
  for (const [source, pair] of candidates) {
    const debitAccount = typeof pair?.debitAccount === 'string' ? pair.debitAccount.trim() : '';
    const creditAccount = typeof pair?.creditAccount === 'string' ? pair.creditAccount.trim() : '';
    if (debitAccount !== '' && creditAccount !== '') {
      const ivaRecoverable = source.kind !== 'invoice_category' || pair?.ivaRecoverable !== false;
      return { debitAccount, creditAccount, source, ivaRecoverable };
    }
  }
  return null;
}

/** The origin rule of a line produced by a mapping, e.g. "invoice_category:Combustible:debit". */
export function mappingRule(source: MappingSource, side: 'debit' | 'credit'): string {
  return `${source.kind}:${source.key}:${side}`;
}
