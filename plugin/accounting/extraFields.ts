import type { ExtraField } from '../rindegastos/api';

/**
 * Extra fields are company-defined; their names are matched ignoring case, accents and
 * spacing, so "Numero de documento" finds "Número de Documento".
 */
export function findExtraField(
  fields: readonly ExtraField[] | undefined,
  name: string,
): ExtraField | undefined {
  const wanted = fieldKey(name);
  if (wanted === '' || !fields) return undefined;
  return fields.find((f) => typeof f?.Name === 'string' && fieldKey(f.Name) === wanted);
}

/** The option `Code` of a list field (document type, cost center); "" when absent. */
export function extraFieldCode(fields: readonly ExtraField[] | undefined, name: string): string {
  return text(findExtraField(fields, name)?.Code);
}

/** What the user typed in a text field (RUT, folio): `Value`, else `Code`; "" when absent. */
export function extraFieldText(fields: readonly ExtraField[] | undefined, name: string): string {
  const field = findExtraField(fields, name);
  return text(field?.Value) || text(field?.Code);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function fieldKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
