/**
 * The pure voucher builder (DESIGN.md §7, chile-accounting.md §2–§3): a closed report and
 * its expenses, the company's Centralización, settings and ledger metadata in; balanced
 * voucher drafts or the complete list of problems out — never a partial voucher. No I/O.
 */
import type { VoucherDraft } from '../host/Ledger';
import { draftTotals } from './balance';
import { expenseFacts, sameCurrency, type ExpenseFacts } from './expenseFacts';
import { expenseSubject, planExpense } from './expenseLines';
import { cutGlosa, glosaValues, renderGlosa } from './glosa';
import {
  analyzeLine,
  mappedBusinessCenter,
  reportUnmappedCostCenter,
  resolveEmployee,
  type DraftLine,
} from './lineAnalyses';
import { arrangeLines } from './mergeLines';
import { messages } from './messages';
import {
  bookedEntryOf,
  checkDuplicates,
  closedPeriodMessage,
  closedPeriodShift,
  collectWarnings,
  dateShiftGlosa,
  dateShiftNote,
} from './documentRules';
import type {
  BookedDocumentEntry,
  BuildInput,
  BuildResult,
  BuiltVoucher,
  DateShift,
  ProblemSubject,
} from './model';
import { ProblemCollector } from './ProblemCollector';
import { readText } from '../rindegastos/values';
import { sanitizeExpense, sanitizeReport } from './sanitize';
import { DATE_LABELS, resolveVoucherDate } from './voucherDate';

export const VOUCHER_SOURCE = 'rindegastos';

export function buildVouchers(raw: BuildInput): BuildResult {
  const input: BuildInput = {
    ...raw,
    report: sanitizeReport(raw.report),
    expenses: (Array.isArray(raw.expenses) ? raw.expenses : []).map(sanitizeExpense),
  };
  const { report, settings, ledger } = input;
  const problems = new ProblemCollector();
  const warnings = new ProblemCollector();
  const reportSubject: ProblemSubject = { kind: 'report', key: String(report.id) };

  if (report.status !== 1) problems.add('report_not_closed', reportSubject, messages.reportNotClosed(report));
  const approved = input.expenses.filter((e) => e.status === 1);
  if (approved.length === 0) {
    problems.add('no_approved_expenses', reportSubject, messages.noApprovedExpenses(report));
    return { ok: false, problems: problems.list(), warnings: [] };
  }

  const voucherType = readText(settings.voucherType).trim();
  if (!voucherType) {
    problems.add('missing_setting', { kind: 'setting', key: 'voucherType' }, messages.missingVoucherType());
  }
  let date = resolveVoucherDate(input, approved);
  let dateShift: DateShift | null = null;
  if (date !== null) {
    const shift = closedPeriodShift(date, input);
    if (shift === 'rechazar') {
      const closed = date;
      problems.add('closed_period', { kind: 'report', key: String(report.id) }, () =>
        closedPeriodMessage(closed.slice(0, 7), closed),
      );
    } else if (shift) {
      dateShift = shift;
      date = shift.to;
    }
  }
  if (date === null) {
    problems.add(
      'missing_date',
      reportSubject,
      messages.missingDate(report, DATE_LABELS[settings.voucherDate]),
      {
        expenseIds: settings.voucherDate === 'lastExpense' ? approved.map((e) => e.id) : [],
      },
    );
  }
  const glosa = voucherGlosa(
    renderGlosa(readText(settings.glosaTemplate), glosaValues(report)),
    dateShift,
    ledger.glosaMaxLength,
  );

  const employee = resolveEmployee(input);
  const facts = approved.map((expense) => expenseFacts(expense, input));
  checkDuplicates(facts, input, problems);
  collectWarnings(facts, input, warnings);
  // By position, not by id: two expenses sharing an id must still both be posted.
  const linesPerExpense = facts.map((f) => expenseLines(f, input, employee, glosa, dateShift, problems));

  const parts: [string, DraftLine[]][] =
    settings.grouping === 'expense'
      ? approved.map((e, i) => [String(e.id), linesPerExpense[i]])
      : [['report', linesPerExpense.flat()]];
  const nonEmpty = parts.filter(([, lines]) => lines.length > 0);
  if (problems.size === 0 && nonEmpty.length === 0) {
    problems.add('empty_voucher', reportSubject, messages.emptyVoucher(report), {
      expenseIds: approved.map((e) => e.id),
    });
  }
  if (problems.size > 0) return { ok: false, problems: problems.list(), warnings: warnings.list() };

  const vouchers: BuiltVoucher[] = nonEmpty.map(([part, lines]) => ({
    part,
    draft: {
      source: VOUCHER_SOURCE,
      type: voucherType,
      date: date as string,
      glosa,
      currency: input.companyCurrency,
      lines: arrangeLines(lines, settings.mergeLines, glosa, ledger.glosaMaxLength),
    } satisfies VoucherDraft,
  }));

  for (const { part, draft } of vouchers) {
    const totals = draftTotals(draft);
    if (!totals.balanced) {
      problems.add(
        'unbalanced',
        { kind: 'report', key: part === 'report' ? String(report.id) : `${report.id}:${part}` },
        messages.unbalanced(report, part, totals.debit, totals.credit),
        { expenseIds: [...new Set(draft.lines.flatMap((l) => l.origin?.expenseIds ?? []))] },
      );
    }
  }
  if (problems.size > 0) return { ok: false, problems: problems.list(), warnings: warnings.list() };
  const documents = facts
    .map((f) => bookedEntryOf(settings.grouping === 'expense' ? String(f.expense.id) : 'report', f))
    .filter((d): d is BookedDocumentEntry => d !== null && vouchers.some((v) => v.part === d.part));
  return { ok: true, vouchers, documents, warnings: warnings.list(), dateShift };
}

/** The voucher glosa; a date moved out of a closed period is said at its end, which is never cut. */
function voucherGlosa(rendered: string, shift: DateShift | null, max: number): string {
  if (!shift) return cutGlosa(rendered, max);
  const suffix = ` ${dateShiftGlosa(shift)}`;
  const room = Number.isFinite(max) && max > 0 ? max - suffix.length : 0;
  return room > 0 ? cutGlosa(rendered, room) + suffix : cutGlosa(rendered + suffix, max);
}

/** One approved expense's finished lines; every problem it has goes to the collector. */
function expenseLines(
  facts: ExpenseFacts,
  input: BuildInput,
  employee: ReturnType<typeof resolveEmployee>,
  reportGlosa: string,
  dateShift: DateShift | null,
  problems: ProblemCollector,
): DraftLine[] {
  const { expense } = facts;
  if (!sameCurrency(expense.currency, input.companyCurrency)) {
    problems.add(
      'unknown_currency',
      expenseSubject(expense.id),
      messages.unknownCurrency(expense, input.companyCurrency),
      { expenseIds: [expense.id] },
    );
  }
  const plan = planExpense(facts, input, problems, reportGlosa);
  if (dateShift) {
    const note = dateShiftNote(dateShift);
    for (const planned of plan.lines) planned.notes.push(note);
  }
  const lines: DraftLine[] = [];
  let unresolved = plan.unresolved;
  for (const planned of plan.lines) {
    const line = analyzeLine(planned, facts, employee, input, problems);
    if (line) lines.push(line);
    else unresolved = true;
  }
  // NOTE: while an account of the expense is still unknown we cannot tell whether it will need a
  // business center; an unmapped cost center is reported now so the accountant fixes everything
  // in one pass instead of discovering it after mapping the category.
  if (unresolved && facts.costCenterCode && !mappedBusinessCenter(facts.costCenterCode, input)) {
    reportUnmappedCostCenter(facts, input, problems);
  }
  return lines;
}
