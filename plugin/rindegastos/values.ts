/**
 * Reading the loose values of the v1 API (rindegastos-api.md §2.6, §4.2, §5.2): money may come as
 * numbers or strings, strings as "" or null, ids as 0 when missing. These functions never throw:
 * a value that cannot be read is NaN (amounts, ids, statuses), "" (text) or the text received
 * (dates). The one text coercion of the plugin: the import, the voucher builder and the
 * extra-field lookups all read text with `readText`.
 */
import type { ExtraField } from './api';

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]*Z?)?$/;

/**
 * A money or numeric field. Numbers pass (non-finite → NaN); numeric strings ("59500",
 * "59500.00", " 12 ") are parsed; null, undefined and "" are `absent`; anything else
 * ("59,5", "abc", true, {}) is NaN.
 *
 * NOTE: "59.500" parses as 59.5, not 59 500: the API sends JSON numbers, and guessing a
 * thousands separator could post the wrong amount; a non-integral peso amount is reported by
 * the builder instead.
 */
export function readNumber(value: unknown, absent: number): number {
  if (value === null || value === undefined) return absent;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return absent;
    return DECIMAL.test(s) ? Number(s) : NaN;
  }
  return NaN;
}

/** An id: a non-negative safe integer (number or digit string); missing → `absent`; else NaN. */
export function readId(value: unknown, absent: number): number {
  const n = readNumber(value, absent);
  if (Number.isNaN(n)) return NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : NaN;
}

/** A status code: an integer; missing or unreadable → NaN (so "not closed"/"not approved"). */
export function readStatus(value: unknown): number {
  const n = readNumber(value, NaN);
  return Number.isInteger(n) ? n : NaN;
}

/** Text: strings trimmed; numbers and booleans as text; null, undefined and objects → "". */
export function readText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * A date: `YYYY-MM-DD`, also accepting a time after it ("2025-06-20 00:00:00"); missing → "".
 * Any other text is carried as received so the problem names it.
 */
export function readDate(value: unknown): string {
  const s = readText(value);
  const m = ISO_DATE_PREFIX.exec(s);
  return m ? m[1] : s;
}

export function readExtraFields(value: unknown): ExtraField[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null && !Array.isArray(f))
    .map((f) => ({ Name: readText(f.Name), Value: readText(f.Value), Code: readText(f.Code) }));
}
