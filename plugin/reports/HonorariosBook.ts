import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { ValidationError } from '../errors/errors';
import type { Ledger, PostedVoucher } from '../host/Ledger';
import { SettingsService } from '../settings/SettingsService';
import { BookedDocumentRepository, type BookedHonorarios } from './BookedDocumentRepository';

/** One boleta de honorarios of the Libro de honorarios. */
export interface HonorariosBookRow extends BookedHonorarios {
  /** Gross − retention. */
  net: number;
  /** Why the row needs attention ("" when none): a boleta without (valid) RUT cannot go to the DJ 1879. */
  flag: string;
}

export interface HonorariosBook {
  /** YYYY-MM */
  month: string;
  rows: HonorariosBookRow[];
  totals: { gross: number; retention: number; net: number };
  /**
   * The ledger's side: what the vouchers of these boletas credit to the retention account
   * (Configuración General), and whether it equals the book's retention total.
   */
  ledger: { retentionAccount: string | null; retention: number; matches: boolean; vouchers: number };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** CSV with a header, one row per boleta and a totals row; fields quoted when they need it. */
export function honorariosBookCsv(book: HonorariosBook): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    ['fecha', 'N° boleta', 'RUT', 'nombre', 'bruto', 'retención', 'líquido', 'comprobante', 'observación'],
    ...book.rows.map((r) => [
      r.issueDate || r.voucherDate,
      r.number,
      r.rut,
      r.name,
      r.gross,
      r.retention,
      r.net,
      r.voucherNumber,
      r.flag,
    ]),
    ['', '', '', 'TOTAL', book.totals.gross, book.totals.retention, book.totals.net, '', ''],
  ];
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The monthly Libro de honorarios (what the DJ 1879 is prepared from): the boletas de honorarios
 * of the company's live vouchers dated in the month, with their totals checked against the ledger.
 */
@injectable()
export class HonorariosBookService {
  constructor(
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(BookedDocumentRepository) private readonly booked: BookedDocumentRepository,
    @inject(SettingsService) private readonly settings: SettingsService,
  ) {}

  async book(companyId: string, month: string): Promise<HonorariosBook> {
    if (!MONTH.test(month)) {
      throw new ValidationError([{ field: 'month', message: 'debe ser un mes AAAA-MM, p. ej. 2025-06' }]);
    }
    const booked = await this.booked.honorariosOf(companyId, month);
    const rows: HonorariosBookRow[] = booked.map((b) => ({
      ...b,
      net: b.gross - b.retention,
      flag: !b.rut ? 'sin RUT del prestador' : b.rutValid ? '' : 'RUT del prestador no válido',
    }));
    const totals = rows.reduce(
      (t, r) => ({ gross: t.gross + r.gross, retention: t.retention + r.retention, net: t.net + r.net }),
      { gross: 0, retention: 0, net: 0 },
    );
    const { retentionAccount } = await this.settings.get(companyId);
    const voucherIds = [...new Set(rows.map((r) => r.voucherId))];
    const vouchers = (
      await Promise.all(voucherIds.map((id) => this.ledger.posting.getVoucher(companyId, id)))
    ).filter((v): v is PostedVoucher => v !== null && v.status !== 'reversed' && v.status !== 'deleted');
    const retention = vouchers
      .flatMap((v) => v.lines)
      .filter((l) => retentionAccount !== null && l.accountCode === retentionAccount)
      .reduce((sum, l) => sum + l.credit - l.debit, 0);
    return {
      month,
      rows,
      totals,
      ledger: {
        retentionAccount,
        retention,
        matches: retention === totals.retention && vouchers.length === voucherIds.length,
        vouchers: vouchers.length,
      },
    };
  }
}
