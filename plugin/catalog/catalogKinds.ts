/**
 * The kinds of Centralización items and how each is keyed. The remote-key rules (README
 * "Centralización: cómo se reconocen los ítems") are:
 *
 * - account: the category's `AccountCode` as Rindegastos sends it, trimmed (it is the expense's
 *   `CategoryCode`); categories without an account code add no account item.
 * - category / invoice_category: the category name, trimmed (the expense's `Category`). v1
 *   categories have no id, so a name used in several policies is one item.
 * - cost_center: the option `Code` of the cost-center extra field (setting `costCenterField`),
 *   plus each user's `CostingCode` (the builder's fallback) so every code an expense can carry
 *   can be mapped. Options without a code cannot be matched and are skipped.
 * - document_type: the option `Code` of the document-type extra field (setting `documentTypeField`).
 * - policy, user: the Rindegastos numeric id, as a decimal string.
 */
export const CATALOG_KINDS = [
  'account',
  'category',
  'invoice_category',
  'cost_center',
  'document_type',
  'policy',
  'user',
] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/** The kinds shown in Configuración › Centralización, by their URL segment. */
export const MAPPING_KINDS = {
  accounts: 'account',
  categories: 'category',
  'invoice-categories': 'invoice_category',
  'cost-centers': 'cost_center',
  'document-types': 'document_type',
} as const satisfies Record<string, CatalogKind>;
export type MappingKindSegment = keyof typeof MAPPING_KINDS;
export type MappingKind = (typeof MAPPING_KINDS)[MappingKindSegment];

export function isMappingKindSegment(value: string): value is MappingKindSegment {
  return Object.prototype.hasOwnProperty.call(MAPPING_KINDS, value);
}

/** Kinds mapped to a Debe/Haber pair. */
export const ACCOUNT_PAIR_KINDS: readonly CatalogKind[] = ['account', 'category', 'invoice_category'];

/** Spanish labels, for messages. */
export const KIND_LABELS: Record<CatalogKind, string> = {
  account: 'Cuenta',
  category: 'Categoría',
  invoice_category: 'Categoría de factura',
  cost_center: 'Centro de costo',
  document_type: 'Tipo de documento',
  policy: 'Política',
  user: 'Usuario',
};
