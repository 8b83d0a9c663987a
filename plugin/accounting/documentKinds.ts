import type { DocumentKind } from './model';

/** Every kind a document code can have (the values of Tipos de documento). */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['factura', 'boleta', 'honorarios', 'other'];

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
 * The SII default kind of a document code, ignoring any company mapping: what a new Tipos de
 * documento item starts as, and what the builder falls back to. Empty or unknown → "other".
 */
export function defaultDocumentKind(code: string): DocumentKind {
  return DEFAULT_DOCUMENT_KINDS.get(normalizeDocumentCode(code)) ?? 'other';
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
  return defaultDocumentKind(normalized);
}
