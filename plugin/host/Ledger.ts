/** The ERP's accounting as the plugin sees it. Types only. */

/** Which analyses a voucher line on an account must carry. */
export interface AccountRequirements {
  businessCenter: boolean;
  /** Auxiliary ("ficha"): a RUT and name. */
  auxiliary: boolean;
  /** Document: type code and folio. */
  document: boolean;
}

export interface LedgerAccount {
  /** Digits only, e.g. "4110201002". */
  code: string;
  name: string;
  /** Leaf account that accepts voucher lines. */
  postable: boolean;
  active: boolean;
  requires: AccountRequirements;
}

export interface BusinessCenter {
  code: string;
  name: string;
  parentCode: string | null;
  postable: boolean;
  active: boolean;
}

export interface LedgerLimits {
  /** Maximum characters of a voucher or line glosa. */
  glosaMaxLength: number;
}

/** Why a line exists: which expense and which mapping rule produced it. */
export interface LineOrigin {
  /** Rindegastos expense id (several when lines were merged). */
  expenseIds: number[];
  /** e.g. "invoice_category:Combustible:debit", "setting:ivaCreditAccount". */
  rule: string;
  note?: string;
  /** A foreign-currency expense's original amount and the exchange rate to the voucher currency. */
  foreign?: { currency: string; amount: number; exchangeRate: number };
}

export interface VoucherLine {
  accountCode: string;
  /** Integer minor units (CLP pesos). Exactly one of debit/credit is > 0. */
  debit: number;
  credit: number;
  businessCenterCode?: string;
  auxiliary?: { rut: string; name: string };
  document?: { type: string; number: string };
  glosa: string;
  origin?: LineOrigin;
}

export interface VoucherDraft {
  /** Who produced it; the plugin uses "rindegastos". */
  source: string;
  /** Voucher type, e.g. "TRASPASO". */
  type: string;
  /** YYYY-MM-DD */
  date: string;
  glosa: string;
  /** ISO 4217; amounts are in this currency's minor units. */
  currency: string;
  lines: VoucherLine[];
}

export type VoucherStatus = 'posted' | 'pending-approval' | 'reversed' | 'deleted';

export interface PostedVoucher {
  id: string;
  type: string;
  number: number;
  fiscalYear: number;
  date: string;
  status: VoucherStatus;
  source: string;
  glosa: string;
  lines: VoucherLine[];
  /** Set on a reversal voucher: the voucher it reverses. */
  reversesVoucherId?: string;
}

export type PostingRejectionCode =
  | 'invalid_draft'
  | 'unbalanced'
  | 'unknown_account'
  | 'inactive_account'
  | 'non_postable_account'
  | 'unknown_business_center'
  | 'non_postable_business_center'
  | 'missing_business_center'
  | 'missing_auxiliary'
  | 'missing_document'
  | 'closed_period'
  | 'hook_rejected';

export interface PostingRejection {
  code: PostingRejectionCode;
  message: string;
  /** 0-based index of the offending line, when a line is at fault. */
  lineIndex?: number;
  accountCode?: string;
}

/**
 * What `submit`/`reverse` throw when a voucher is refused. Hosts throw an Error with
 * `code === 'POSTING_REJECTED'` and the full list of rejections.
 */
export interface PostingRejectedFault extends Error {
  code: 'POSTING_REJECTED';
  rejections: PostingRejection[];
}

export interface PostingContext {
  companyId: string;
  draft: VoucherDraft;
  idempotencyKey: string;
}

/** A hook into the host's posting path. Stages run in order: prepare, validate, (persist), afterPost. */
export interface PostingHook {
  name: string;
  /** May enrich the draft's lines in place. */
  prepare?(ctx: PostingContext): Promise<void>;
  /** Returns rejections; an empty list lets the voucher through. */
  validate?(ctx: PostingContext): Promise<PostingRejection[]>;
  afterPost?(ctx: PostingContext, voucher: PostedVoucher): Promise<void>;
}

export interface VoucherEvent {
  kind: 'deleted' | 'reversed';
  companyId: string;
  voucherId: string;
  source: string;
  /** Set when kind is 'reversed'. */
  reversalVoucherId?: string;
}

export interface PostingPipeline {
  /** Returns a function that removes the hook. */
  registerHook(hook: PostingHook): () => void;
  /** The same idempotency key returns the same voucher and never creates a second one. */
  submit(companyId: string, draft: VoucherDraft, opts: { idempotencyKey: string }): Promise<PostedVoucher>;
  /** Posts the reversing voucher; the same key returns the same reversal. */
  reverse(
    companyId: string,
    voucherId: string,
    opts: { reason: string; idempotencyKey: string },
  ): Promise<PostedVoucher>;
  getVoucher(companyId: string, voucherId: string): Promise<PostedVoucher | null>;
  /** Vouchers deleted or reversed in the ERP itself. Returns an unsubscribe function. */
  onVoucherEvent(listener: (event: VoucherEvent) => Promise<void>): () => void;
}

export interface Ledger {
  listAccounts(companyId: string): Promise<LedgerAccount[]>;
  /** The company's closed `YYYY-MM` periods, ascending: no voucher may be dated in them. */
  listClosedPeriods(companyId: string): Promise<string[]>;
  listBusinessCenters(companyId: string): Promise<BusinessCenter[]>;
  limits: LedgerLimits;
  posting: PostingPipeline;
}
