import type { LineOrigin } from '../host/Ledger';
import type { ExpenseFacts } from './expenseFacts';
import { lineGlosa } from './glosa';
import { resolveMapping } from './mapping';
import { messages, mappingUse, settingUse, type AccountUse } from './messages';
import type { BuildInput, ProblemSubject } from './model';
import { formatNumber, isValidAmount } from './money';
import type { ProblemCollector } from './ProblemCollector';
import { readText } from '../rindegastos/values';

/** A line before its account is checked and its analyses are filled. */
export interface PlannedLine {
  side: 'debit' | 'credit';
  accountCode: string;
  /** NaN when the expense's amounts are invalid (the build then fails anyway). */
  amount: number;
  use: AccountUse;
  /** Whose RUT is the auxiliary when the account requires one. */
  party: 'employee' | 'supplier';
  glosa: string;
  notes: string[];
  /** The original currency, amount and rate of a foreign-currency expense. */
  foreign?: LineOrigin['foreign'];
}

export interface ExpensePlan {
  lines: PlannedLine[];
  /** True when some account of the expense is not known yet (unmapped item or missing setting). */
  unresolved: boolean;
}

export function expenseSubject(id: number): ProblemSubject {
  return { kind: 'expense', key: String(id) };
}

/**
 * The lines of one approved expense (chile-accounting.md §3). Every problem found is
 * recorded; lines whose account is unknown are left out, and amounts are NaN when invalid.
 * Debit lines (and the retention) describe the document: category, supplier, original currency.
 * The Haber on the mapped credit account is what the company owes the employee for the report,
 * so it carries the report's glosa (`reportGlosa`, the voucher's), whatever the grouping.
 */
export function planExpense(
  facts: ExpenseFacts,
  input: BuildInput,
  problems: ProblemCollector,
  reportGlosa: string,
): ExpensePlan {
  const { expense, kind } = facts;
  const { settings, ledger } = input;
  const ids = [expense.id];
  const subject = expenseSubject(expense.id);
  const max = ledger.glosaMaxLength;
  let unresolved = false;

  const mapping = resolveMapping(kind, expense.category, expense.categoryCode, input.mappings);
  if (!mapping) {
    unresolved = true;
    if (kind === 'factura') {
      problems.add(
        'unmapped_invoice_category',
        { kind: 'invoice_category', key: expense.category },
        messages.unmappedInvoiceCategory(expense.category, expense.categoryCode),
        { expenseIds: ids },
      );
    } else {
      problems.add(
        'unmapped_category',
        { kind: 'category', key: expense.category },
        messages.unmappedCategory(expense.category, expense.categoryCode),
        { expenseIds: ids },
      );
    }
  }

  const amountFields: [string, number][] = [['Total', expense.total]];
  if (kind === 'factura') {
    amountFields.push(['Neto', expense.net], ['IVA', expense.tax], ['Otros impuestos', expense.otherTaxes]);
  }
  if (kind === 'honorarios') amountFields.push(['Retención', expense.retention]);
  let amountsValid = true;
  for (const [label, value] of amountFields) {
    if (isValidAmount(value)) continue;
    amountsValid = false;
    problems.add('invalid_amount', subject, messages.invalidAmount(expense), {
      expenseIds: ids,
      detail: `${label} ${formatNumber(value)}`,
    });
  }
  // Arithmetic only on validated amounts: a wrong-typed value must not be coerced (or throw).
  const amount = (compute: () => number) => (amountsValid ? compute() : NaN);

  const notes: string[] = [];
  let foreignTag: string | undefined;
  let foreign: LineOrigin['foreign'];
  if (facts.foreign) {
    foreign = {
      currency: expense.originalCurrency.trim().toUpperCase(),
      amount: expense.originalAmount,
      exchangeRate: expense.exchangeRate,
    };
    foreignTag = foreignTrace(foreign);
    notes.push(
      `Moneda original ${foreignTag} = ${formatNumber(expense.total)} ${input.companyCurrency}; ` +
        'se usa el Total convertido por Rindegastos' +
        (facts.declaredKind === 'factura'
          ? ', sin separar IVA (un documento extranjero no da crédito fiscal)'
          : '') +
        (facts.declaredKind === 'honorarios' ? ', sin retención de honorarios' : '') +
        '.',
    );
  }
  // The foreign trace closes the glosa and is never the part cut off.
  const tag = foreignTag ? ` (${foreignTag})` : '';
  const baseGlosa =
    tag && max > tag.length
      ? lineGlosa([expense.category, expense.supplier], max - tag.length) + tag
      : lineGlosa([expense.category, expense.supplier, tag], max);
  const lines: PlannedLine[] = [];
  const push = (line: Omit<PlannedLine, 'notes' | 'foreign'> & { notes?: string[] }) => {
    if (line.amount === 0) return;
    lines.push({ ...line, notes: [...notes, ...(line.notes ?? [])], ...(foreign ? { foreign } : {}) });
  };
  /** A line on the account a setting names (IVA crédito fiscal, retención), or the missing setting. */
  const pushOnSetting = (
    key: 'ivaCreditAccount' | 'retentionAccount',
    line: Omit<PlannedLine, 'notes' | 'accountCode' | 'use' | 'foreign'>,
    neededBy: string,
  ) => {
    const accountCode = readText(settings[key]).trim();
    if (accountCode) {
      push({ ...line, accountCode, use: settingUse(key) });
      return;
    }
    unresolved = true;
    problems.add('missing_setting', { kind: 'setting', key }, messages.missingSetting(key, neededBy), {
      expenseIds: ids,
      detail: `gasto ${expense.id}`,
    });
  };

  if (kind === 'factura') {
    // IVA no recuperable (its Categoría de factura says so): the IVA is expense, on the Debe line.
    const ivaToExpense = mapping !== null && !mapping.ivaRecoverable;
    let netDebit = amount(() => expense.net + expense.otherTaxes + (ivaToExpense ? expense.tax : 0));
    const lineNotes: string[] = [];
    if (ivaToExpense && isValidAmount(expense.tax) && expense.tax > 0) {
      lineNotes.push(
        `IVA no recuperable ${formatNumber(expense.tax)} incluido en esta línea (categoría de factura «${expense.category}»).`,
      );
    }
    if (amountsValid) {
      const sum = expense.net + expense.tax + expense.otherTaxes;
      const diff = expense.total - sum;
      if (Math.abs(diff) > 1 || expense.net + expense.otherTaxes + diff < 0) {
        problems.add('inconsistent_amounts', subject, messages.inconsistentFactura(expense), {
          expenseIds: ids,
        });
      } else if (diff !== 0) {
        netDebit += diff;
        lineNotes.push(
          `Se absorbió una diferencia de ${diff > 0 ? '+' : ''}${diff} peso en esta línea: Neto ${formatNumber(expense.net)} + ` +
            `IVA ${formatNumber(expense.tax)} + Otros impuestos ${formatNumber(expense.otherTaxes)} = ` +
            `${formatNumber(sum)}; Total ${formatNumber(expense.total)}.`,
        );
      }
    }
    if (mapping) {
      push({
        side: 'debit',
        accountCode: mapping.debitAccount,
        amount: netDebit,
        use: mappingUse(mapping.source, 'debit'),
        party: 'supplier',
        glosa: baseGlosa,
        notes: lineNotes,
      });
    }
    if (!ivaToExpense && isValidAmount(expense.tax) && expense.tax > 0) {
      pushOnSetting(
        'ivaCreditAccount',
        {
          side: 'debit',
          amount: amount(() => expense.tax),
          party: 'supplier',
          glosa: lineGlosa(['IVA', expense.category, expense.supplier], max),
        },
        'la necesitan las facturas con IVA',
      );
    }
    if (mapping) {
      push({
        side: 'credit',
        accountCode: mapping.creditAccount,
        amount: amount(() => expense.total),
        use: mappingUse(mapping.source, 'credit'),
        party: 'employee',
        glosa: reportGlosa,
      });
    }
    return { lines, unresolved };
  }

  if (mapping) {
    push({
      side: 'debit',
      accountCode: mapping.debitAccount,
      amount: amount(() => expense.total),
      use: mappingUse(mapping.source, 'debit'),
      party: 'supplier',
      glosa: baseGlosa,
    });
  }
  let credited = amount(() => expense.total);
  if (kind === 'honorarios' && isValidAmount(expense.retention) && expense.retention > 0) {
    if (amountsValid && expense.retention > expense.total) {
      problems.add('inconsistent_amounts', subject, messages.inconsistentRetention(expense), {
        expenseIds: ids,
      });
    }
    credited = amount(() => expense.total - expense.retention);
    pushOnSetting(
      'retentionAccount',
      {
        side: 'credit',
        amount: amount(() => expense.retention),
        // The retention is the provider's tax, declared per provider (DJ 1879): the provider's RUT.
        party: 'supplier',
        glosa: lineGlosa(['Retención', expense.category, expense.supplier], max),
      },
      'la necesitan las boletas de honorarios con retención',
    );
  }
  if (mapping) {
    push({
      side: 'credit',
      accountCode: mapping.creditAccount,
      amount: amount(() => credited),
      use: mappingUse(mapping.source, 'credit'),
      party: 'employee',
      glosa: reportGlosa,
    });
  }
  return { lines, unresolved };
}

/** "USD 25,50 × 940": the original currency, amount (two decimals) and the rate Rindegastos used. */
export function foreignTrace(foreign: NonNullable<LineOrigin['foreign']>): string {
  const { amount } = foreign;
  let shown = formatNumber(amount);
  if (Number.isFinite(amount) && amount >= 0) {
    const cents = Math.round(amount * 100);
    shown = `${formatNumber(Math.floor(cents / 100))},${String(cents % 100).padStart(2, '0')}`;
  }
  return `${foreign.currency} ${shown} × ${formatNumber(foreign.exchangeRate)}`;
}
