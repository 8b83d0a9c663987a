/** Vouchers as `GET /api/ledger/vouchers` answers them, and the worked example's expected lines. */

export interface LedgerVoucherLine {
  accountCode: string;
  debit: number;
  credit: number;
  glosa: string;
  businessCenterCode?: string | null;
  auxiliary?: { rut: string } | null;
  document?: { type: string; number: string } | null;
}

export interface LedgerVoucher {
  type: string;
  number: number;
  date: string;
  glosa: string;
  status: string;
  lines: LedgerVoucherLine[];
}

/** account, Debe, Haber, business center, auxiliary RUT, "type folio" — one row per line. */
export function voucherRows(lines: readonly LedgerVoucherLine[]) {
  return lines.map((l) => [
    l.accountCode,
    l.debit,
    l.credit,
    l.businessCenterCode ?? null,
    l.auxiliary?.rut ?? null,
    l.document ? `${l.document.type} ${l.document.number}` : null,
  ]);
}

/** The voucher lines of report 8842 in chile-accounting.md §3, as voucherRows writes them. */
export const WORKED_EXAMPLE_ROWS = [
  ['4110201002', 53880, 0, 'EMPNEGVTAVTA000', null, null],
  ['1110601001', 5620, 0, null, '99.520.000-7', '33 1234567'],
  ['4110205001', 18500, 0, 'EMPNEGVTAVTA000', null, null],
  ['2110701001', 0, 78000, null, '12.345.678-5', null],
];
