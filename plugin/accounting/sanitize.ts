import { readExtraFields, readText } from '../rindegastos/values';
import type { ExpenseInput, ReportInput, UserInput } from './model';

/**
 * The builder's input is normalized at import (reports/normalize.ts), but the builder is also
 * called with hand-made input (preview, tests): a wrong-typed or missing field must become a
 * typed problem, never a crash. Text is coerced with the import's own `readText`; amounts are
 * left untouched so their validation reports them as they came.
 */
export function sanitizeReport(report: ReportInput): ReportInput {
  return {
    ...report,
    number: readText(report.number),
    title: readText(report.title),
    employeeName: readText(report.employeeName),
    employeeIdentification: readText(report.employeeIdentification),
    policyName: readText(report.policyName),
    sendDate: readText(report.sendDate),
    closeDate: readText(report.closeDate),
    currency: readText(report.currency),
  };
}

export function sanitizeExpense(expense: ExpenseInput): ExpenseInput {
  return {
    ...expense,
    id: typeof expense.id === 'number' ? expense.id : Number(readText(expense.id) || NaN),
    supplier: readText(expense.supplier),
    issueDate: readText(expense.issueDate),
    originalCurrency: readText(expense.originalCurrency),
    currency: readText(expense.currency),
    category: readText(expense.category),
    categoryCode: readText(expense.categoryCode),
    extraFields: readExtraFields(expense.extraFields),
  };
}

export function sanitizeUser(user: UserInput | undefined): UserInput | undefined {
  if (!user || typeof user !== 'object') return undefined;
  return {
    ...user,
    name: readText(user.name),
    identification: readText(user.identification),
    costingCode: readText(user.costingCode),
  };
}
