import { RindegastosApiError } from '../errors/errors';
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
  RindegastosUser,
} from '../rindegastos/api';

/** Called once per refusal before the error reaches the caller. */
export type OnTokenRejected = (err: RindegastosApiError) => Promise<void>;

/**
 * A company's client that notices when Rindegastos refuses the stored token: every call that
 * fails with kind `token_rejected` first marks the connection invalid (which stops that
 * company's syncs), then rethrows, so no caller has to remember to do it.
 */
export class GuardedClient implements RindegastosClient {
  constructor(
    private readonly inner: RindegastosClient,
    private readonly onRejected: OnTokenRejected,
  ) {}

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof RindegastosApiError && err.kind === 'token_rejected') await this.onRejected(err);
      throw err;
    }
  }

  private async *iterate<T>(source: () => AsyncIterable<T>): AsyncIterable<T> {
    const it = source()[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.call(() => it.next());
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await it.return?.();
    }
  }

  getExpenseReports(query: ReportQuery): AsyncIterable<ExpenseReport> {
    return this.iterate(() => this.inner.getExpenseReports(query));
  }
  getExpenseReport(id: number): Promise<ExpenseReport> {
    return this.call(() => this.inner.getExpenseReport(id));
  }
  getExpenses(query: ExpenseQuery): AsyncIterable<Expense> {
    return this.iterate(() => this.inner.getExpenses(query));
  }
  getExpense(id: number): Promise<Expense> {
    return this.call(() => this.inner.getExpense(id));
  }
  getExpensePolicies(): AsyncIterable<Policy> {
    return this.iterate(() => this.inner.getExpensePolicies());
  }
  getExpensePolicy(id: number): Promise<Policy> {
    return this.call(() => this.inner.getExpensePolicy(id));
  }
  getExpensePolicyCategories(policyId: number): Promise<PolicyCategory[]> {
    return this.call(() => this.inner.getExpensePolicyCategories(policyId));
  }
  getExpensePolicyExpenseFields(policyId: number): Promise<PolicyExtraField[]> {
    return this.call(() => this.inner.getExpensePolicyExpenseFields(policyId));
  }
  getExpensePolicyExpenseReportFields(policyId: number): Promise<PolicyExtraField[]> {
    return this.call(() => this.inner.getExpensePolicyExpenseReportFields(policyId));
  }
  getExpensePolicyTaxes(policyId: number): Promise<PolicyTax[]> {
    return this.call(() => this.inner.getExpensePolicyTaxes(policyId));
  }
  getUsers(): AsyncIterable<RindegastosUser> {
    return this.iterate(() => this.inner.getUsers());
  }
  getUser(id: number): Promise<RindegastosUser> {
    return this.call(() => this.inner.getUser(id));
  }
  getFunds(): AsyncIterable<Fund> {
    return this.iterate(() => this.inner.getFunds());
  }
  setExpenseReportIntegration(mark: IntegrationMark): Promise<void> {
    return this.call(() => this.inner.setExpenseReportIntegration(mark));
  }
  setExpenseIntegration(mark: IntegrationMark): Promise<void> {
    return this.call(() => this.inner.setExpenseIntegration(mark));
  }
  setExpenseReportCustomStatus(input: {
    Id: number;
    IdAdmin: number;
    CustomStatus: string;
    CustomMessage?: string;
  }): Promise<void> {
    return this.call(() => this.inner.setExpenseReportCustomStatus(input));
  }
}
