/**
 * Rindegastos extra fields ("Tipo de Documento", "Centro de Costo" …) are company-defined, and
 * their names are typed by people: "Centro de costo ", "Número  de documento". Every part of the
 * plugin that finds a field by name — the voucher builder, the catalog import and the reports
 * store — uses these functions, so they always agree on which field a setting names.
 */
import type { ExtraField } from './api';
import { readText } from './values';

/**
 * Lower case without accents or surrounding spaces: "  Pérez " → "perez". Inner spaces are
 * kept: the Informes search folds its stored text and the typed query with this.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

// Field names repeat on every expense and folding (NFD + regex) is the costly part of reading
// them on the import's hot path, so keys are remembered. Bounded: a payload with ever-new names
// only empties the memo.
const fieldNameKeys = new Map<string, string>();

/** What two field names are compared by: folded, inner runs of white space as one space. */
function fieldNameKey(name: string): string {
  let key = fieldNameKeys.get(name);
  if (key === undefined) {
    if (fieldNameKeys.size >= 1000) fieldNameKeys.clear();
    key = foldText(name).replace(/\s+/g, ' ');
    fieldNameKeys.set(name, key);
  }
  return key;
}

/** True when two field names are the same ignoring case, accents and spacing. */
export function sameFieldName(a: string, b: string): boolean {
  return fieldNameKey(a) === fieldNameKey(b);
}

/**
 * The first field named `name` (ignoring case, accents and spacing), so "Numero de documento"
 * finds "Número de Documento"; undefined for a blank name or when there is none.
 */
export function findExtraField<F extends { Name: unknown }>(
  fields: readonly F[] | undefined,
  name: string,
): F | undefined {
  const wanted = fieldNameKey(name);
  if (wanted === '' || !fields) return undefined;
  return fields.find(
    (f) => typeof f?.Name === 'string' && (f.Name === name || fieldNameKey(f.Name) === wanted),
  );
}

/** The option `Code` of a list field (document type, cost center); "" when absent. */
export function extraFieldCode(fields: readonly ExtraField[] | undefined, name: string): string {
  return readText(findExtraField(fields, name)?.Code);
}

/** What the user typed in a text field (RUT, folio): `Value`, else `Code`; "" when absent. */
export function extraFieldText(fields: readonly ExtraField[] | undefined, name: string): string {
  const field = findExtraField(fields, name);
  return readText(field?.Value) || readText(field?.Code);
}
