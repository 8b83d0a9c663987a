/** Calendar days as integers (days since 1970-01-01, UTC), the sandbox's unit for every date filter. */

const DAY_MS = 86_400_000;

function parseDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

// Formatting dates is the generator's hottest path; the days it uses fit a small table.
const TABLE_START = parseDay('2020-01-01');
const TABLE = Array.from({ length: 366 * 10 }, (_, k) =>
  new Date((TABLE_START + k) * DAY_MS).toISOString().slice(0, 10),
);
const INDEX = new Map(TABLE.map((d, k) => [d, TABLE_START + k]));

export function dayOf(date: string): number {
  return INDEX.get(date.length === 10 ? date : date.slice(0, 10)) ?? parseDay(date);
}

export function dateOf(day: number): string {
  const k = day - TABLE_START;
  return k >= 0 && k < TABLE.length ? TABLE[k] : new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(dayOf(text)) && dateOf(dayOf(text)) === text;
}

/** The same calendar day one year later (Feb 29 → Mar 1). */
export function addOneYear(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate()) / DAY_MS;
}

/** Today's calendar date in Chile (America/Santiago), YYYY-MM-DD. */
export function chileToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago' }).format(now);
}

/** "2025-06-13 08:02:45" (or a bare date) moved by whole days; "" stays "". */
export function shiftDateText(text: string, days: number): string {
  if (days === 0 || !/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  return dateOf(dayOf(text.slice(0, 10)) + days) + text.slice(10);
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

const MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

export function monthNameOf(day: number): string {
  return MONTHS[new Date(day * DAY_MS).getUTCMonth()];
}
