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

/** An attachment; URLs are presumably signed and expiring, so never store them as permanent links. */
export interface ExpenseFile {
  FileName: string;
  Extension: string;
  Original: string;
  Large: string;
  Medium: string;
  Small: string;
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
  Files: ExpenseFile[];
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
  TotalEmployees: number;
  TotalApprovers: number;
}

export interface PolicyCategory {
  /** Only some accounts send it; the category is identified by its Name. */
  Id?: number;
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
  CreatedAt: string;
  LastLogin: string;
  /** In practice one element. */
  Role: { Admin: boolean; Management: boolean }[];
}

export interface Fund {
  Id: number;
  Title: string;
  Code: string;
  /** 1 open, 2 closed, 3 blocked */
  Status: number;
  Deposits: number;
  Withdrawals: number;
  Balance: number;
  Currency: string;
  IdAssignTo: number;
  IdCreator: number;
  CreatedAt: string;
  ExpirationDate: string;
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

/**
 * An item of a list page that failed validation. Given `onInvalid`, a list reports the item and
 * goes on with the others, so one bad report does not stop a whole import; without it the list
 * throws a RindegastosApiError of kind `malformed` naming the field.
 */
export interface InvalidItem {
  /** The item's `Id` when it is a number, else undefined. */
  id?: number;
  /** e.g. `ExpenseReports.3.ReportTotal: ReportTotal must be a number ...` */
  problems: { field: string; message: string }[];
  raw: unknown;
}

export interface ReportQuery {
  /** YYYY-MM-DD; windows longer than one year are split by the client. */
  since: string;
  /** YYYY-MM-DD; defaults to today in Chile. */
  until?: string;
  status?: 0 | 1;
  integrationStatus?: 0 | 1;
  /** 1 = the range applies to CloseDate (default; open reports never match), 2 = to SendDate. */
  typeDateFilter?: 1 | 2;
  userId?: number;
  policyId?: number;
  currency?: string;
  integrationCode?: string;
  /** 1 CloseDate, 2 SendDate, 3 Id. The client sends 3 (Id, ascending) unless told otherwise: stable paging. */
  orderBy?: 1 | 2 | 3;
  order?: 'ASC' | 'DESC';
  onInvalid?: (item: InvalidItem) => void;
}

export interface ExpenseQuery {
  reportId?: number;
  status?: 0 | 1 | 2;
  since?: string;
  until?: string;
  integrationStatus?: 0 | 1;
  integrationCode?: string;
  userId?: number;
  policyId?: number;
  currency?: string;
  category?: string;
  /** 1 issue date (server default), 2 creation date, 3 Id (undocumented, seen in use). */
  orderBy?: 1 | 2 | 3;
  order?: 'ASC' | 'DESC';
  onInvalid?: (item: InvalidItem) => void;
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

export interface ClientCallOptions {
  /**
   * A user waits for this client (token verification, catalog import from a screen): every call
   * together, retries included, must finish within the factory's interactive deadline, or fails
   * with a `timeout` RindegastosApiError. Background work (syncs, write-backs) has none.
   */
  interactive?: boolean;
}

/** Builds a client for one company's token. The token never leaves the client. */
export interface RindegastosClientFactory {
  forToken(token: string, options?: ClientCallOptions): RindegastosClient;
}
