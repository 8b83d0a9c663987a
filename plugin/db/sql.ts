/** Small SQL helpers shared by the report and sync repositories. */

/** The escape character of every LIKE pattern we build (`… LIKE ? ESCAPE '!'`). */
export const LIKE_ESCAPE = '!';

/**
 * A `%text%` LIKE pattern matching `text` literally.
 * NOTE: `!` rather than a backslash as the escape character: a backslash inside a SQL string
 * literal means different things to MySQL and SQLite, `!` means the same to both.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}

/** Cuts text to a column's width (the full value stays in raw_json). */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max);
}

/** A number a BIGINT column can hold and give back exactly, or null. */
export function safeInteger(value: number): number | null {
  return Number.isSafeInteger(value) ? value : null;
}

/** A count or id as the driver returns it (mysql2 may return BIGINT as a string) → number. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
