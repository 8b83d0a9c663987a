import type { Knex } from 'knex';

/** What connector mode remembers of one InsertVoucher: key → marker → Defontana's voucher. */
export interface DefontanaPosting {
  companyId: string;
  idempotencyKey: string;
  /** Put in the voucher's comment; finds the voucher in Defontana after an ambiguous failure. */
  marker: string;
  voucherDate: string;
  /** `sending`: the outcome of the last InsertVoucher is unknown. */
  status: 'sending' | 'posted';
  voucher: { type: string; number: number; fiscalYear: number; pendingApproval: boolean } | null;
}

interface PostingRow {
  company_id: string;
  idempotency_key: string;
  marker: string;
  voucher_date: string;
  status: string;
  voucher_type: string | null;
  number: number | null;
  fiscal_year: number | null;
  pending_approval: number | boolean;
  created_at: string;
  updated_at: string;
}

const TABLE = 'host_defontana_postings';

function toPosting(row: PostingRow): DefontanaPosting {
  return {
    companyId: row.company_id,
    idempotencyKey: row.idempotency_key,
    marker: row.marker,
    voucherDate: row.voucher_date,
    status: row.status === 'posted' ? 'posted' : 'sending',
    voucher:
      row.number === null || row.voucher_type === null || row.fiscal_year === null
        ? null
        : {
            type: row.voucher_type,
            number: Number(row.number),
            fiscalYear: Number(row.fiscal_year),
            pendingApproval: Boolean(row.pending_approval),
          },
  };
}

export class DefontanaPostingRepository {
  constructor(private readonly db: Knex) {}

  async find(companyId: string, key: string): Promise<DefontanaPosting | null> {
    const row: PostingRow | undefined = await this.db(TABLE)
      .where({ company_id: companyId, idempotency_key: key })
      .first();
    return row ? toPosting(row) : null;
  }

  /** Records that an InsertVoucher is about to be sent; a unique violation when the key already has a row. */
  async markSending(
    companyId: string,
    key: string,
    marker: string,
    voucherDate: string,
    now: string,
  ): Promise<void> {
    await this.db(TABLE).insert({
      company_id: companyId,
      idempotency_key: key,
      marker,
      voucher_date: voucherDate,
      status: 'sending',
      pending_approval: false,
      created_at: now,
      updated_at: now,
    });
  }

  async markPosted(
    companyId: string,
    key: string,
    voucher: NonNullable<DefontanaPosting['voucher']>,
    now: string,
  ): Promise<void> {
    await this.db(TABLE).where({ company_id: companyId, idempotency_key: key }).update({
      status: 'posted',
      voucher_type: voucher.type,
      number: voucher.number,
      fiscal_year: voucher.fiscalYear,
      pending_approval: voucher.pendingApproval,
      updated_at: now,
    });
  }

  /** Defontana surely refused it: nothing was stored, the key may be used again. */
  async forget(companyId: string, key: string): Promise<void> {
    await this.db(TABLE).where({ company_id: companyId, idempotency_key: key, status: 'sending' }).delete();
  }
}
