/**
 * Import preparation: a fetched report checked for keys, normalized (normalize.ts) and hashed,
 * before anything is written.
 */
import type { ExpenseInput, ReportInput } from '../accounting/model';
import type { RejectedRemoteReport, RemoteReport } from './model';
import { contentHash, normalizeExpense, normalizeReport } from './normalize';

/** A fetched report checked for keys, normalized and hashed, ready to be written. */
export interface PreparedReport {
  input: ReportInput;
  raw: Record<string, unknown>;
  expenses: { input: ExpenseInput; raw: Record<string, unknown> }[];
  hash: string;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function isKey(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/**
 * Normalizes and hashes one fetched report, or says why it cannot be stored. Only keys are
 * checked here: every other oddity is carried to the builder, which reports it.
 * NOTE: an expense listed twice (a page boundary moving during a fetch) is kept once, the last copy.
 */
export function prepareRemoteReport(item: RemoteReport): PreparedReport | RejectedRemoteReport {
  const raw = asRecord(item.report);
  const input = normalizeReport(raw);
  const problems: string[] = [];
  if (!isKey(input.id)) {
    problems.push(`El informe no tiene un Id válido (recibido: ${JSON.stringify(raw.Id ?? null)}).`);
  }
  const expenses = new Map<number, { input: ExpenseInput; raw: Record<string, unknown> }>();
  (Array.isArray(item.expenses) ? item.expenses : []).forEach((e, index) => {
    const rawExpense = asRecord(e);
    const expenseInput = normalizeExpense(rawExpense);
    if (!isKey(expenseInput.id)) {
      problems.push(
        `El gasto N° ${index + 1} del informe ${isKey(input.id) ? input.id : '?'} no tiene un Id válido (recibido: ${JSON.stringify(rawExpense.Id ?? null)}).`,
      );
      return;
    }
    expenses.delete(expenseInput.id);
    expenses.set(expenseInput.id, { input: expenseInput, raw: rawExpense });
  });
  if (problems.length) return { reportId: isKey(input.id) ? input.id : null, problems };
  const list = [...expenses.values()];
  return {
    input,
    raw,
    expenses: list,
    hash: contentHash(
      input,
      list.map((e) => e.input),
    ),
  };
}
