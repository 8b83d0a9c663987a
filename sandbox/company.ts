/**
 * One company's data as the API serves it: generated reports (from the seed, on demand), static
 * reports (the worked example and reports added through the control API), and in-memory
 * overlays: integration marks, custom statuses, field edits and catalog edits.
 */
import { expenseFieldDefs, reportFieldDefs, type CompanyProfile } from './catalog';
import { dateOf, dayOf } from './dates';
import {
  buildReport,
  generateExpense,
  orderExpenseKeys,
  orderReportKeys,
  reportHeader,
  reportTotals,
  type GeneratorContext,
  type ReportHeader,
} from './generator';
import type {
  CategoryJson,
  ExpenseJson,
  ExpenseReportJson,
  ExtraFieldDefJson,
  FieldOptionJson,
  IntegrationMarkJson,
  PolicyJson,
} from './types';

/** An error the API answers with `{"Error": message}` and this status. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The integration-mark filters reports and expenses share (IntegrationStatus, Code, Date). */
export interface IntegrationFilter {
  integrationStatus?: number;
  integrationCode?: string;
  integrationDay?: number;
}

export interface ReportFilter extends IntegrationFilter {
  since?: number;
  until?: number;
  typeDateFilter: 1 | 2;
  currency?: string;
  status?: number;
  policyId?: number;
  userId?: number;
  orderBy: 1 | 2 | 3;
  desc: boolean;
}

export interface ExpenseFilter extends IntegrationFilter {
  since?: number;
  until?: number;
  currency?: string;
  status?: number;
  category?: string;
  reportId?: number;
  policyId?: number;
  userId?: number;
  orderBy: 1 | 2 | 3;
  desc: boolean;
}

export interface PageResult<T> {
  total: number;
  items: T[];
}

interface StaticReport {
  base: ExpenseReportJson;
  /** Fields the creator gave: they win over values computed from the expenses. */
  explicit: Partial<ExpenseReportJson>;
  expenses: ExpenseJson[];
}

/** The fields report filters read; generated reports get them from the header, cheaply. */
type ReportCore = Pick<
  ExpenseReportJson,
  | 'Id'
  | 'Status'
  | 'SendDate'
  | 'CloseDate'
  | 'EmployeeId'
  | 'PolicyId'
  | 'Currency'
  | 'Integrated'
  | 'IntegrationDate'
  | 'IntegrationExternalCode'
>;

export interface CustomStatusEntry {
  Id: number;
  IdAdmin: number;
  CustomStatus: string;
  CustomMessage: string;
}

export interface PolicyState extends PolicyJson {
  approverId: number;
  secondApproverId: number;
  categories: CategoryJson[];
}

/** Sort keys pack (sort value, id) into one float: exact below 2^53 for days × 1e9 + ids < 1e9. */
const ID_SPACE = 1e9;

function isIntegrated(value: unknown): boolean {
  return value === '1' || value === true || value === 1 || value === 'true';
}

function dayOrNone(date: string): number {
  if (!date) return -1;
  const d = dayOf(date);
  return Number.isNaN(d) ? -1 : d;
}

/** Whether an item's integration mark passes the filter; `code` only counts while integrated. */
function integrationMatches(
  f: IntegrationFilter,
  integrated: boolean,
  mark: { IntegrationExternalCode: string; IntegrationDate: string },
): boolean {
  if (f.integrationStatus !== undefined && (integrated ? 1 : 0) !== f.integrationStatus) return false;
  if (f.integrationCode !== undefined && (!integrated || mark.IntegrationExternalCode !== f.integrationCode))
    return false;
  if (f.integrationDay !== undefined && dayOrNone(mark.IntegrationDate) !== f.integrationDay) return false;
  return true;
}

export class CompanyState {
  readonly ctx: GeneratorContext;
  private readonly headers: ReportHeader[];
  private readonly statics = new Map<number, StaticReport>();
  private readonly staticExpenseOwner = new Map<number, number>();
  private nextReportId: number;
  private nextExpenseId: number;
  readonly policies: PolicyState[];
  private expenseFields: ExtraFieldDefJson[];
  private readonly reportFields: ExtraFieldDefJson[];
  private readonly reportEdits = new Map<number, Partial<ExpenseReportJson>>();
  private readonly expenseEdits = new Map<number, Partial<ExpenseJson>>();
  private readonly reportMarks = new Map<number, IntegrationMarkJson>();
  private readonly expenseMarks = new Map<number, IntegrationMarkJson>();
  readonly customStatusLog: CustomStatusEntry[] = [];

  constructor(
    readonly profile: CompanyProfile,
    seed: number,
    reports: number,
    expensesPerReport: number,
    statics: { report: ExpenseReportJson; expenses: ExpenseJson[] }[] = [],
    /** Whole days every generated date moves (anchored mode). */
    dayShift = 0,
  ) {
    if (!Number.isInteger(reports) || reports < 0) throw new RangeError('reports must be an integer >= 0');
    if (!Number.isInteger(expensesPerReport) || expensesPerReport < 1) {
      throw new RangeError('expensesPerReport must be an integer >= 1');
    }
    if (reports * expensesPerReport > profile.addedExpenseIdBase - profile.expenseIdBase) {
      throw new RangeError(
        `at most ${profile.addedExpenseIdBase - profile.expenseIdBase} expenses per company`,
      );
    }
    this.ctx = { profile, seed, reports, expensesPerReport, dayShift };
    // The headers are the seed state: a few numbers per report, enough to filter and sort.
    this.headers = Array.from({ length: reports }, (_, i) => reportHeader(this.ctx, i));
    this.nextReportId = profile.addedReportIdBase;
    this.nextExpenseId = profile.addedExpenseIdBase;
    this.policies = profile.policies.map((p) => ({
      Id: p.Id,
      Name: p.Name,
      Code: p.Code,
      Description: p.Description,
      IsActive: p.IsActive,
      Currency: p.Currency,
      TotalEmployees: [...profile.userPolicy.values()].filter((id) => id === p.Id).length,
      TotalApprovers: p.approverId === p.secondApproverId ? 1 : 2,
      approverId: p.approverId,
      secondApproverId: p.secondApproverId,
      categories: p.categories.map((c) => ({
        Name: c.Name,
        GroupName: c.GroupName,
        GroupCode: c.GroupCode,
        AccountCode: c.AccountCode,
        Instructions: c.Instructions,
      })),
    }));
    this.expenseFields = expenseFieldDefs(profile.costCenters);
    this.reportFields = reportFieldDefs();
    for (const s of statics) this.storeStatic(s.report, s.expenses, {});
  }

  get reportCount(): number {
    return this.headers.length + this.statics.size;
  }

  // ---- reads -------------------------------------------------------------------------------

  report(id: number): ExpenseReportJson | undefined {
    return this.materialize(id)?.report;
  }

  /** A report with its expenses, overlays applied. */
  materialize(id: number): { report: ExpenseReportJson; expenses: ExpenseJson[] } | undefined {
    const h = this.header(id);
    if (h) {
      const expenses = this.generatedExpenses(h);
      return { report: this.overlayReport(buildReport(this.ctx, h, expenses)), expenses };
    }
    const s = this.statics.get(id);
    if (!s) return undefined;
    const expenses = s.expenses.map((e) => this.overlayExpense(e));
    return { report: this.overlayReport({ ...s.base, ...reportTotals(expenses), ...s.explicit }), expenses };
  }

  expense(id: number): ExpenseJson | undefined {
    const { expenseIdBase } = this.profile;
    const M = this.ctx.expensesPerReport;
    const k = id - expenseIdBase;
    if (Number.isInteger(k) && k >= 0 && k < this.headers.length * M) {
      return this.overlayExpense(generateExpense(this.ctx, this.headers[Math.floor(k / M)], k % M));
    }
    const owner = this.staticExpenseOwner.get(id);
    if (owner === undefined) return undefined;
    const e = this.statics.get(owner)!.expenses.find((x) => x.Id === id);
    return e && this.overlayExpense(e);
  }

  queryReports(f: ReportFilter, page: number, perPage: number): PageResult<ExpenseReportJson> {
    const keys: number[] = [];
    const consider = (r: ReportCore) => {
      if (this.reportMatches(r, f)) keys.push(this.reportSortKey(r, f.orderBy));
    };
    for (const h of this.headers) consider(this.overlayReport(this.headerCore(h)));
    for (const id of this.statics.keys()) consider(this.materialize(id)!.report);
    const ids = pageOf(keys, f.desc, page, perPage);
    return { total: keys.length, items: ids.map((id) => this.report(id)!) };
  }

  queryExpenses(f: ExpenseFilter, page: number, perPage: number): PageResult<ExpenseJson> {
    const keys: number[] = [];
    const consider = (e: ExpenseJson) => {
      if (this.expenseMatches(e, f)) keys.push(this.expenseSortKey(e, f.orderBy));
    };
    if (f.reportId !== undefined) {
      const found = this.materialize(f.reportId);
      found?.expenses.forEach(consider);
    } else {
      // One report's expenses at a time: memory stays at one report plus the sort keys.
      for (const h of this.headers) this.generatedExpenses(h).forEach(consider);
      for (const s of this.statics.values()) s.expenses.forEach((e) => consider(this.overlayExpense(e)));
    }
    const ids = pageOf(keys, f.desc, page, perPage);
    return { total: keys.length, items: ids.map((id) => this.expense(id)!) };
  }

  policy(id: number): PolicyState | undefined {
    return this.policies.find((p) => p.Id === id);
  }

  expenseFieldsOf(policyId: number): ExtraFieldDefJson[] {
    this.requirePolicy(policyId);
    return this.expenseFields;
  }

  reportFieldsOf(policyId: number): ExtraFieldDefJson[] {
    this.requirePolicy(policyId);
    return this.reportFields;
  }

  // ---- API writes --------------------------------------------------------------------------

  markReport(mark: IntegrationMarkJson): ExpenseReportJson {
    if (!this.report(mark.Id)) throw new SandboxError(404, `No existe el informe ${mark.Id}.`);
    this.reportMarks.set(mark.Id, normalizeMark(mark));
    return this.report(mark.Id)!;
  }

  markExpense(mark: IntegrationMarkJson): ExpenseJson {
    if (!this.expense(mark.Id)) throw new SandboxError(404, `No existe el gasto ${mark.Id}.`);
    this.expenseMarks.set(mark.Id, normalizeMark(mark));
    return this.expense(mark.Id)!;
  }

  setCustomStatus(entry: CustomStatusEntry): ExpenseReportJson {
    if (!this.report(entry.Id)) throw new SandboxError(404, `No existe el informe ${entry.Id}.`);
    const admin = this.profile.users.find((u) => u.Id === entry.IdAdmin);
    if (!admin || !admin.Role.some((r) => r.Admin)) {
      throw new SandboxError(400, `IdAdmin ${entry.IdAdmin} no es un administrador de la empresa.`);
    }
    this.reportEdits.set(entry.Id, { ...this.reportEdits.get(entry.Id), CustomStatus: entry.CustomStatus });
    this.customStatusLog.push(entry);
    return this.report(entry.Id)!;
  }

  // ---- control API -------------------------------------------------------------------------

  marks(): { reports: IntegrationMarkJson[]; expenses: IntegrationMarkJson[] } {
    const byId = (a: IntegrationMarkJson, b: IntegrationMarkJson) => a.Id - b.Id;
    return {
      reports: [...this.reportMarks.values()].sort(byId),
      expenses: [...this.expenseMarks.values()].sort(byId),
    };
  }

  clearMarks(): void {
    this.reportMarks.clear();
    this.expenseMarks.clear();
  }

  /** Adds a report with its expenses; fields are API field names, missing ones get defaults. */
  addReport(
    fields: Partial<ExpenseReportJson>,
    expenseFields: Partial<ExpenseJson>[],
  ): { report: ExpenseReportJson; expenses: ExpenseJson[] } {
    const Id = fields.Id ?? this.nextFreeReportId();
    if (!Number.isInteger(Id) || Id <= 0 || Id >= ID_SPACE)
      throw new SandboxError(400, `Id de informe inválido: ${Id}`);
    if (this.report(Id)) throw new SandboxError(409, `Ya existe el informe ${Id}.`);
    const pol = this.policy(fields.PolicyId ?? this.policies[0].Id);
    if (!pol) throw new SandboxError(400, `No existe la política ${fields.PolicyId}.`);
    const employee = this.profile.users.find((u) => u.Id === (fields.EmployeeId ?? this.profile.users[0].Id));
    const approver = this.profile.users.find((u) => u.Id === pol.approverId);
    const Status = fields.Status ?? 1;
    const SendDate = fields.SendDate ?? '2026-11-02';
    const report: ExpenseReportJson = {
      Id,
      Title: `Rendición ${Id}`,
      ReportNumber: String(Id % 100_000),
      SendDate,
      CloseDate: Status === 1 ? SendDate : '',
      EmployeeId: employee?.Id ?? fields.EmployeeId ?? 0,
      EmployeeName: employee ? `${employee.FirstName} ${employee.LastName}` : '',
      EmployeeIdentification: employee?.Identification ?? '',
      ApproverId: approver?.Id ?? 0,
      ApproverName: approver ? `${approver.FirstName} ${approver.LastName}` : '',
      PolicyId: pol.Id,
      PolicyName: pol.Name,
      Status,
      CustomStatus: '',
      FundId: 0,
      FundName: '',
      ReportTotal: 0,
      ReportTotalApproved: 0,
      Currency: 'CLP',
      Note: '',
      Integrated: '',
      IntegrationDate: '',
      IntegrationExternalCode: '',
      IntegrationInternalCode: '',
      NbrExpenses: 0,
      NbrApprovedExpenses: 0,
      NbrRejectedExpenses: 0,
      ExtraFields: [],
      Files: [],
      ...fields,
    };
    const firstCategory = pol.categories[0];
    const expenses = expenseFields.map((x): ExpenseJson => {
      const eid = x.Id ?? this.nextFreeExpenseId();
      if (!Number.isInteger(eid) || eid <= 0 || eid >= ID_SPACE)
        throw new SandboxError(400, `Id de gasto inválido: ${eid}`);
      if (this.expense(eid)) throw new SandboxError(409, `Ya existe el gasto ${eid}.`);
      const Total = x.Total ?? 10_000;
      const category = pol.categories.find((c) => c.Name === x.Category) ?? firstCategory;
      return {
        Status: 1,
        Supplier: '',
        IssueDate: report.SendDate,
        OriginalAmount: Total,
        OriginalCurrency: 'CLP',
        ExchangeRate: 1,
        Net: Total,
        Tax: 0,
        TaxName: '',
        OtherTaxes: 0,
        RetentionName: '',
        Retention: 0,
        Total,
        Currency: 'CLP',
        Reimbursable: true,
        Category: category?.Name ?? '',
        CategoryCode: category?.AccountCode ?? '',
        CategoryGroup: category?.GroupName ?? '',
        CategoryGroupCode: category?.GroupCode ?? '',
        SatInfo: null,
        SunatInfo: null,
        Note: '',
        IntegrationDate: '',
        IntegrationExternalCode: '',
        ExtraFields: [],
        Files: [],
        NbrFiles: 0,
        ReportId: Id,
        ExpensePolicyId: pol.Id,
        UserId: report.EmployeeId,
        ...x,
        Id: eid,
      };
    });
    const ids = new Set<number>();
    for (const e of expenses) {
      if (ids.has(e.Id)) throw new SandboxError(409, `Gasto ${e.Id} repetido.`);
      ids.add(e.Id);
    }
    this.storeStatic(report, expenses, fields);
    return this.materialize(Id)!;
  }

  updateReport(id: number, fields: Partial<ExpenseReportJson>): ExpenseReportJson {
    if (!this.report(id)) throw new SandboxError(404, `No existe el informe ${id}.`);
    const { Id: _ignored, ...rest } = fields;
    this.reportEdits.set(id, { ...this.reportEdits.get(id), ...rest });
    return this.report(id)!;
  }

  updateExpense(id: number, fields: Partial<ExpenseJson>): ExpenseJson {
    if (!this.expense(id)) throw new SandboxError(404, `No existe el gasto ${id}.`);
    const { Id: _ignored, ...rest } = fields;
    this.expenseEdits.set(id, { ...this.expenseEdits.get(id), ...rest });
    return this.expense(id)!;
  }

  addCategory(policyId: number, category: Partial<CategoryJson> & { Name: string }): CategoryJson[] {
    const pol = this.requirePolicy(policyId);
    if (!category.Name) throw new SandboxError(400, 'La categoría necesita Name.');
    if (pol.categories.some((c) => c.Name === category.Name)) {
      throw new SandboxError(409, `La política ${policyId} ya tiene la categoría "${category.Name}".`);
    }
    pol.categories.push({ GroupName: '', GroupCode: '', AccountCode: '', Instructions: '', ...category });
    return pol.categories;
  }

  updateCategory(policyId: number, name: string, fields: Partial<CategoryJson>): CategoryJson[] {
    const pol = this.requirePolicy(policyId);
    const idx = pol.categories.findIndex((c) => c.Name === name);
    if (idx < 0) throw new SandboxError(404, `La política ${policyId} no tiene la categoría "${name}".`);
    if (fields.Name && fields.Name !== name && pol.categories.some((c) => c.Name === fields.Name)) {
      throw new SandboxError(409, `La política ${policyId} ya tiene la categoría "${fields.Name}".`);
    }
    pol.categories[idx] = { ...pol.categories[idx], ...fields };
    return pol.categories;
  }

  removeCategory(policyId: number, name: string): CategoryJson[] {
    const pol = this.requirePolicy(policyId);
    const idx = pol.categories.findIndex((c) => c.Name === name);
    if (idx < 0) throw new SandboxError(404, `La política ${policyId} no tiene la categoría "${name}".`);
    pol.categories.splice(idx, 1);
    return pol.categories;
  }

  /** Replaces the options of an expense extra field (e.g. a new "Centro de Costo") in every policy. */
  setExpenseFieldOptions(fieldName: string, options: FieldOptionJson[]): ExtraFieldDefJson[] {
    const field = this.expenseFields.find((f) => f.Name === fieldName);
    if (!field) throw new SandboxError(404, `No existe el campo "${fieldName}".`);
    this.expenseFields = this.expenseFields.map((f) =>
      f.Name === fieldName ? { ...f, Options: options } : f,
    );
    return this.expenseFields;
  }

  // ---- internals ---------------------------------------------------------------------------

  private requirePolicy(policyId: number): PolicyState {
    const pol = this.policy(policyId);
    if (!pol) throw new SandboxError(404, `No existe la política ${policyId}.`);
    return pol;
  }

  private nextFreeReportId(): number {
    while (this.report(this.nextReportId)) this.nextReportId++;
    return this.nextReportId++;
  }

  private nextFreeExpenseId(): number {
    while (this.expense(this.nextExpenseId) || this.staticExpenseOwner.has(this.nextExpenseId))
      this.nextExpenseId++;
    return this.nextExpenseId++;
  }

  private storeStatic(
    report: ExpenseReportJson,
    expenses: ExpenseJson[],
    explicit: Partial<ExpenseReportJson>,
  ) {
    const totals = reportTotals(expenses);
    this.statics.set(report.Id, {
      base: orderReportKeys({ ...report, ...totals }),
      explicit: pickTotals(explicit),
      expenses: expenses.map(orderExpenseKeys),
    });
    for (const e of expenses) this.staticExpenseOwner.set(e.Id, report.Id);
  }

  private header(id: number): ReportHeader | undefined {
    const i = id - this.profile.reportIdBase;
    return Number.isInteger(i) && i >= 0 && i < this.headers.length ? this.headers[i] : undefined;
  }

  private generatedExpenses(h: ReportHeader): ExpenseJson[] {
    const out: ExpenseJson[] = [];
    for (let j = 0; j < this.ctx.expensesPerReport; j++)
      out.push(this.overlayExpense(generateExpense(this.ctx, h, j)));
    return out;
  }

  private headerCore(h: ReportHeader): ReportCore {
    return {
      Id: h.Id,
      Status: h.Status,
      SendDate: dateOf(h.sendDay),
      CloseDate: h.closeDay < 0 ? '' : dateOf(h.closeDay),
      EmployeeId: h.userId,
      PolicyId: h.policyId,
      Currency: 'CLP',
      Integrated: h.integrated ? '1' : '',
      IntegrationDate: h.integrationDate,
      IntegrationExternalCode: h.integrationCode,
    };
  }

  private overlayReport<T extends ReportCore>(r: T): T {
    const edits = this.reportEdits.get(r.Id);
    let out = edits ? { ...r, ...edits } : r;
    const mark = this.reportMarks.get(r.Id);
    if (mark) {
      const on = mark.IntegrationStatus === 1;
      out = {
        ...out,
        Integrated: on ? '1' : '',
        IntegrationExternalCode: on ? mark.IntegrationCode : '',
        IntegrationDate: on ? mark.IntegrationDate : '',
      };
    }
    return out;
  }

  private overlayExpense(e: ExpenseJson): ExpenseJson {
    const edits = this.expenseEdits.get(e.Id);
    let out = edits ? { ...e, ...edits } : e;
    const mark = this.expenseMarks.get(e.Id);
    if (mark) {
      const on = mark.IntegrationStatus === 1;
      out = {
        ...out,
        IntegrationExternalCode: on ? mark.IntegrationCode : '',
        IntegrationDate: on ? mark.IntegrationDate : '',
      };
    }
    return out;
  }

  private reportMatches(r: ReportCore, f: ReportFilter): boolean {
    if (f.since !== undefined || f.until !== undefined) {
      const day = dayOrNone(f.typeDateFilter === 2 ? r.SendDate : r.CloseDate);
      // Open reports have no CloseDate: they never match a date range on it (§5.1).
      if (day < 0) return false;
      if (f.since !== undefined && day < f.since) return false;
      if (f.until !== undefined && day > f.until) return false;
    }
    if (f.status !== undefined && r.Status !== f.status) return false;
    if (f.currency !== undefined && r.Currency.toUpperCase() !== f.currency) return false;
    if (f.policyId !== undefined && r.PolicyId !== f.policyId) return false;
    if (f.userId !== undefined && r.EmployeeId !== f.userId) return false;
    return integrationMatches(f, isIntegrated(r.Integrated), r);
  }

  private reportSortKey(r: ReportCore, orderBy: 1 | 2 | 3): number {
    if (orderBy === 3) return r.Id;
    const day = dayOrNone(orderBy === 1 ? r.CloseDate : r.SendDate);
    return Math.max(0, day) * ID_SPACE + r.Id;
  }

  private expenseMatches(e: ExpenseJson, f: ExpenseFilter): boolean {
    if (f.since !== undefined || f.until !== undefined) {
      const day = dayOrNone(e.IssueDate);
      if (f.since !== undefined && day < f.since) return false;
      if (f.until !== undefined && day > f.until) return false;
    }
    if (f.status !== undefined && e.Status !== f.status) return false;
    if (
      f.currency !== undefined &&
      e.Currency.toUpperCase() !== f.currency &&
      e.OriginalCurrency.toUpperCase() !== f.currency
    ) {
      return false;
    }
    if (f.category !== undefined && e.Category.toLowerCase() !== f.category.toLowerCase()) return false;
    if (f.reportId !== undefined && e.ReportId !== f.reportId) return false;
    if (f.policyId !== undefined && e.ExpensePolicyId !== f.policyId) return false;
    if (f.userId !== undefined && e.UserId !== f.userId) return false;
    return integrationMatches(f, e.IntegrationDate !== '' || e.IntegrationExternalCode !== '', e);
  }

  private expenseSortKey(e: ExpenseJson, orderBy: 1 | 2 | 3): number {
    if (orderBy !== 1) return e.Id;
    return Math.max(0, dayOrNone(e.IssueDate)) * ID_SPACE + e.Id;
  }
}

function pickTotals(explicit: Partial<ExpenseReportJson>): Partial<ExpenseReportJson> {
  const keys = [
    'ReportTotal',
    'ReportTotalApproved',
    'NbrExpenses',
    'NbrApprovedExpenses',
    'NbrRejectedExpenses',
  ] as const;
  const out: Partial<ExpenseReportJson> = {};
  for (const k of keys) if (explicit[k] !== undefined) out[k] = explicit[k];
  return out;
}

function normalizeMark(mark: IntegrationMarkJson): IntegrationMarkJson {
  return {
    Id: mark.Id,
    IntegrationStatus: mark.IntegrationStatus,
    IntegrationCode: mark.IntegrationStatus === 1 ? mark.IntegrationCode : '',
    IntegrationDate: mark.IntegrationStatus === 1 ? mark.IntegrationDate : '',
  };
}

/** Sorts the packed keys and returns the ids of one page. */
function pageOf(keys: number[], desc: boolean, page: number, perPage: number): number[] {
  const sorted = Float64Array.from(keys).sort();
  if (desc) sorted.reverse();
  const start = (page - 1) * perPage;
  const out: number[] = [];
  for (let k = start; k < Math.min(sorted.length, start + perPage); k++) out.push(sorted[k] % ID_SPACE);
  return out;
}
