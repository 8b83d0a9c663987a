import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import type { BookedDocument, BookedDocumentEntry } from '../accounting/model';
import { Tokens } from '../di/tokens';
import { chunks, num } from '../db/sql';

const BOOKED = 'rg_booked_documents';
const RELEASES = 'rg_duplicate_releases';

/** A booked boleta de honorarios, as the Libro de honorarios lists it. */
export interface BookedHonorarios {
  reportId: number;
  reportNumber: string;
  expenseId: number;
  voucherId: string;
  voucherNumber: number;
  voucherDate: string;
  issueDate: string;
  number: string;
  rut: string;
  rutValid: boolean;
  name: string;
  gross: number;
  retention: number;
}

interface BookedRow {
  company_id: string;
  report_id: number;
  report_number: string;
  expense_id: number;
  kind: string;
  doc_key: string | null;
  rut: string;
  rut_valid: boolean | number;
  name: string;
  number: string;
  issue_date: string;
  gross: number;
  retention: number;
  voucher_id: string;
  voucher_number: number;
  voucher_date: string;
}

/**
 * The facturas and boletas de honorarios our live vouchers book (the duplicate check's memory and
 * the Libro de honorarios' source), and the expenses released as "no es duplicado".
 */
@injectable()
export class BookedDocumentRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  /** Records what a posted voucher books. */
  async record(
    companyId: string,
    report: { id: number; number: string },
    voucher: { id: string; number: number; date: string },
    entries: readonly BookedDocumentEntry[],
    trx: Knex = this.db,
  ): Promise<void> {
    const rows: BookedRow[] = entries.map((e) => ({
      company_id: companyId,
      report_id: report.id,
      report_number: report.number.slice(0, 64),
      expense_id: e.expenseId,
      kind: e.kind,
      doc_key: e.key,
      rut: e.rut.slice(0, 64),
      rut_valid: e.rutValid,
      name: e.name.slice(0, 255),
      number: e.number.slice(0, 64),
      issue_date: e.issueDate,
      gross: e.gross,
      retention: e.retention,
      voucher_id: voucher.id,
      voucher_number: voucher.number,
      voucher_date: voucher.date,
    }));
    for (const part of chunks(rows, 200)) await trx(BOOKED).insert(part);
  }

  /** The report's vouchers are gone (reversed or deleted): its documents are no longer booked. */
  async removeReport(companyId: string, reportId: number, trx: Knex = this.db): Promise<void> {
    await trx(BOOKED).where({ company_id: companyId, report_id: reportId }).delete();
  }

  /** Where each of these document keys is booked (the first booking when several); unbooked keys are absent. */
  async bookedByKeys(companyId: string, keys: readonly string[]): Promise<Map<string, BookedDocument>> {
    const map = new Map<string, BookedDocument>();
    for (const part of chunks([...keys], 500)) {
      const rows: Pick<
        BookedRow,
        'doc_key' | 'report_id' | 'report_number' | 'voucher_number' | 'expense_id'
      >[] = await this.db(BOOKED)
        .where({ company_id: companyId })
        .whereIn('doc_key', part)
        .select('doc_key', 'report_id', 'report_number', 'voucher_number', 'expense_id')
        .orderBy('id');
      for (const r of rows) {
        if (r.doc_key === null || map.has(r.doc_key)) continue;
        map.set(r.doc_key, {
          reportId: num(r.report_id),
          reportNumber: r.report_number,
          voucherNumber: String(num(r.voucher_number)),
          expenseId: num(r.expense_id),
        });
      }
    }
    return map;
  }

  /** The boletas de honorarios of live vouchers dated in `month` (YYYY-MM), by voucher date and number. */
  async honorariosOf(companyId: string, month: string): Promise<BookedHonorarios[]> {
    const rows: BookedRow[] = await this.db(BOOKED)
      .where({ company_id: companyId, kind: 'honorarios' })
      .where('voucher_date', '>=', `${month}-01`)
      .where('voucher_date', '<=', `${month}-31`)
      .orderBy([{ column: 'voucher_date' }, { column: 'voucher_number' }, { column: 'id' }]);
    return rows.map((r) => ({
      reportId: num(r.report_id),
      reportNumber: r.report_number,
      expenseId: num(r.expense_id),
      voucherId: r.voucher_id,
      voucherNumber: num(r.voucher_number),
      voucherDate: r.voucher_date,
      issueDate: r.issue_date,
      number: r.number,
      rut: r.rut,
      rutValid: Boolean(r.rut_valid),
      name: r.name,
      gross: num(r.gross),
      retention: num(r.retention),
    }));
  }

  /** Releases an expense from the duplicate check; true when it was not released before. */
  async release(
    companyId: string,
    reportId: number,
    expenseId: number,
    by: string,
    at: string,
  ): Promise<boolean> {
    const where = { company_id: companyId, expense_id: expenseId };
    if (await this.db(RELEASES).where(where).first()) return false;
    await this.db(RELEASES)
      .insert({ ...where, report_id: reportId, released_by: by, released_at: at })
      .onConflict(['company_id', 'expense_id'])
      .ignore();
    return true;
  }

  async releasedExpenseIds(companyId: string): Promise<Set<number>> {
    const rows: { expense_id: unknown }[] = await this.db(RELEASES)
      .where({ company_id: companyId })
      .select('expense_id');
    return new Set(rows.map((r) => num(r.expense_id)));
  }
}
