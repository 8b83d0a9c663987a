import type { BuildInput, ExpenseInput } from './model';

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "YYYY-MM-DD" from a date or timestamp string, or null when it is empty or not a calendar date. */
export function toIsoDate(value: string | null | undefined): string | null {
  const m = DATE.exec((value ?? '').trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const ok =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d);
  return ok ? `${y}-${mo}-${d}` : null;
}

/** What each date option means, in Spanish, for the missing-date message. */
export const DATE_LABELS: Record<BuildInput['settings']['voucherDate'], string> = {
  close: 'fecha de cierre',
  send: 'fecha de envío',
  lastExpense: 'fecha de emisión en sus gastos aprobados',
  posting: 'fecha de contabilización',
};

/** The voucher date per settings.voucherDate, or null when the needed date is missing. */
export function resolveVoucherDate(input: BuildInput, approved: readonly ExpenseInput[]): string | null {
  switch (input.settings.voucherDate) {
    case 'send':
      return toIsoDate(input.report.sendDate);
    case 'lastExpense': {
      const dates = approved.map((e) => toIsoDate(e.issueDate)).filter((d): d is string => d !== null);
      return dates.length > 0 ? dates.reduce((a, b) => (b > a ? b : a)) : null;
    }
    case 'posting':
      return toIsoDate(input.postingDate);
    case 'close':
    default:
      return toIsoDate(input.report.closeDate);
  }
}
