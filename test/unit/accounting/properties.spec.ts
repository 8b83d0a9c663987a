import { expect } from 'chai';
import * as fc from 'fast-check';
import { buildVouchers } from '../../../plugin/accounting/VoucherBuilder';
import type { BuildInput } from '../../../plugin/accounting/model';
import { arbCorruption, arbValidBuildInput, corrupt } from '../../support/accountingFactories';

/** A structural copy: same data, no shared objects, so determinism cannot come from identity. */
function cloneInput(input: BuildInput): BuildInput {
  return {
    ...structuredClone({ ...input, users: undefined, mappings: undefined, ledger: undefined }),
    users: structuredClone(input.users),
    mappings: structuredClone(input.mappings),
    ledger: structuredClone(input.ledger),
  } as BuildInput;
}

const approvedTotal = (input: BuildInput) =>
  input.expenses.filter((e) => e.status === 1).reduce((sum, e) => sum + e.total, 0);

describe('voucher builder properties', () => {
  it('builds a balanced voucher for every valid report', () => {
    fc.assert(
      fc.property(arbValidBuildInput, (input) => {
        const result = buildVouchers(input);
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
        for (const { draft } of result.vouchers) {
          const debit = draft.lines.reduce((s, l) => s + l.debit, 0);
          const credit = draft.lines.reduce((s, l) => s + l.credit, 0);
          expect(debit).to.equal(credit);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('debits exactly the sum of the approved expense totals', () => {
    fc.assert(
      fc.property(arbValidBuildInput, (input) => {
        const result = buildVouchers(input);
        if (!result.ok) return false;
        const debit = result.vouchers.flatMap((v) => v.draft.lines).reduce((s, l) => s + l.debit, 0);
        return debit === approvedTotal(input);
      }),
      { numRuns: 300 },
    );
  });

  it('writes only non-negative integer amounts with exactly one side above zero per line', () => {
    fc.assert(
      fc.property(arbValidBuildInput, (input) => {
        const result = buildVouchers(input);
        if (!result.ok) return false;
        return result.vouchers.every((v) =>
          v.draft.lines.every(
            (l) =>
              Number.isSafeInteger(l.debit) &&
              Number.isSafeInteger(l.credit) &&
              l.debit >= 0 &&
              l.credit >= 0 &&
              l.debit > 0 !== l.credit > 0,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('traces every line to approved expenses and keeps glosas within the ledger limit', () => {
    fc.assert(
      fc.property(arbValidBuildInput, (input) => {
        const result = buildVouchers(input);
        if (!result.ok) return false;
        const approved = new Set(input.expenses.filter((e) => e.status === 1).map((e) => e.id));
        return result.vouchers.every(
          (v) =>
            v.draft.glosa.length <= input.ledger.glosaMaxLength &&
            v.draft.lines.every(
              (l) =>
                l.glosa.length <= input.ledger.glosaMaxLength &&
                (l.origin?.expenseIds.length ?? 0) > 0 &&
                l.origin!.expenseIds.every((id) => approved.has(id)),
            ),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('always blocks invalid input with problems, never a draft', () => {
    fc.assert(
      fc.property(arbValidBuildInput, arbCorruption, fc.nat(), (input, corruption, index) => {
        const result = buildVouchers(corrupt(input, corruption, index));
        expect(result.ok, JSON.stringify(corruption)).to.equal(false);
        if (!result.ok) expect(result.problems).to.not.be.empty;
      }),
      { numRuns: 300 },
    );
  });

  it('names the expected cause for each kind of invalid input', () => {
    const expected: Record<string, string> = {
      negative: 'invalid_amount',
      nan: 'invalid_amount',
      fractional: 'invalid_amount',
      inconsistentFactura: 'inconsistent_amounts',
      invalidSupplierRut: 'invalid_supplier_rut',
      invalidEmployeeRut: 'invalid_employee_rut',
    };
    fc.assert(
      fc.property(arbValidBuildInput, arbCorruption, fc.nat(), (input, corruption, index) => {
        const result = buildVouchers(corrupt(input, corruption, index));
        return !result.ok && result.problems.some((p) => p.code === expected[corruption.kind]);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input, even copied, gives the same result', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          arbValidBuildInput,
          fc.tuple(arbValidBuildInput, arbCorruption, fc.nat()).map(([i, c, n]) => corrupt(i, c, n)),
        ),
        (input) => {
          const first = buildVouchers(input);
          expect(buildVouchers(input)).to.deep.equal(first);
          expect(buildVouchers(cloneInput(input))).to.deep.equal(first);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not modify its input', () => {
    fc.assert(
      fc.property(arbValidBuildInput, (input) => {
        const before = cloneInput(input);
        buildVouchers(input);
        expect(input).to.deep.equal(before);
      }),
      { numRuns: 100 },
    );
  });
});

describe('voucher builder robustness', () => {
  const fields = [
    'id',
    'supplier',
    'issueDate',
    'originalAmount',
    'originalCurrency',
    'exchangeRate',
    'net',
    'tax',
    'otherTaxes',
    'retention',
    'total',
    'currency',
    'category',
    'categoryCode',
    'extraFields',
    'userId',
  ] as const;

  it('never throws on wrong-typed or missing expense fields, and never lets a bad value through', () => {
    fc.assert(
      fc.property(
        arbValidBuildInput,
        fc.constantFrom(...fields),
        fc.oneof(fc.anything(), fc.constant(undefined), fc.constant(null)),
        (input, field, value) => {
          const expenses = input.expenses.map((e, i) => (i === 0 ? { ...e, status: 1, [field]: value } : e));
          const result = buildVouchers({ ...input, expenses } as BuildInput);
          if (result.ok) {
            for (const { draft } of result.vouchers) {
              const debit = draft.lines.reduce((s, l) => s + l.debit, 0);
              expect(debit).to.equal(draft.lines.reduce((s, l) => s + l.credit, 0));
              for (const l of draft.lines) expect(Number.isSafeInteger(l.debit + l.credit)).to.equal(true);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on wrong-typed report fields', () => {
    const reportFields = [
      'number',
      'employeeName',
      'employeeIdentification',
      'sendDate',
      'closeDate',
      'title',
    ] as const;
    fc.assert(
      fc.property(
        arbValidBuildInput,
        fc.constantFrom(...reportFields),
        fc.oneof(fc.anything(), fc.constant(undefined)),
        (input, field, value) => {
          buildVouchers({ ...input, report: { ...input.report, [field]: value } } as BuildInput);
        },
      ),
      { numRuns: 300 },
    );
  });
});
