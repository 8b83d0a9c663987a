import { documentKindOf } from './documentKinds';
import { extraFieldCode, extraFieldText } from '../rindegastos/extraFields';
import type { BuildInput, DocumentKind, ExpenseInput } from './model';
import { readText } from '../rindegastos/values';
import { sanitizeUser } from './sanitize';

/** What the builder reads off one expense before choosing accounts. */
export interface ExpenseFacts {
  expense: ExpenseInput;
  /** The document-type field's option Code as sent ("" when absent). */
  documentCode: string;
  /** Kind of the document code (company mapping, else SII defaults). */
  declaredKind: DocumentKind;
  /**
   * Kind the lines follow. A foreign-currency document is posted like "other": its Net/Tax
   * are not Chilean IVA and its amounts are not pesos, so only the converted Total is used.
   */
  kind: DocumentKind;
  foreign: boolean;
  /** Cost-center code from the expense's field, else the user's CostingCode ("" when neither). */
  costCenterCode: string;
  supplierRut: string;
  folio: string;
}

export function sameCurrency(a: unknown, b: unknown): boolean {
  return readText(a).trim().toUpperCase() === readText(b).trim().toUpperCase();
}

export function expenseFacts(expense: ExpenseInput, input: BuildInput): ExpenseFacts {
  const { settings, mappings } = input;
  const documentCode = extraFieldCode(expense.extraFields, settings.documentTypeField);
  const declaredKind = documentKindOf(documentCode, mappings.documentTypes);
  const original = expense.originalCurrency.trim();
  const foreign = original !== '' && !sameCurrency(original, input.companyCurrency);
  const user = sanitizeUser(input.users.get(expense.userId) ?? input.users.get(input.report.employeeId));
  const costCenterCode =
    extraFieldCode(expense.extraFields, settings.costCenterField) || (user?.costingCode ?? '').trim();
  return {
    expense,
    documentCode,
    declaredKind,
    kind: foreign ? 'other' : declaredKind,
    foreign,
    costCenterCode,
    supplierRut: extraFieldText(expense.extraFields, settings.supplierRutField),
    folio: extraFieldText(expense.extraFields, settings.documentNumberField),
  };
}
