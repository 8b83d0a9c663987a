/**
 * An in-memory Rindegastos for plugin tests: a RindegastosClientFactory whose clients serve
 * the data below, with switches for a refused token and a network outage.
 */
import { RindegastosApiError } from '../../plugin/errors/errors';
import type {
  Expense,
  ExpenseQuery,
  ExpenseReport,
  Fund,
  IntegrationMark,
  Policy,
  PolicyCategory,
  PolicyExtraField,
  PolicyTax,
  ReportQuery,
  RindegastosClient,
  RindegastosClientFactory,
  RindegastosUser,
} from '../../plugin/rindegastos/api';

export interface FakePolicy extends Policy {
  categories: PolicyCategory[];
  expenseFields: PolicyExtraField[];
  reportFields: PolicyExtraField[];
  taxes: PolicyTax[];
}

export interface FakeData {
  policies: FakePolicy[];
  users: RindegastosUser[];
  reports: ExpenseReport[];
  expenses: Expense[];
  funds: Fund[];
}

export function category(name: string, accountCode: string, group = 'General'): PolicyCategory {
  return {
    Name: name,
    GroupName: group,
    GroupCode: group.slice(0, 3).toUpperCase(),
    AccountCode: accountCode,
    Instructions: '',
  };
}

export function listField(name: string, options: [code: string, value: string][]): PolicyExtraField {
  return {
    Name: name,
    Type: 'list',
    DefaultValue: '',
    DefaultCode: '',
    Options: options.map(([Code, Value]) => ({ Code, Value })),
  };
}

export function user(
  id: number,
  first: string,
  last: string,
  rut: string,
  costingCode: string,
): RindegastosUser {
  return {
    Id: id,
    FirstName: first,
    LastName: last,
    Email: `${first.toLowerCase()}.${last.toLowerCase()}@example.cl`,
    Identification: rut,
    CostingCode: costingCode,
    EmployeeNumber: String(id),
    Department: 'Operaciones',
    Position: '',
    CreatedAt: '2024-01-01 09:00:00',
    LastLogin: '',
    Role: [{ Admin: false, Management: false }],
  };
}

export function policy(id: number, name: string, parts: Partial<FakePolicy> = {}): FakePolicy {
  return {
    Id: id,
    Name: name,
    Code: name.slice(0, 3).toUpperCase(),
    Description: '',
    IsActive: true,
    Currency: 'CLP',
    TotalEmployees: 0,
    TotalApprovers: 0,
    categories: [],
    expenseFields: [],
    reportFields: [],
    taxes: [{ Type: 1, Name: 'IVA', Value: 19 }],
    ...parts,
  };
}

/**
 * A company with two policies sharing "Alimentación", field names spelled differently per
 * policy, and a user whose CostingCode is no option of any policy. Its catalog is:
 * 2 policies, 5 categories (and 5 categorías de factura), 5 accounts (4 with an ERP suggestion
 * against the test chart), 4 cost centers, 6 document types, 3 users.
 */
export function buildFakeData(): FakeData {
  return {
    policies: [
      policy(4044, 'Departamento Maquinaria', {
        categories: [
          category('Combustible', '4-1-10-201-002', 'Vehículos'),
          category('Alimentación', '4-1-10-205-001', 'Viáticos'),
          category('Peajes', '4-1-10-203-009', 'Vehículos'),
        ],
        expenseFields: [
          listField('Tipo de Documento', [
            ['33', 'Factura Electrónica'],
            ['39', 'Boleta Electrónica'],
            ['H', 'Boleta de Honorarios'],
          ]),
          listField('Centro de Costo', [
            ['CC-210', 'Faena Norte'],
            ['CC-300', 'Comercial'],
          ]),
          { ...listField('Número de Documento', []), Type: 'text' },
        ],
      }),
      policy(4050, 'Administración', {
        categories: [
          category('Alimentación', '4-1-10-205-001', 'Viáticos'),
          category('Materiales de oficina', '4110206001', 'Oficina'),
          category('Honorarios', '4-1-10-207-001', 'Servicios'),
        ],
        expenseFields: [
          listField('Tipo de documento', [
            ['33', 'Factura'],
            ['34', 'Factura exenta'],
            ['39', 'Boleta'],
            ['99', 'Boleta de honorarios'],
            ['FL', 'Factura de liquidación'],
          ]),
          listField('Centro de costo ', [
            ['CC-300', 'Comercial'],
            ['CC-400', 'Administración'],
          ]),
        ],
      }),
    ],
    users: [
      user(61, 'Octavio', 'Olivares', '12.345.678-5', 'CC-210'),
      user(64, 'María', 'Pérez', '9.876.543-3', 'CC-300'),
      user(70, 'Jorge', 'Soto', '11.111.111-1', 'CC-999'),
    ],
    reports: [],
    expenses: [],
    funds: [],
  };
}

export type FakeCall = { method: string; arg?: unknown };

export class FakeRindegastos implements RindegastosClientFactory {
  /** Tokens Rindegastos accepts; any other is refused with 401. */
  readonly acceptedTokens = new Set<string>();
  /** Refuse every token (e.g. the admin regenerated it in Rindegastos). */
  rejectTokens = false;
  /** Every call fails as if the network were down. */
  networkDown = false;
  /** Fail (network) on the n-th call from now, counting from 1; null = never. */
  failOnCall: number | null = null;
  readonly calls: FakeCall[] = [];
  readonly marks: { target: 'report' | 'expense'; mark: IntegrationMark }[] = [];

  constructor(public data: FakeData = buildFakeData()) {}

  forToken(token: string): RindegastosClient {
    return new FakeClient(this, token);
  }

  /** Throws what the real client would for the current switches. */
  check(token: string, method: string, arg?: unknown): void {
    this.calls.push({ method, arg });
    if (this.failOnCall !== null && --this.failOnCall === 0) {
      this.failOnCall = null;
      throw new RindegastosApiError('socket hang up (fake)', true, 'network');
    }
    // NOTE: deliberately careless messages that name the token (as a raw axios error carries its
    // request headers): the plugin must never forward a client's message to users, logs or tables.
    if (this.networkDown) {
      throw new RindegastosApiError(
        `connect ECONNREFUSED (fake; Authorization: Bearer ${token})`,
        true,
        'network',
      );
    }
    if (this.rejectTokens || !this.acceptedTokens.has(token)) {
      throw new RindegastosApiError(`HTTP 401 for Bearer ${token}`, false, 'token_rejected', 401);
    }
  }

  policy(id: number): FakePolicy {
    const p = this.data.policies.find((x) => x.Id === id);
    if (!p) throw new RindegastosApiError(`policy ${id} not found (fake)`, false, 'not_found', 404);
    return p;
  }
}

const strip = ({
  categories: _c,
  expenseFields: _e,
  reportFields: _r,
  taxes: _t,
  ...p
}: FakePolicy): Policy => p;

class FakeClient implements RindegastosClient {
  constructor(
    private readonly fake: FakeRindegastos,
    private readonly token: string,
  ) {}

  private async *list<T>(method: string, items: () => T[]): AsyncIterable<T> {
    this.fake.check(this.token, method);
    for (const item of items()) yield structuredClone(item);
  }

  private async one<T>(method: string, arg: unknown, get: () => T): Promise<T> {
    this.fake.check(this.token, method, arg);
    return structuredClone(get());
  }

  getExpenseReports(query: ReportQuery): AsyncIterable<ExpenseReport> {
    return this.list('getExpenseReports', () =>
      this.fake.data.reports.filter(
        (r) =>
          (query.status === undefined || r.Status === query.status) &&
          (query.integrationStatus === undefined || (r.IntegrationDate ? 1 : 0) === query.integrationStatus),
      ),
    );
  }
  getExpenseReport(id: number): Promise<ExpenseReport> {
    return this.one('getExpenseReport', id, () => this.find(this.fake.data.reports, id, 'report'));
  }
  getExpenses(query: ExpenseQuery): AsyncIterable<Expense> {
    return this.list('getExpenses', () =>
      this.fake.data.expenses.filter(
        (e) =>
          (query.reportId === undefined || e.ReportId === query.reportId) &&
          (query.status === undefined || e.Status === query.status),
      ),
    );
  }
  getExpense(id: number): Promise<Expense> {
    return this.one('getExpense', id, () => this.find(this.fake.data.expenses, id, 'expense'));
  }
  getExpensePolicies(): AsyncIterable<Policy> {
    return this.list('getExpensePolicies', () => this.fake.data.policies.map(strip));
  }
  getExpensePolicy(id: number): Promise<Policy> {
    return this.one('getExpensePolicy', id, () => strip(this.fake.policy(id)));
  }
  getExpensePolicyCategories(policyId: number): Promise<PolicyCategory[]> {
    return this.one('getExpensePolicyCategories', policyId, () => this.fake.policy(policyId).categories);
  }
  getExpensePolicyExpenseFields(policyId: number): Promise<PolicyExtraField[]> {
    return this.one(
      'getExpensePolicyExpenseFields',
      policyId,
      () => this.fake.policy(policyId).expenseFields,
    );
  }
  getExpensePolicyExpenseReportFields(policyId: number): Promise<PolicyExtraField[]> {
    return this.one(
      'getExpensePolicyExpenseReportFields',
      policyId,
      () => this.fake.policy(policyId).reportFields,
    );
  }
  getExpensePolicyTaxes(policyId: number): Promise<PolicyTax[]> {
    return this.one('getExpensePolicyTaxes', policyId, () => this.fake.policy(policyId).taxes);
  }
  getUsers(): AsyncIterable<RindegastosUser> {
    return this.list('getUsers', () => this.fake.data.users);
  }
  getUser(id: number): Promise<RindegastosUser> {
    return this.one('getUser', id, () => this.find(this.fake.data.users, id, 'user'));
  }
  getFunds(): AsyncIterable<Fund> {
    return this.list('getFunds', () => this.fake.data.funds);
  }
  async setExpenseReportIntegration(mark: IntegrationMark): Promise<void> {
    this.fake.check(this.token, 'setExpenseReportIntegration', mark);
    this.fake.marks.push({ target: 'report', mark });
  }
  async setExpenseIntegration(mark: IntegrationMark): Promise<void> {
    this.fake.check(this.token, 'setExpenseIntegration', mark);
    this.fake.marks.push({ target: 'expense', mark });
  }
  async setExpenseReportCustomStatus(input: {
    Id: number;
    IdAdmin: number;
    CustomStatus: string;
  }): Promise<void> {
    this.fake.check(this.token, 'setExpenseReportCustomStatus', input);
  }

  private find<T extends { Id: number }>(items: T[], id: number, what: string): T {
    const item = items.find((x) => x.Id === id);
    if (!item) throw new RindegastosApiError(`${what} ${id} not found (fake)`, false, 'not_found', 404);
    return item;
  }
}
