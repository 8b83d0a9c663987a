import { RutFormat, cleanRut, formatRut as formatRutLike, validateRut } from '@fdograph/rut-utilities';

/**
 * Chilean RUTs (módulo 11) through @fdograph/rut-utilities. Placeholder RUTs made of one
 * repeated digit (11.111.111-1 …) pass módulo 11 but identify nobody, so they count as
 * invalid: an auxiliary ("ficha") on such a RUT would be a fake one.
 */

/** Digits and check digit without dots or dash, upper-case K ("123456785"), or null when invalid. */
export function normalizeRut(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const compact = raw.trim().replace(/\s+/g, '');
  if (!validateRut(compact, true)) return null;
  const clean = cleanRut(compact).toUpperCase().replace(/^0+/, '');
  return clean.length >= 2 ? clean : null;
}

export function isValidRut(raw: string | null | undefined): boolean {
  return normalizeRut(raw) !== null;
}

/** "12.345.678-5", or null when the RUT is invalid. */
export function formatRut(raw: string | null | undefined): string | null {
  const normalized = normalizeRut(raw);
  return normalized === null ? null : formatRutLike(normalized, RutFormat.DOTS_DASH);
}

/** True when both are valid RUTs of the same person or company, however they are written. */
export function sameRut(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = normalizeRut(a);
  return left !== null && left === normalizeRut(b);
}
