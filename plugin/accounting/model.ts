/**
 * Inputs and outputs of the pure voucher builder (chile-accounting.md §2–§3, DESIGN.md §7).
 * The reports store turns Rindegastos payloads into these; the builder never does I/O.
 */
import type { BusinessCenter, LedgerAccount, VoucherDraft } from '../host/Ledger';
import type { ExtraField } from '../rindegastos/api';

export type DocumentKind = 'factura' | 'boleta' | 'honorarios' | 'other';

export interface ReportInput {
  id: number;
  number: string;
  title: string;
  employeeId: number;
  employeeName: string;
  /** RUT as Rindegastos sends it ("" when missing). */
  employeeIdentification: string;
  policyName: string;
  /** YYYY-MM-DD */
  sendDate: string;
  /** YYYY-MM-DD; "" while open */
  closeDate: string;
  currency: string;
  /** 1 = closed */
  status: number;
}

export interface ExpenseInput {
  id: number;
  /** 1 = approved; only approved expenses are posted. */
  status: number;
  supplier: string;
  issueDate: string;
  originalAmount: number;
  originalCurrency: string;
  exchangeRate: number;
  net: number;
  tax: number;
  otherTaxes: number;
  retention: number;
  total: number;
  /** Policy currency of Total. */
  currency: string;
  category: string;
  categoryCode: string;
  extraFields: ExtraField[];
  userId: number;
}

/** A Rindegastos user as far as posting needs it (fallbacks for RUT and cost center). */
export interface UserInput {
  id: number;
  name: string;
  identification: string;
  costingCode: string;
}

/** Debe/Haber of a Centralización item. Only a mapping with both accounts counts as mapped. */
export interface AccountPair {
  debitAccount: string | null;
  creditAccount: string | null;
  /**
   * Categorías de factura only: whether the factura's IVA is crédito fiscal (absent = yes).
   * When false the IVA is expense: it goes to the Debe line, with no IVA crédito fiscal line.
   */
  ivaRecoverable?: boolean;
}

/** The company's Centralización, keyed as the builder looks items up. */
export interface MappingSnapshot {
  /** By Rindegastos account code (the category's AccountCode / expense CategoryCode). */
  accounts: Map<string, AccountPair>;
  /** By category name. */
  categories: Map<string, AccountPair>;
  /** By category name, used for facturas first. */
  invoiceCategories: Map<string, AccountPair>;
  /** By cost-center code → ERP business center code (null when not mapped yet). */
  costCenters: Map<string, string | null>;
  /** By cost-center code → its name in Rindegastos, so problems name it as the user knows it. */
  costCenterNames?: Map<string, string>;
  /** By document-type code → kind; codes absent here fall back to the SII defaults. */
  documentTypes: Map<string, DocumentKind>;
}

export interface BuilderSettings {
  grouping: 'report' | 'expense';
  voucherDate: 'close' | 'send' | 'lastExpense' | 'posting';
  voucherType: string;
  glosaTemplate: string;
  mergeLines: 'none' | 'credit' | 'all';
  ivaCreditAccount: string | null;
  retentionAccount: string | null;
  documentTypeField: string;
  costCenterField: string;
  supplierRutField: string;
  documentNumberField: string;
  /** What a voucher dated in a closed period does: block the report, or move to the next open period's first day. */
  closedPeriodPolicy: ClosedPeriodPolicy;
  /** An expense issued more than this many days before the report's close gets an advertencia (0: never). */
  staleExpenseDays: number;
}

export type ClosedPeriodPolicy = 'rechazar' | 'primerDiaAbierto';

/** Where a factura or boleta de honorarios is already booked: a live voucher of another report. */
export interface BookedDocument {
  reportId: number;
  reportNumber: string;
  voucherNumber: string;
  expenseId: number;
}

export interface LedgerSnapshot {
  accounts: Map<string, LedgerAccount>;
  businessCenters: Map<string, BusinessCenter>;
  glosaMaxLength: number;
}

export interface BuildInput {
  report: ReportInput;
  /** Every expense of the report, in any status; the builder keeps the approved ones. */
  expenses: ExpenseInput[];
  users: Map<number, UserInput>;
  mappings: MappingSnapshot;
  settings: BuilderSettings;
  ledger: LedgerSnapshot;
  /** YYYY-MM-DD, used when settings.voucherDate is 'posting'. */
  postingDate: string;
  /** Company currency; amounts are its minor units. */
  companyCurrency: string;
  /** The company's own RUT as the ERP knows it ("" when unknown): a factura it issued to itself is odd. */
  companyRut: string;
  /** `YYYY-MM` periods the ledger has closed. */
  closedPeriods: ReadonlySet<string>;
  /** Document key (documentKeyOf) → where it is booked, for the company's live vouchers. */
  bookedDocuments: ReadonlyMap<string, BookedDocument>;
  /** Expenses the accountant released as "no es duplicado". */
  releasedExpenseIds: ReadonlySet<number>;
}

export type ProblemCode =
  | 'report_not_closed'
  | 'no_approved_expenses'
  | 'unmapped_category'
  | 'unmapped_invoice_category'
  | 'unmapped_cost_center'
  | 'missing_cost_center'
  | 'unknown_account'
  | 'inactive_account'
  | 'non_postable_account'
  | 'unknown_business_center'
  | 'inactive_business_center'
  | 'non_postable_business_center'
  | 'missing_setting'
  | 'invalid_employee_rut'
  | 'invalid_supplier_rut'
  | 'missing_document_number'
  | 'inconsistent_amounts'
  | 'invalid_amount'
  | 'unknown_currency'
  | 'missing_date'
  | 'unbalanced'
  /** A factura or boleta de honorarios already booked, or twice in the report. */
  | 'duplicate_document'
  /** The voucher date falls in a period the ledger has closed (policy "rechazar"). */
  | 'closed_period'
  /** Every approved expense totals 0: there is nothing to post. */
  | 'empty_voucher'
  /** The ERP refused the voucher (closed period …): not the builder's finding, the ERP's answer. */
  | 'posting_rejected'
  | 'changed_after_posting';

/** What a problem is about, so problems group by cause across reports. */
export interface ProblemSubject {
  kind:
    | 'category'
    | 'invoice_category'
    | 'account'
    | 'cost_center'
    | 'setting'
    | 'expense'
    | 'report'
    | 'business_center';
  /** The item's key: category name, account code, cost-center code, setting name, expense id … */
  key: string;
}

/** Advertencias: shown on the report and in the issues list, never blocking. */
export type WarningCode =
  /** A factura whose supplier RUT is the company's own. */
  | 'own_rut_supplier'
  /** An expense issued long before the report's close. */
  | 'stale_expense';

export interface Problem {
  code: ProblemCode | WarningCode;
  /** Spanish, naming exactly what to fix and where. */
  message: string;
  subject: ProblemSubject;
  /** Expenses affected (empty for report-level problems). */
  expenseIds: number[];
}

export interface BuiltVoucher {
  /** "report" for one voucher per report, or the expense id when grouping per expense. */
  part: string;
  draft: VoucherDraft;
}

/**
 * A document a built voucher books, recorded when it posts: the duplicate check of later reports
 * and the Libro de honorarios read these.
 */
export interface BookedDocumentEntry {
  part: string;
  expenseId: number;
  kind: 'factura' | 'honorarios';
  /** documentKeyOf; null when the document lacks RUT or number (not checkable, still in the book). */
  key: string | null;
  /** Formatted RUT, or the raw text when invalid ("" when missing). */
  rut: string;
  rutValid: boolean;
  name: string;
  number: string;
  issueDate: string;
  gross: number;
  retention: number;
}

/** The voucher date moved out of a closed period (policy "primer día abierto"). */
export interface DateShift {
  from: string;
  to: string;
  closedPeriod: string;
}

export type BuildResult =
  | {
      ok: true;
      vouchers: BuiltVoucher[];
      documents: BookedDocumentEntry[];
      warnings: Problem[];
      dateShift: DateShift | null;
    }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

/** Placeholders a glosa template may use (`Rendición N° {number} {employee}`). */
export const GLOSA_PLACEHOLDERS = [
  'number',
  'employee',
  'title',
  'reportId',
  'policy',
  'closeDate',
  'sendDate',
] as const;
export type GlosaPlaceholder = (typeof GLOSA_PLACEHOLDERS)[number];

/** Centralización defaults (chile-accounting.md §3, DESIGN.md §7). */
export const DEFAULT_BUILDER_SETTINGS: BuilderSettings = {
  grouping: 'report',
  voucherDate: 'close',
  voucherType: 'TRASPASO',
  glosaTemplate: 'Rendición N° {number} {employee}',
  mergeLines: 'credit',
  ivaCreditAccount: null,
  retentionAccount: null,
  documentTypeField: 'Tipo de Documento',
  costCenterField: 'Centro de Costo',
  supplierRutField: 'RUT Proveedor',
  documentNumberField: 'Número de Documento',
  closedPeriodPolicy: 'rechazar',
  staleExpenseDays: 90,
};
