import type { LineOrigin, VoucherLine } from '../host/Ledger';
import type { ExpenseFacts } from './expenseFacts';
import type { PlannedLine } from './expenseLines';
import { expenseSubject } from './expenseLines';
import { checkAccount, checkBusinessCenter } from './LedgerIndex';
import { messages } from './messages';
import type { BuildInput } from './model';
import type { ProblemCollector } from './ProblemCollector';
import { formatRut } from './rut';
import { sanitizeUser } from './sanitize';

/** A finished line before merging: every analysis its account requires, and nothing else. */
export interface DraftLine extends VoucherLine {
  side: 'debit' | 'credit';
  origin: LineOrigin;
}

/** The report's employee, resolved once: the auxiliary of every credit line that requires one. */
export interface Employee {
  rawRut: string;
  /** Formatted RUT, or null when missing or invalid. */
  rut: string | null;
  name: string;
}

export function resolveEmployee(input: BuildInput): Employee {
  const user = sanitizeUser(input.users.get(input.report.employeeId));
  const rawRut = input.report.employeeIdentification.trim() || (user?.identification ?? '').trim();
  const name = input.report.employeeName.trim() || (user?.name ?? '').trim();
  return { rawRut, rut: formatRut(rawRut), name };
}

/**
 * Checks a planned line's account and fills the analyses that account requires. Returns null
 * (with the problem recorded) when the account cannot take the line; a returned line may still
 * lack an analysis whose problem was recorded, since the build then fails as a whole.
 */
export function analyzeLine(
  planned: PlannedLine,
  facts: ExpenseFacts,
  employee: Employee,
  input: BuildInput,
  problems: ProblemCollector,
): DraftLine | null {
  const { expense } = facts;
  const ids = [expense.id];
  const code = planned.accountCode;
  const checked = checkAccount(code, input.ledger.accounts);
  if (!checked.ok) {
    problems.add(checked.fault, { kind: 'account', key: code }, messages.account(checked.fault, code), {
      expenseIds: ids,
      detail: planned.use.label,
    });
    return null;
  }
  const origin: LineOrigin = { expenseIds: ids, rule: planned.use.rule };
  if (planned.notes.length > 0) origin.note = planned.notes.join(' ');
  if (planned.foreign) origin.foreign = { ...planned.foreign };
  const line: DraftLine = {
    side: planned.side,
    accountCode: code,
    debit: planned.side === 'debit' ? planned.amount : 0,
    credit: planned.side === 'credit' ? planned.amount : 0,
    glosa: planned.glosa,
    origin,
  };
  const requires = checked.account.requires;

  if (requires.businessCenter) {
    const center = businessCenterOf(facts, code, input, problems);
    if (center) line.businessCenterCode = center;
  }

  if (requires.auxiliary) {
    if (planned.party === 'employee') {
      if (employee.rut) {
        line.auxiliary = { rut: employee.rut, name: employee.name };
      } else {
        problems.add(
          'invalid_employee_rut',
          { kind: 'report', key: String(input.report.id) },
          messages.invalidEmployeeRut(input.report, employee.name, employee.rawRut),
          { expenseIds: ids, detail: code },
        );
      }
    } else {
      const rut = formatRut(facts.supplierRut);
      if (rut) {
        line.auxiliary = { rut, name: expense.supplier.trim() };
      } else {
        problems.add(
          'invalid_supplier_rut',
          expenseSubject(expense.id),
          messages.invalidSupplierRut(expense, input.settings.supplierRutField, facts.supplierRut),
          { expenseIds: ids, detail: code },
        );
      }
    }
  }

  if (requires.document) {
    const type = facts.documentCode.trim();
    if (type && facts.folio) {
      line.document = { type, number: facts.folio };
    } else {
      problems.add(
        'missing_document_number',
        expenseSubject(expense.id),
        messages.missingDocumentNumber(
          expense,
          input.settings.documentNumberField,
          input.settings.documentTypeField,
          !type,
        ),
        { expenseIds: ids, detail: code },
      );
    }
  }
  return line;
}

/** The ERP business center of an expense's cost center, or undefined with the problem recorded. */
function businessCenterOf(
  facts: ExpenseFacts,
  accountCode: string,
  input: BuildInput,
  problems: ProblemCollector,
): string | undefined {
  const { expense, costCenterCode } = facts;
  const ids = [expense.id];
  if (!costCenterCode) {
    problems.add(
      'missing_cost_center',
      expenseSubject(expense.id),
      messages.missingCostCenter(expense, input.settings.costCenterField),
      { expenseIds: ids, detail: accountCode },
    );
    return undefined;
  }
  const center = mappedBusinessCenter(costCenterCode, input);
  if (!center) {
    reportUnmappedCostCenter(facts, input, problems);
    return undefined;
  }
  const checked = checkBusinessCenter(center, input.ledger.businessCenters);
  if (!checked.ok) {
    problems.add(
      checked.fault,
      { kind: 'business_center', key: center },
      messages.businessCenter(checked.fault, center),
      { expenseIds: ids, detail: costCenterCode },
    );
    return undefined;
  }
  return center;
}

export function mappedBusinessCenter(costCenterCode: string, input: BuildInput): string | null {
  const center = input.mappings.costCenters.get(costCenterCode);
  return typeof center === 'string' && center.trim() !== '' ? center.trim() : null;
}

export function reportUnmappedCostCenter(
  facts: ExpenseFacts,
  input: BuildInput,
  problems: ProblemCollector,
): void {
  problems.add(
    'unmapped_cost_center',
    { kind: 'cost_center', key: facts.costCenterCode },
    messages.unmappedCostCenter(
      facts.costCenterCode,
      input.mappings.costCenterNames?.get(facts.costCenterCode),
    ),
    { expenseIds: [facts.expense.id] },
  );
}
