/**
 * Spanish (es-CL) texts of every problem. Each names the exact item to fix and where: the
 * accountant reads them in the Informes detail and the issues list.
 */
import type { ExpenseInput, ReportInput } from './model';
import { LEDGER_FAULTS, type AccountFault, type BusinessCenterFault } from './LedgerIndex';
import { joinSpanish, type ProblemRenderer } from './ProblemCollector';
import { mappingRule, type MappingSource } from './mapping';
import { formatNumber } from './money';

/** The plugin's configuration screens by their real menu path, as the user finds them. */
const CONFIGURATION = 'Contabilidad › Contabilidad › Rindegastos › Configuración';

export const WHERE = {
  categories: `${CONFIGURATION} › Centralización › Categorías`,
  invoiceCategories: `${CONFIGURATION} › Centralización › Categorías de factura`,
  accounts: `${CONFIGURATION} › Centralización › Cuentas`,
  costCenters: `${CONFIGURATION} › Centralización › Centros de costo`,
  general: `${CONFIGURATION} › General`,
} as const;

/** How an account got onto a line: its origin rule and, for messages, the item that chose it. */
export interface AccountUse {
  rule: string;
  label: string;
}

export function mappingUse(source: MappingSource, side: 'debit' | 'credit'): AccountUse {
  const column = side === 'debit' ? 'Debe' : 'Haber';
  const label =
    source.kind === 'invoice_category'
      ? `${column} de la categoría de factura «${source.key}» (${WHERE.invoiceCategories})`
      : source.kind === 'category'
        ? `${column} de la categoría «${source.key}» (${WHERE.categories})`
        : `${column} de la cuenta Rindegastos «${source.key}» (${WHERE.accounts})`;
  return { rule: mappingRule(source, side), label };
}

export const SETTING_LABELS = {
  ivaCreditAccount: 'cuenta de IVA crédito fiscal',
  retentionAccount: 'cuenta de retención de honorarios por pagar',
  voucherType: 'tipo de comprobante',
} as const;
export type AccountSetting = 'ivaCreditAccount' | 'retentionAccount';

export function settingUse(setting: AccountSetting): AccountUse {
  return { rule: `setting:${setting}`, label: `${SETTING_LABELS[setting]} (${WHERE.general})` };
}

export function describeExpense(expense: ExpenseInput): string {
  const supplier = expense.supplier?.trim() ? `«${expense.supplier.trim()}»` : 'sin proveedor';
  const category = expense.category?.trim() ? `categoría «${expense.category}»` : 'sin categoría';
  const date = expense.issueDate?.trim() ? `, ${expense.issueDate}` : '';
  return `gasto ${expense.id} (${supplier}, ${category}${date})`;
}

function describeReport(report: ReportInput): string {
  return report.number?.trim() ? `informe N° ${report.number}` : `informe ${report.id}`;
}

function uses(details: readonly string[]): string {
  return details.length > 0 ? ` Se usa como ${joinSpanish(details)}.` : '';
}

export const messages = {
  reportNotClosed:
    (report: ReportInput): ProblemRenderer =>
    () =>
      `El ${describeReport(report)} no está cerrado en Rindegastos (estado ${report.status}); ` +
      'solo se contabilizan informes cerrados.',

  noApprovedExpenses:
    (report: ReportInput): ProblemRenderer =>
    () =>
      `El ${describeReport(report)} no tiene gastos aprobados: no hay nada que contabilizar. ` +
      'Los gastos rechazados o en proceso no se contabilizan.',

  emptyVoucher:
    (report: ReportInput): ProblemRenderer =>
    () =>
      `Los gastos aprobados del ${describeReport(report)} suman 0: el comprobante no tendría líneas.`,

  unmappedCategory:
    (category: string, categoryCode: string): ProblemRenderer =>
    () =>
      `La categoría «${category}» no tiene cuentas Debe y Haber asignadas. Asígnelas en ${WHERE.categories}` +
      (categoryCode.trim() ? ` o en ${WHERE.accounts} (código «${categoryCode}»).` : '.'),

  unmappedInvoiceCategory:
    (category: string, categoryCode: string): ProblemRenderer =>
    () =>
      `La categoría de factura «${category}» no tiene cuentas Debe y Haber asignadas. Asígnelas en ` +
      `${WHERE.invoiceCategories} (o en ${WHERE.categories}` +
      (categoryCode.trim() ? `, o en ${WHERE.accounts} con el código «${categoryCode}»).` : ').'),

  missingSetting:
    (setting: keyof typeof SETTING_LABELS, why: string): ProblemRenderer =>
    (details) =>
      `Falta la ${SETTING_LABELS[setting]} en ${WHERE.general}; ${why}` +
      (details.length > 0 ? ` (${joinSpanish(details)}).` : '.'),

  account:
    (fault: AccountFault, code: string): ProblemRenderer =>
    (details) =>
      `La cuenta ${code} ${LEDGER_FAULTS[fault]}.${uses(details)} Asigne una cuenta activa e imputable.`,

  businessCenter:
    (fault: BusinessCenterFault, centerCode: string): ProblemRenderer =>
    (costCenters) => {
      const where =
        costCenters.length > 0
          ? ` asignado al centro de costo ${joinSpanish(costCenters.map((c) => `«${c}»`))} (${WHERE.costCenters})`
          : '';
      return `El centro de negocios ${centerCode}${where} ${LEDGER_FAULTS[fault]}. Asigne un centro de negocios activo e imputable.`;
    },

  unmappedCostCenter:
    (code: string, name?: string): ProblemRenderer =>
    () =>
      `El centro de costo ${name ? `«${name}» (código ${code})` : `«${code}»`} no tiene centro de negocios asignado. Asígnelo en ${WHERE.costCenters}.`,

  missingCostCenter:
    (expense: ExpenseInput, field: string): ProblemRenderer =>
    (accounts) =>
      `El ${describeExpense(expense)} no tiene centro de costo (campo «${field}» vacío y el usuario sin ` +
      `código de costeo), y la cuenta ${joinSpanish([...accounts])} exige centro de negocios. ` +
      'Complételo en Rindegastos.',

  invalidEmployeeRut:
    (report: ReportInput, name: string, rut: string): ProblemRenderer =>
    (accounts) =>
      (rut.trim()
        ? `El RUT «${rut}» del empleado ${name || report.employeeId} no es válido (módulo 11)`
        : `El empleado ${name || report.employeeId} no tiene RUT en Rindegastos`) +
      ` y la cuenta ${joinSpanish([...accounts])} exige auxiliar en el ${describeReport(report)}. ` +
      'Corrija la identificación del usuario en Rindegastos.',

  invalidSupplierRut:
    (expense: ExpenseInput, field: string, rut: string): ProblemRenderer =>
    (accounts) =>
      (rut.trim()
        ? `El RUT de proveedor «${rut}» del ${describeExpense(expense)} no es válido (módulo 11)`
        : `El ${describeExpense(expense)} no tiene RUT de proveedor (campo «${field}»)`) +
      ` y la cuenta ${joinSpanish([...accounts])} exige auxiliar. Corríjalo en Rindegastos.`,

  missingDocumentNumber:
    (expense: ExpenseInput, numberField: string, typeField: string, missingType: boolean): ProblemRenderer =>
    (accounts) =>
      `El ${describeExpense(expense)} no tiene ` +
      (missingType ? `tipo de documento (campo «${typeField}»)` : `folio (campo «${numberField}»)`) +
      ` y la cuenta ${joinSpanish([...accounts])} exige documento. Complételo en Rindegastos.`,

  invalidAmount:
    (expense: ExpenseInput): ProblemRenderer =>
    (fields) =>
      `El ${describeExpense(expense)} tiene montos no válidos: ${joinSpanish([...fields])}. ` +
      'Los montos deben ser enteros en pesos, sin decimales y no negativos. Corríjalo en Rindegastos.',

  inconsistentFactura:
    (expense: ExpenseInput): ProblemRenderer =>
    () => {
      const sum = expense.net + expense.tax + expense.otherTaxes;
      return (
        `Montos inconsistentes en el ${describeExpense(expense)}: Neto ${formatNumber(expense.net)} + ` +
        `IVA ${formatNumber(expense.tax)} + Otros impuestos ${formatNumber(expense.otherTaxes)} = ` +
        `${formatNumber(sum)}, pero el Total es ${formatNumber(expense.total)} (diferencia ` +
        `${formatNumber(expense.total - sum)}). Corrija el documento en Rindegastos; no se contabiliza adivinando.`
      );
    },

  inconsistentRetention:
    (expense: ExpenseInput): ProblemRenderer =>
    () =>
      `Montos inconsistentes en el ${describeExpense(expense)}: la retención ` +
      `${formatNumber(expense.retention)} es mayor que el Total ${formatNumber(expense.total)}. ` +
      'Corrija la boleta de honorarios en Rindegastos.',

  unknownCurrency:
    (expense: ExpenseInput, companyCurrency: string): ProblemRenderer =>
    () =>
      `El ${describeExpense(expense)} está en moneda «${expense.currency}», distinta de la moneda de la ` +
      `empresa (${companyCurrency}); no se puede contabilizar. Revise la moneda de la política de gastos.`,

  missingDate:
    (report: ReportInput, what: string): ProblemRenderer =>
    () =>
      `El ${describeReport(report)} no tiene ${what}, que es la fecha del comprobante según ${WHERE.general}.`,

  missingVoucherType: (): ProblemRenderer => () =>
    `Falta el ${SETTING_LABELS.voucherType} en ${WHERE.general}.`,

  unbalanced:
    (report: ReportInput, part: string, debit: number, credit: number): ProblemRenderer =>
    () =>
      `El comprobante del ${describeReport(report)}` +
      (part === 'report' ? '' : ` (gasto ${part})`) +
      ` no cuadra: Debe ${formatNumber(debit)}, Haber ${formatNumber(credit)}. No se contabiliza.`,
};
