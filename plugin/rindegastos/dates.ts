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
