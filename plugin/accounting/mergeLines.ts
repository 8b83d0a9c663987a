import type { VoucherLine } from '../host/Ledger';
import { cutGlosa } from './glosa';
import type { DraftLine } from './lineAnalyses';
import type { BuilderSettings } from './model';

/**
 * Orders and merges a voucher's lines: debit lines in expense order, then credit lines in
 * order of first appearance. 'credit' merges credit lines and 'all' any lines that share
 * side, account, business center, auxiliary RUT and document. The document is part of the
 * key in both modes so a merge never drops a folio an account requires.
 */
export function arrangeLines(
  lines: readonly DraftLine[],
  mode: BuilderSettings['mergeLines'],
  voucherGlosa: string,
  glosaMaxLength: number,
): VoucherLine[] {
  const debits = lines.filter((l) => l.side === 'debit');
  const credits = lines.filter((l) => l.side === 'credit');
  return [
    ...mergeSide(debits, mode === 'all', 'debit', voucherGlosa, glosaMaxLength),
    ...mergeSide(credits, mode === 'all' || mode === 'credit', 'credit', voucherGlosa, glosaMaxLength),
  ];
}

function mergeSide(
  lines: readonly DraftLine[],
  merge: boolean,
  side: 'debit' | 'credit',
  voucherGlosa: string,
  glosaMaxLength: number,
): VoucherLine[] {
  if (!merge) return lines.map(copyLine);
  const groups = new Map<string, DraftLine[]>();
  for (const line of lines) {
    const key = mergeKey(line);
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  return [...groups.values()].map((group) =>
    group.length === 1 ? copyLine(group[0]) : mergeGroup(group, side, voucherGlosa, glosaMaxLength),
  );
}

function mergeKey(line: DraftLine): string {
  return JSON.stringify([
    line.accountCode,
    line.businessCenterCode ?? '',
    line.auxiliary?.rut ?? '',
    line.document?.type ?? '',
    line.document?.number ?? '',
  ]);
}

function mergeGroup(
  group: readonly DraftLine[],
  side: 'debit' | 'credit',
  voucherGlosa: string,
  glosaMaxLength: number,
): VoucherLine {
  const first = group[0];
  const amount = group.reduce((sum, l) => sum + (side === 'debit' ? l.debit : l.credit), 0);
  const glosas = unique(group.map((l) => l.glosa));
  const rules = unique(group.map((l) => l.origin.rule));
  const notes = unique(group.flatMap((l) => (l.origin.note ? [l.origin.note] : [])));
  const merged: VoucherLine = {
    accountCode: first.accountCode,
    debit: side === 'debit' ? amount : 0,
    credit: side === 'credit' ? amount : 0,
    // NOTE: a merged line stands for several documents; its glosa falls back to the voucher's.
    glosa: glosas.length === 1 ? glosas[0] : cutGlosa(voucherGlosa, glosaMaxLength),
    origin: {
      expenseIds: unique(group.flatMap((l) => l.origin.expenseIds)),
      rule: rules.join(', '),
      ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
      ...(group.length === 1 && first.origin.foreign ? { foreign: { ...first.origin.foreign } } : {}),
    },
  };
  if (first.businessCenterCode !== undefined) merged.businessCenterCode = first.businessCenterCode;
  if (first.auxiliary) merged.auxiliary = { ...first.auxiliary };
  if (first.document) merged.document = { ...first.document };
  return merged;
}

function copyLine(line: DraftLine): VoucherLine {
  const copy: VoucherLine = {
    accountCode: line.accountCode,
    debit: line.debit,
    credit: line.credit,
    glosa: line.glosa,
    origin: {
      ...line.origin,
      expenseIds: [...line.origin.expenseIds],
      ...(line.origin.foreign ? { foreign: { ...line.origin.foreign } } : {}),
    },
  };
  if (line.businessCenterCode !== undefined) copy.businessCenterCode = line.businessCenterCode;
  if (line.auxiliary) copy.auxiliary = { ...line.auxiliary };
  if (line.document) copy.document = { ...line.document };
  return copy;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
