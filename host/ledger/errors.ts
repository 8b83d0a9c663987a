import type { PostingRejectedFault, PostingRejection } from '../../plugin/index';

/**
 * Errors of the built-in ledger. Codes match the plugin's (`NOT_FOUND`, `CONFLICT`,
 * `POSTING_REJECTED`), so a caller that only knows the host contract can tell them apart by `code`.
 * Messages are Spanish: the ERP user reads them.
 */
export class LedgerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class LedgerNotFoundError extends LedgerError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class LedgerConflictError extends LedgerError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

/** The voucher already has a reversal made under another idempotency key. */
export class VoucherAlreadyReversedError extends LedgerConflictError {
  constructor(
    readonly voucherId: string,
    readonly reversalVoucherId: string | null,
    voucherLabel: string,
  ) {
    super(`El comprobante ${voucherLabel} ya fue reversado; no se puede reversar dos veces.`, {
      reason: 'already_reversed',
      voucherId,
      reversalVoucherId,
    });
  }
}

/** The posting pipeline refused a voucher; `rejections` lists every reason at once. */
export class PostingRejected extends Error implements PostingRejectedFault {
  readonly code = 'POSTING_REJECTED' as const;
  constructor(readonly rejections: PostingRejection[]) {
    super(
      `Comprobante rechazado (${rejections.length} ${rejections.length === 1 ? 'problema' : 'problemas'}): ` +
        rejections.map((r) => r.message).join(' '),
    );
    this.name = 'PostingRejected';
  }
}
