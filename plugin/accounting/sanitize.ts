import type { ExtraField } from '../rindegastos/api';
import type { ExpenseInput, ReportInput, UserInput } from './model';

/**
 * The builder's input comes from Rindegastos payloads; a wrong-typed or missing field must
 * become a typed problem, never a crash. Text fields are coerced here ("" when unusable);
 * amounts are left untouched so their validation reports them as they came.
 */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function sanitizeReport(report: ReportInput): ReportInput {
  return {
    ...report,
    number: text(report.number),
    title: text(report.title),
    employeeName: text(report.employeeName),
    employeeIdentification: text(report.employeeIdentification),
    policyName: text(report.policyName),
    sendDate: text(report.sendDate),
    closeDate: text(report.closeDate),
    currency: text(report.currency),
  };
}

export function sanitizeExpense(expense: ExpenseInput): ExpenseInput {
  return {
    ...expense,
    id: typeof expense.id === 'number' ? expense.id : Number(text(expense.id) || NaN),
    supplier: text(expense.supplier),
    issueDate: text(expense.issueDate),
    originalCurrency: text(expense.originalCurrency),
    currency: text(expense.currency),
    category: text(expense.category),
    categoryCode: text(expense.categoryCode),
    extraFields: sanitizeExtraFields(expense.extraFields),
  };
}

export function sanitizeUser(user: UserInput | undefined): UserInput | undefined {
  if (!user || typeof user !== 'object') return undefined;
  return {
    ...user,
    name: text(user.name),
    identification: text(user.identification),
    costingCode: text(user.costingCode),
  };
}

function sanitizeExtraFields(fields: unknown): ExtraField[] {
  if (!Array.isArray(fields)) return [];
  return fields
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
    .map((f) => ({ Name: text(f.Name), Value: text(f.Value), Code: text(f.Code) }));
}
