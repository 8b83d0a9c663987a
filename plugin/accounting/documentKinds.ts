import type { DocumentKind } from './model';

/**
 * SII codes (and the usual company codes) for each document kind, chile-accounting.md §1.
 * Codes are compared trimmed and upper-cased, so "bh" and " BH " are the same code.
 */
export const DEFAULT_DOCUMENT_KINDS: ReadonlyMap<string, DocumentKind> = new Map<string, DocumentKind>([
  ['33', 'factura'],
  ['34', 'factura'],
  ['46', 'factura'],
  ['AF', 'factura'],
  ['FL', 'factura'],
  ['39', 'boleta'],
  ['41', 'boleta'],
  ['BO', 'boleta'],
  ['H', 'honorarios'],
  ['99', 'honorarios'],
  ['BH', 'honorarios'],
]);

export function normalizeDocumentCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * The kind of a document code: the company's Tipos de documento mapping wins over the SII
 * defaults; an empty or unknown code is "other" (card slip, toll, no document).
 */
export function documentKindOf(code: string, companyKinds: ReadonlyMap<string, DocumentKind>): DocumentKind {
  const normalized = normalizeDocumentCode(code);
  if (normalized === '') return 'other';
  const exact = companyKinds.get(code) ?? companyKinds.get(code.trim());
  if (exact) return exact;
  for (const [companyCode, kind] of companyKinds) {
    if (normalizeDocumentCode(companyCode) === normalized) return kind;
  }
  return DEFAULT_DOCUMENT_KINDS.get(normalized) ?? 'other';
}
