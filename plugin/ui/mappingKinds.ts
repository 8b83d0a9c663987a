/** The Centralización lists: their API segment, tab label and what a mapping sets. */

export type MappingSegment =
  'accounts' | 'categories' | 'invoice-categories' | 'cost-centers' | 'document-types';

export interface MappingKind {
  segment: MappingSegment;
  /** The tab and the menu path's last step. */
  label: string;
  /** The problem subjects' kind (`/issues`) of this list. */
  subjectKind: string;
  fields: 'accounts' | 'businessCenter' | 'documentKind';
}

export const MAPPING_KINDS: readonly MappingKind[] = [
  { segment: 'accounts', label: 'Cuentas', subjectKind: 'account', fields: 'accounts' },
  { segment: 'categories', label: 'Categorías', subjectKind: 'category', fields: 'accounts' },
  {
    segment: 'invoice-categories',
    label: 'Categorías de factura',
    subjectKind: 'invoice_category',
    fields: 'accounts',
  },
  {
    segment: 'cost-centers',
    label: 'Centros de costo',
    subjectKind: 'cost_center',
    fields: 'businessCenter',
  },
  {
    segment: 'document-types',
    label: 'Tipos de documento',
    subjectKind: 'document_type',
    fields: 'documentKind',
  },
];

export function kindOfSubject(subjectKind: string | undefined): MappingKind | undefined {
  return MAPPING_KINDS.find((k) => k.subjectKind === subjectKind);
}

export const DOCUMENT_KIND_LABELS: Record<string, string> = {
  factura: 'Factura (IVA crédito fiscal)',
  boleta: 'Boleta',
  honorarios: 'Boleta de honorarios (retención)',
  other: 'Otro documento',
};
