import { calendarDay } from '../rindegastos/dates';
import type { BuildInput, ExpenseInput } from './model';

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
      return calendarDay(input.report.sendDate);
    case 'lastExpense': {
      const dates = approved.map((e) => calendarDay(e.issueDate)).filter((d): d is string => d !== null);
      return dates.length > 0 ? dates.reduce((a, b) => (b > a ? b : a)) : null;
    }
    case 'posting':
      return calendarDay(input.postingDate);
    case 'close':
    default:
      return calendarDay(input.report.closeDate);
  }
}
