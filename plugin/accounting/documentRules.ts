/**
 * The document rules of the builder (README › How a report becomes a voucher): duplicate
 * facturas and boletas de honorarios, the advertencias that never block, and the closed-period
 * policy. Pure functions over the build input.
 */
import { expenseFacts, type ExpenseFacts } from './expenseFacts';
import { expenseSubject } from './expenseLines';
import { describeExpense } from './messages';
import type { BookedDocumentEntry, BuildInput, DateShift, ExpenseInput } from './model';
import { normalizeDocumentCode } from './documentKinds';
import type { ProblemCollector } from './ProblemCollector';
import { sanitizeExpense } from './sanitize';
import { formatRut, normalizeRut, sameRut } from './rut';
import { calendarDay, dayMs } from '../rindegastos/dates';

/**
 * The identity of a document in the company's books: a factura is its supplier's RUT, SII type and
 * folio; a boleta de honorarios its provider's RUT and number. Null when the expense is no such
 * document (or a foreign one) or lacks a valid RUT or the number: it cannot be checked.
 */
export function documentKeyOf(facts: ExpenseFacts): string | null {
  if (facts.foreign) return null;
  const rut = normalizeRut(facts.supplierRut);
  const number = facts.folio
    .trim()
    .replace(/^0+(?=\d)/, '')
    .toUpperCase();
  if (!rut || !number) return null;
  if (facts.kind === 'factura') {
    const type = normalizeDocumentCode(facts.documentCode);
    return type ? `factura:${rut}:${type}:${number}` : null;
  }
  if (facts.kind === 'honorarios') return `honorarios:${rut}:${number}`;
  return null;
}

/** The document keys of a report's approved expenses (what the duplicate check must look up). */
export function documentKeysOf(input: BuildInput): string[] {
  const keys = input.expenses
    .filter((e) => e.status === 1)
    .map((e) => documentKeyOf(expenseFacts(sanitizeExpense(e), input)));
  return [...new Set(keys.filter((k): k is string => k !== null))];
}

/** What the voucher of `part` books for this expense, or null when it is neither factura nor honorarios. */
export function bookedEntryOf(part: string, facts: ExpenseFacts): BookedDocumentEntry | null {
  const { expense, kind } = facts;
  if (facts.foreign || (kind !== 'factura' && kind !== 'honorarios')) return null;
  const formatted = formatRut(facts.supplierRut);
  return {
    part,
    expenseId: expense.id,
    kind,
    key: documentKeyOf(facts),
    rut: formatted ?? facts.supplierRut.trim(),
    rutValid: formatted !== null,
    name: expense.supplier.trim(),
    number: facts.folio.trim(),
    issueDate: calendarDay(expense.issueDate) ?? '',
    gross: expense.total,
    retention: kind === 'honorarios' ? expense.retention : 0,
  };
}

function documentLabel(facts: ExpenseFacts): string {
  const rut = formatRut(facts.supplierRut) ?? facts.supplierRut;
  return facts.kind === 'factura'
    ? `factura tipo ${facts.documentCode.trim()} N° ${facts.folio.trim()} de ${rut}`
    : `boleta de honorarios N° ${facts.folio.trim()} de ${rut}`;
}

/**
 * Blocks every approved expense whose document is already booked in a live voucher of another
 * report, or appears twice in this report (from its second appearance), unless the accountant
 * released that expense ("no es duplicado").
 */
export function checkDuplicates(
  facts: readonly ExpenseFacts[],
  input: BuildInput,
  problems: ProblemCollector,
): void {
  const firstInReport = new Map<string, ExpenseInput>();
  for (const f of facts) {
    const key = documentKeyOf(f);
    if (!key) continue;
    const released = input.releasedExpenseIds.has(f.expense.id);
    const booked = input.bookedDocuments.get(key);
    const earlier = firstInReport.get(key);
    if (!earlier) firstInReport.set(key, f.expense);
    if (released) continue;
    const where = booked
      ? `ya está contabilizada en el comprobante N° ${booked.voucherNumber} del informe N° ${booked.reportNumber} (gasto ${booked.expenseId})`
      : earlier
        ? `aparece dos veces en este informe (también en el ${describeExpense(earlier)})`
        : null;
    if (!where) continue;
    const label = documentLabel(f);
    problems.add(
      'duplicate_document',
      expenseSubject(f.expense.id),
      () =>
        `Documento duplicado: la ${label} del ${describeExpense(f.expense)} ${where}. ` +
        'Rechace el gasto en Rindegastos o, si no es un duplicado, márquelo «no es duplicado» en el detalle del informe.',
      { expenseIds: [f.expense.id] },
    );
  }
}

/** Advertencias (never blocking): a factura from the company's own RUT; an expense issued long before the close. */
export function collectWarnings(
  facts: readonly ExpenseFacts[],
  input: BuildInput,
  warnings: ProblemCollector,
): void {
  const { settings, report } = input;
  const close = calendarDay(report.closeDate);
  const maxDays = Number.isSafeInteger(settings.staleExpenseDays) ? settings.staleExpenseDays : 0;
  for (const f of facts) {
    const { expense } = f;
    if (f.kind === 'factura' && input.companyRut && sameRut(f.supplierRut, input.companyRut)) {
      warnings.add(
        'own_rut_supplier',
        expenseSubject(expense.id),
        () =>
          `Advertencia: el ${describeExpense(expense)} es una factura con el RUT de la propia empresa ` +
          `(${formatRut(input.companyRut)}) como proveedor. Revise el campo «${settings.supplierRutField}» en Rindegastos.`,
        { expenseIds: [expense.id] },
      );
    }
    const issued = calendarDay(expense.issueDate);
    if (maxDays > 0 && close && issued) {
      const days = Math.round((dayMs(close) - dayMs(issued)) / 86_400_000);
      if (days > maxDays) {
        warnings.add(
          'stale_expense',
          expenseSubject(expense.id),
          () =>
            `Advertencia: el ${describeExpense(expense)} tiene fecha ${issued}, ${days} días antes del cierre del ` +
            `informe (${close}); el límite es ${maxDays} días (Configuración › General).`,
          { expenseIds: [expense.id] },
        );
      }
    }
  }
}

/** The `YYYY-MM` after `period`. */
function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Applies the closed-period policy to the voucher date: null when its period is open; else the
 * first day of the next open period (policy "primer día abierto"), or "rechazar" when it blocks.
 */
export function closedPeriodShift(date: string, input: BuildInput): DateShift | 'rechazar' | null {
  const period = date.slice(0, 7);
  if (!input.closedPeriods.has(period)) return null;
  if (input.settings.closedPeriodPolicy !== 'primerDiaAbierto') return 'rechazar';
  let next = nextPeriod(period);
  // Bounded: a ledger cannot have closed more periods than it lists.
  for (let i = 0; i <= input.closedPeriods.size && input.closedPeriods.has(next); i++)
    next = nextPeriod(next);
  return { from: date, to: `${next}-01`, closedPeriod: period };
}

export function closedPeriodMessage(period: string, date: string): string {
  return (
    `El período ${period} está cerrado en la contabilidad y el comprobante tendría fecha ${date}. ` +
    'Abra el período en el ERP, o elija «primer día abierto» en Configuración › General › Período cerrado.'
  );
}

/** What the voucher glosa says at its end when the date moved. */
export function dateShiftGlosa(shift: DateShift): string {
  return `(período ${shift.closedPeriod} cerrado, fecha original ${shift.from})`;
}

/** What each line's origin note says when the date moved. */
export function dateShiftNote(shift: DateShift): string {
  return (
    `Contabilizado el ${shift.to}, primer día del siguiente período abierto: el período ` +
    `${shift.closedPeriod} está cerrado y la fecha original era ${shift.from}.`
  );
}
