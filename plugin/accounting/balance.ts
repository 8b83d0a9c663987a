import type { VoucherDraft } from '../host/Ledger';
import { isValidAmount } from './money';

export interface DraftTotals {
  debit: number;
  credit: number;
  /** Every amount a non-negative safe integer, exactly one side > 0 per line, at least one line. */
  wellFormed: boolean;
  balanced: boolean;
}

/** The final guard: a draft is posted only when it is well formed and balances to the peso. */
export function draftTotals(draft: VoucherDraft): DraftTotals {
  let debit = 0;
  let credit = 0;
  let wellFormed = draft.lines.length > 0;
  for (const line of draft.lines) {
    if (!isValidAmount(line.debit) || !isValidAmount(line.credit) || line.debit > 0 === line.credit > 0) {
      wellFormed = false;
    }
    debit += line.debit;
    credit += line.credit;
  }
  if (!Number.isSafeInteger(debit) || !Number.isSafeInteger(credit)) wellFormed = false;
  return { debit, credit, wellFormed, balanced: wellFormed && debit === credit };
}
