/** The reports store's domain types: what the repositories hand out (never raw rows). */
import type { ExpenseInput, ReportInput } from '../accounting/model';
import type { Expense, ExpenseReport } from '../rindegastos/api';

/**
 * Where an imported report stands:
 * - `imported` — new or changed, not evaluated yet;
 * - `blocked` — the builder found problems (see rg_report_issues);
 * - `ready` — builds cleanly, waiting to be posted;
 * - `posted` — a voucher exists in the ledger;
 * - `reversed` — its voucher was reversed and the caller holds it (not posted again
 *   automatically); a content change sends it back to `imported` like any unposted report;
 * - `failed` — posting failed for a reason that is not a mapping problem (last_error says why).
 */
export const REPORT_STATES = ['imported', 'blocked', 'ready', 'posted', 'reversed', 'failed'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** A report as Informes lists it. `id` is the Rindegastos report id. */
export interface ReportSummary {
  companyId: string;
  /** Rindegastos report id. */
  id: number;
  number: string;
  title: string;
  employeeId: number | null;
  employeeName: string;
  employeeIdentification: string;
  policyId: number | null;
  policyName: string;
  /** YYYY-MM-DD, or null when Rindegastos sent none (or an unreadable one). */
  sendDate: string | null;
  closeDate: string | null;
  currency: string;
  /** Rindegastos Status (1 closed). */
  status: number | null;
  /** ReportTotalApproved in pesos; null when not an integer. */
  totalApproved: number | null;
  nbrExpenses: number | null;
  state: ReportState;
  /** sha256 of the normalized report and expenses (normalize.ts contentHash). */
  contentHash: string;
  postedVoucherId: string | null;
  postedVoucherNumber: string | null;
  postedAt: string | null;
  /** The content hash that was posted. */
  postedHash: string | null;
  /** Set when the content changed after posting (the posted voucher no longer matches). */
  changedAfterPostAt: string | null;
  lastError: string | null;
  /** When the report was marked integrated in Rindegastos, and with which code. */
  integrationMarkedAt: string | null;
  integrationMarkCode: string | null;
  importedAt: string;
  updatedAt: string;
}

/** An imported expense: its indexed columns plus the builder's input read from the payload. */
export interface StoredExpense {
  /** Rindegastos expense id. */
  id: number;
  reportId: number;
  status: number | null;
  supplier: string;
  issueDate: string | null;
  /** Pesos; null when Rindegastos sent no integral amount (the input keeps what it sent). */
  net: number | null;
  tax: number | null;
  otherTaxes: number | null;
  retention: number | null;
  total: number | null;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string;
  category: string;
  categoryCode: string;
  /** Code of the document-type extra field at import time. */
  documentTypeCode: string;
  /** Code of the cost-center extra field at import time. */
  costCenterCode: string;
  input: ExpenseInput;
  raw: Record<string, unknown>;
}

/** A report with everything posting and the detail view need. */
export interface StoredReport extends ReportSummary {
  input: ReportInput;
  raw: Record<string, unknown>;
  /** Every expense of the report, any status, by id. */
  expenses: StoredExpense[];
}

/** One report as fetched from Rindegastos: the report and every expense of it. */
export interface RemoteReport {
  report: ExpenseReport;
  expenses: Expense[];
}

export type UpsertOutcome = 'new' | 'changed' | 'unchanged';

export interface UpsertResult {
  /** Rindegastos report id. */
  reportId: number;
  outcome: UpsertOutcome;
  previousState: ReportState | null;
  /** The state after the upsert: `imported` for new and changed reports, except posted ones. */
  state: ReportState;
  contentHash: string;
  /**
   * A posted report whose content changed: it stays `posted` with `changedAfterPostAt` set,
   * and the caller decides (setting) whether to reverse and re-post it.
   */
  changedAfterPost: boolean;
}

/** A fetched report that cannot be stored because it has no usable key. Nothing was written for it. */
export interface RejectedRemoteReport {
  /** The report id when readable. */
  reportId: number | null;
  /** Spanish, naming the field. */
  problems: string[];
}

/** Names of the extra fields the summary columns read (settings; defaults as the builder's). */
export interface ExtraFieldNames {
  documentTypeField: string;
  costCenterField: string;
}

export interface ReportListQuery {
  /** YYYY-MM-DD, inclusive, on the close date. */
  from?: string;
  to?: string;
  posted?: 'all' | 'yes' | 'no';
  /** Free text: title, number, employee name or RUT (contains, case- and accent-insensitive), or an exact report id. */
  q?: string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ReportPage {
  items: ReportSummary[];
  total: number;
  page: number;
  pageSize: number;
}
