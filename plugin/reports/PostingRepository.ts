import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { isUniqueViolation } from '../../shared/db/database';
import { Tokens } from '../di/tokens';
import { ConflictError, ValidationError } from '../errors/errors';
import { clip, num } from '../db/sql';

const TABLE = 'rg_postings';

/** A voucher the plugin posted for (a part of) a report. */
export interface Posting {
  id: number;
  companyId: string;
  /** Rindegastos report id. */
  reportId: number;
  /** "report" for one voucher per report, or the expense id when posting per expense. */
  part: string;
  /** The key the voucher was submitted with; unique across all postings. */
  idempotencyKey: string;
  /** The report's content hash the voucher was built from. */
  contentHash: string;
  voucherId: string;
  voucherNumber: number;
  voucherType: string;
  fiscalYear: number;
  status: 'posted' | 'reversed';
  reversalVoucherId: string | null;
  postedAt: string;
  reversedAt: string | null;
}

export type NewPosting = Omit<Posting, 'id' | 'status' | 'reversalVoucherId' | 'reversedAt'>;

interface PostingRow {
  id: number;
  company_id: string;
  report_id: number;
  part: string;
  idempotency_key: string;
  content_hash: string;
  voucher_id: string;
  voucher_number: number;
  voucher_type: string;
  fiscal_year: number;
  status: string;
  reversal_voucher_id: string | null;
  posted_at: string;
  reversed_at: string | null;
}

function toPosting(row: PostingRow): Posting {
  return {
    id: num(row.id),
    companyId: row.company_id,
    reportId: num(row.report_id),
    part: row.part,
    idempotencyKey: row.idempotency_key,
    contentHash: row.content_hash,
    voucherId: row.voucher_id,
    voucherNumber: num(row.voucher_number),
    voucherType: row.voucher_type,
    fiscalYear: num(row.fiscal_year),
    status: row.status === 'reversed' ? 'reversed' : 'posted',
    reversalVoucherId: row.reversal_voucher_id,
    postedAt: row.posted_at,
    reversedAt: row.reversed_at,
  };
}

function toRow(p: NewPosting): Omit<PostingRow, 'id'> {
  return {
    company_id: p.companyId,
    report_id: p.reportId,
    part: clip(p.part, 32),
    idempotency_key: p.idempotencyKey,
    content_hash: p.contentHash,
    voucher_id: p.voucherId,
    voucher_number: p.voucherNumber,
    voucher_type: clip(p.voucherType, 32),
    fiscal_year: p.fiscalYear,
    status: 'posted',
    reversal_voucher_id: null,
    posted_at: p.postedAt,
    reversed_at: null,
  };
}

/** The vouchers posted for reports, keyed by the idempotency key they were submitted with. */
@injectable()
export class PostingRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  /**
   * Records a posted voucher. Recording the same key again is idempotent: when the stored
   * posting is of the same company and the same voucher (a retry after a crash between the
   * ledger's answer and this write — the ledger returns the same voucher for the same key) it
   * is returned with `created: false`. The same key with another voucher or company means two
   * vouchers for one key, and is a ConflictError: never silently accepted.
   */
  async record(posting: NewPosting, trx: Knex = this.db): Promise<{ posting: Posting; created: boolean }> {
    const keyLength = posting.idempotencyKey.length;
    if (keyLength === 0 || keyLength > 200) {
      throw new ValidationError([
        { field: 'idempotencyKey', message: `debe tener entre 1 y 200 caracteres (tiene ${keyLength})` },
      ]);
    }
    try {
      // Inside an outer transaction the failed insert must not abort it: a savepoint confines it.
      await trx.transaction(async (t) => {
        await t(TABLE).insert(toRow(posting));
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await trx<PostingRow>(TABLE)
        .where({ idempotency_key: posting.idempotencyKey })
        .first();
      if (
        existing &&
        existing.company_id === posting.companyId &&
        existing.voucher_id === posting.voucherId
      ) {
        return { posting: toPosting(existing), created: false };
      }
      throw new ConflictError(
        `El informe ${posting.reportId} ya tiene registrado otro comprobante con la misma clave de idempotencia; no se registra un segundo comprobante.`,
        { idempotencyKey: posting.idempotencyKey },
      );
    }
    const row = await trx<PostingRow>(TABLE).where({ idempotency_key: posting.idempotencyKey }).first();
    return { posting: toPosting(row!), created: true };
  }

  async findByKey(companyId: string, idempotencyKey: string, trx: Knex = this.db): Promise<Posting | null> {
    const row = await trx<PostingRow>(TABLE)
      .where({ company_id: companyId, idempotency_key: idempotencyKey })
      .first();
    return row ? toPosting(row) : null;
  }

  /** The report's postings still in force (several when posting per expense), by part. */
  async activeOf(companyId: string, reportId: number, trx: Knex = this.db): Promise<Posting[]> {
    const rows = await trx<PostingRow>(TABLE)
      .where({ company_id: companyId, report_id: reportId, status: 'posted' })
      .orderBy(['part', 'id']);
    return rows.map(toPosting);
  }

  /** Every posting of the report, reversed ones included, oldest first. */
  async historyOf(companyId: string, reportId: number, trx: Knex = this.db): Promise<Posting[]> {
    const rows = await trx<PostingRow>(TABLE)
      .where({ company_id: companyId, report_id: reportId })
      .orderBy('id');
    return rows.map(toPosting);
  }

  /** The posting of a voucher (for the ledger's "voucher deleted/reversed in the ERP" events). */
  async findByVoucher(companyId: string, voucherId: string, trx: Knex = this.db): Promise<Posting | null> {
    const row = await trx<PostingRow>(TABLE)
      .where({ company_id: companyId, voucher_id: voucherId })
      .orderBy('id', 'desc')
      .first();
    return row ? toPosting(row) : null;
  }

  /** The report a voucher was posted for, or reverses the posting of; null for any other voucher. */
  async reportOfVoucher(companyId: string, voucherId: string): Promise<number | null> {
    const row = await this.db<PostingRow>(TABLE)
      .where({ company_id: companyId })
      .andWhere((w) => w.where('voucher_id', voucherId).orWhere('reversal_voucher_id', voucherId))
      .first('report_id');
    return row ? num(row.report_id) : null;
  }

  /**
   * Marks a posting reversed. Conditional on it being posted, so two reversals racing record
   * one: returns false, changing nothing, when it is already reversed or does not exist.
   */
  async markReversed(
    companyId: string,
    postingId: number,
    reversal: { reversalVoucherId: string | null; reversedAt: string },
    trx: Knex = this.db,
  ): Promise<boolean> {
    const n = await trx(TABLE).where({ company_id: companyId, id: postingId, status: 'posted' }).update({
      status: 'reversed',
      reversal_voucher_id: reversal.reversalVoucherId,
      reversed_at: reversal.reversedAt,
    });
    return n > 0;
  }
}
