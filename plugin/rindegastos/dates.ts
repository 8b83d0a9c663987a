import { isCalendarDate } from '../../shared/validation/inputRules';

/**
 * Chile-time helpers: Rindegastos' dates are Chilean calendar days and times (the API's implied
 * time zone, §2.2), whatever the server's zone.
 */

const CHILE = 'America/Santiago';

// NOTE: built once: constructing an Intl.DateTimeFormat costs ~0.3 ms, and the write-back
// formats one date per integration mark (one per approved expense).
const chileDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHILE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const chileDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: CHILE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Today's date in Chile as YYYY-MM-DD. */
export function chileToday(now: Date): string {
  return chileDay.format(now);
}

/** `YYYY-MM-DD HH:MM:SS`, the IntegrationDate format Rindegastos documents, in Chile's time. */
export function integrationDate(iso: string): string {
  const parts = chileDateTime.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

/**
 * "YYYY-MM-DD" from a date or timestamp string (its first ten characters), or null when it is
 * empty or not a calendar date ("2026-02-30").
 */
export function calendarDay(value: string | null | undefined): string | null {
  const day = DAY.exec((value ?? '').trim())?.[0];
  return day !== undefined && isCalendarDate(day) ? day : null;
}

/** Milliseconds of a YYYY-MM-DD day at 00:00 UTC (day arithmetic only; no time zone involved). */
export function dayMs(day: string): number {
  const valid = calendarDay(day);
  if (valid === null || valid.length !== day.length) throw new RangeError(`fecha inválida: ${day}`);
  return Date.parse(`${valid}T00:00:00.000Z`);
}

/** The YYYY-MM-DD of `dayMs` milliseconds. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The same Chilean day one year before `now` as YYYY-MM-DD (29 Feb → 28 Feb). */
export function oneYearBefore(now: Date): string {
  const [y, m, d] = chileToday(now).split('-').map(Number);
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return dayOf(Date.UTC(y - 1, m - 1, Math.min(d, lastDay)));
}

/** True for a `YYYY-MM-DD` date (what the date columns hold). */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
