/** The plugin API's answers as the screens read them (see the route modules in plugin/http). */
import type { LineOrigin, PostedVoucher, VoucherLine } from '../host/Ledger';

export interface ReportSummary {
  id: number;
  number: string;
  title: string;
  employeeName: string;
  closeDate: string | null;
  totalApproved: number;
  state: string;
  postedVoucherNumber: number | null;
  lastError: string | null;
  integrationMarkCode: string | null;
  integrationMarkedAt: string | null;
  posted: boolean;
}

export interface ReportPage {
  items: ReportSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProblemSubject {
  kind: string;
  key: string;
}

export interface IssueGroup {
  code: string;
  severity?: 'error' | 'advertencia';
  subject: ProblemSubject | null;
  message: string;
  reportCount: number;
  reports: { id: number; number: string; title: string }[];
}

export interface IssueCounts {
  issues: number;
  causes: number;
  reports: number;
}

export interface IssuesAnswer {
  counts: IssueCounts;
  groups: IssueGroup[];
}

export interface ConnectionState {
  status: 'none' | 'unverified' | 'valid' | 'invalid' | 'revoked';
  last4: string | null;
  verifiedAt: string | null;
  lastError: string | null;
  action: string | null;
}

export interface SyncRun {
  id: number;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted' | string;
  counts: Record<string, number>;
  problems: string[];
  progress: { phase: string; done: number; total: number | null } | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface StatusAnswer {
  connection: ConnectionState;
  lastSync: SyncRun | null;
  openIssues: IssueCounts;
}

export interface Expense {
  id: number;
  status: number;
  supplier: string | null;
  issueDate: string | null;
  total: number;
  category: string | null;
  documentTypeCode: string | null;
  costCenterCode: string | null;
}

export interface ReportIssue {
  id: number;
  code: string;
  severity?: 'error' | 'advertencia';
  subject: ProblemSubject | null;
  message: string;
}

export interface WriteBack {
  id: number;
  kind: string;
  targetId: number;
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
}

export interface PreviewVoucher {
  part: string;
  draft: { type: string; date: string; glosa: string; lines: VoucherLine[] };
}

export interface ReportDetail {
  report: ReportSummary;
  expenses: Expense[];
  issues: ReportIssue[];
  vouchers: PostedVoucher[];
  preview: { ok: true; vouchers: PreviewVoucher[] } | { ok: false; problems: ReportIssue[] } | null;
  writeBacks: WriteBack[];
}

export type PostOutcome =
  | { status: 'posted'; vouchers: PostedVoucher[] }
  | { status: 'already_posted' }
  | { status: 'blocked'; problems: { message: string }[] }
  | { status: 'failed'; error: string };

export type { LineOrigin, PostedVoucher, VoucherLine };

export interface LedgerAccount {
  code: string;
  name: string;
}

export interface BusinessCenter {
  code: string;
  name: string;
}

export interface MappingItem {
  id: number;
  remoteKey: string;
  name: string;
  code: string | null;
  active: boolean;
  mapped: boolean;
  mapping: {
    debitAccount?: string | null;
    creditAccount?: string | null;
    businessCenter?: string | null;
    documentKind?: string | null;
    ivaRecoverable?: boolean;
  };
  suggestion: { debitAccount: string; reason?: string } | null;
}

export interface MappingList {
  kind: string;
  counts: { total: number; mapped: number; unmapped: number; inactive: number; suggestions: number };
  items: MappingItem[];
}
