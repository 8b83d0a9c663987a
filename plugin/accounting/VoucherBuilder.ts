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
import type { BuildInput, BuildResult, BuiltVoucher, ExpenseInput, ProblemSubject } from './model';
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
  const reportSubject: ProblemSubject = { kind: 'report', key: String(report.id) };

  if (report.status !== 1) problems.add('report_not_closed', reportSubject, messages.reportNotClosed(report));
  const approved = input.expenses.filter((e) => e.status === 1);
  if (approved.length === 0) {
    problems.add('no_approved_expenses', reportSubject, messages.noApprovedExpenses(report));
    return { ok: false, problems: problems.list() };
  }

  const voucherType = readText(settings.voucherType).trim();
  if (!voucherType) {
    problems.add('missing_setting', { kind: 'setting', key: 'voucherType' }, messages.missingVoucherType());
  }
  const date = resolveVoucherDate(input, approved);
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
  const glosa = cutGlosa(
    renderGlosa(readText(settings.glosaTemplate), glosaValues(report)),
    ledger.glosaMaxLength,
  );

  const employee = resolveEmployee(input);
  // By position, not by id: two expenses sharing an id must still both be posted.
  const linesPerExpense = approved.map((expense) => expenseLines(expense, input, employee, glosa, problems));

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
  if (problems.size > 0) return { ok: false, problems: problems.list() };

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
  if (problems.size > 0) return { ok: false, problems: problems.list() };
  return { ok: true, vouchers };
}

/** One approved expense's finished lines; every problem it has goes to the collector. */
function expenseLines(
  expense: ExpenseInput,
  input: BuildInput,
  employee: ReturnType<typeof resolveEmployee>,
  reportGlosa: string,
  problems: ProblemCollector,
): DraftLine[] {
  if (!sameCurrency(expense.currency, input.companyCurrency)) {
    problems.add(
      'unknown_currency',
      expenseSubject(expense.id),
      messages.unknownCurrency(expense, input.companyCurrency),
      { expenseIds: [expense.id] },
    );
  }
  const facts: ExpenseFacts = expenseFacts(expense, input);
  const plan = planExpense(facts, input, problems, reportGlosa);
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
