/** Small SQL helpers shared by the report and sync repositories. */

/**
 * True when a knex error is a unique-key violation, on either engine.
 * NOTE: the engines report it differently (SQLite `SQLITE_CONSTRAINT_UNIQUE` /
 * `SQLITE_CONSTRAINT_PRIMARYKEY`, MySQL/MariaDB `ER_DUP_ENTRY` 1062); this is the one place that knows.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errno?: unknown };
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'ER_DUP_ENTRY' ||
    e.errno === 1062
  );
}

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
