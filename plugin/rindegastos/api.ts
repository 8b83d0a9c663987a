/**
 * The Rindegastos v1 API as the plugin uses it (../shared/rindegastos-api.md). PascalCase field
 * names are the API's own. Response objects are validated by DTOs in this folder; these
 * interfaces are what callers see.
 */

export interface ExtraField {
  Name: string;
  Value: string;
  Code: string;
}

export interface Expense {
  Id: number;
  /** 0 in process, 1 approved, 2 rejected */
  Status: 0 | 1 | 2;
  Supplier: string;
  IssueDate: string;
  OriginalAmount: number;
  OriginalCurrency: string;
  ExchangeRate: number;
  Net: number;
  Tax: number;
  TaxName: string;
  OtherTaxes: number;
  RetentionName: string;
  Retention: number;
  Total: number;
  Currency: string;
  Reimbursable: boolean;
  Category: string;
  CategoryCode: string;
  CategoryGroup: string;
  CategoryGroupCode: string;
  Note: string;
  IntegrationDate: string;
  IntegrationExternalCode: string;
  ExtraFields: ExtraField[];
  NbrFiles: number;
  ReportId: number;
  ExpensePolicyId: number;
  UserId: number;
}

export interface ExpenseReport {
  Id: number;
  Title: string;
  ReportNumber: string;
  SendDate: string;
  /** "" while open */
  CloseDate: string;
  EmployeeId: number;
  EmployeeName: string;
  EmployeeIdentification: string;
  ApproverId: number;
  ApproverName: string;
  PolicyId: number;
  PolicyName: string;
  /** 0 open, 1 closed */
  Status: 0 | 1;
  CustomStatus: string;
  FundId: number;
  FundName: string;
  ReportTotal: number;
  ReportTotalApproved: number;
  Currency: string;
  Note: string;
  Integrated: string | boolean;
  IntegrationDate: string;
  IntegrationExternalCode: string;
  IntegrationInternalCode: string;
  NbrExpenses: number;
  NbrApprovedExpenses: number;
  NbrRejectedExpenses: number;
  ExtraFields: ExtraField[];
}

export interface Policy {
  Id: number;
  Name: string;
  Code: string;
  Description: string;
  IsActive: boolean;
  Currency: string;
}

export interface PolicyCategory {
  Name: string;
  GroupName: string;
  GroupCode: string;
  AccountCode: string;
  Instructions: string;
}

export interface PolicyExtraField {
  Name: string;
  Type: string;
  DefaultValue: string;
  DefaultCode: string;
  Options: { Value: string; Code: string }[];
}

export interface PolicyTax {
  Type: number;
  Name: string;
  Value: number;
}

export interface RindegastosUser {
  Id: number;
  FirstName: string;
  LastName: string;
  Email: string;
  Identification: string;
  CostingCode: string;
  EmployeeNumber: string;
  Department: string;
  Position: string;
}

export interface Fund {
  Id: number;
  Title: string;
  Status: number;
  Balance: number;
  Currency: string;
}

export interface IntegrationMark {
  Id: number;
  /** 1 integrated, 0 not */
  IntegrationStatus: 0 | 1;
  /** The ERP voucher number; "" when un-marking. */
  IntegrationCode: string;
  /** `YYYY-MM-DD HH:MM:SS` */
  IntegrationDate: string;
}

export interface ReportQuery {
  /** YYYY-MM-DD; windows longer than one year are split by the client. */
  since: string;
  until?: string;
  status?: 0 | 1;
  integrationStatus?: 0 | 1;
  typeDateFilter?: 1 | 2;
  userId?: number;
  policyId?: number;
}

export interface ExpenseQuery {
  reportId?: number;
  status?: 0 | 1 | 2;
  since?: string;
  until?: string;
  integrationStatus?: 0 | 1;
  userId?: number;
}

/**
 * The client the plugin uses. Lists are async iterators over every page (100 per page).
 * Every failure is a RindegastosApiError (plugin/errors); 401/403 have kind `token_rejected`.
 */
export interface RindegastosClient {
  getExpenseReports(query: ReportQuery): AsyncIterable<ExpenseReport>;
  getExpenseReport(id: number): Promise<ExpenseReport>;
  getExpenses(query: ExpenseQuery): AsyncIterable<Expense>;
  getExpense(id: number): Promise<Expense>;
  getExpensePolicies(): AsyncIterable<Policy>;
  getExpensePolicy(id: number): Promise<Policy>;
  getExpensePolicyCategories(policyId: number): Promise<PolicyCategory[]>;
  getExpensePolicyExpenseFields(policyId: number): Promise<PolicyExtraField[]>;
  getExpensePolicyExpenseReportFields(policyId: number): Promise<PolicyExtraField[]>;
  getExpensePolicyTaxes(policyId: number): Promise<PolicyTax[]>;
  getUsers(): AsyncIterable<RindegastosUser>;
  getUser(id: number): Promise<RindegastosUser>;
  getFunds(): AsyncIterable<Fund>;
  setExpenseReportIntegration(mark: IntegrationMark): Promise<void>;
  setExpenseIntegration(mark: IntegrationMark): Promise<void>;
  setExpenseReportCustomStatus(input: {
    Id: number;
    IdAdmin: number;
    CustomStatus: string;
    CustomMessage?: string;
  }): Promise<void>;
}

/** Builds a client for one company's token. The token never leaves the client. */
export interface RindegastosClientFactory {
  forToken(token: string): RindegastosClient;
}
