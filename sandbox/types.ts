/**
 * The sandbox's own view of Rindegastos v1 JSON (rindegastos-api.md §4–§8). Kept apart from
 * plugin/rindegastos/api.ts on purpose: the simulator must not bend to the client under test.
 */

export interface ExtraFieldJson {
  Name: string;
  Value: string;
  Code: string;
}

export interface FileJson {
  FileName: string;
  Extension: string;
  Original: string;
  Large: string;
  Medium: string;
  Small: string;
}

export interface ExpenseJson {
  Id: number;
  Status: number;
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
  SatInfo: null;
  SunatInfo: null;
  Note: string;
  IntegrationDate: string;
  IntegrationExternalCode: string;
  ExtraFields: ExtraFieldJson[];
  Files: FileJson[];
  NbrFiles: number;
  ReportId: number;
  ExpensePolicyId: number;
  UserId: number;
}

export interface ExpenseReportJson {
  Id: number;
  Title: string;
  ReportNumber: string;
  SendDate: string;
  CloseDate: string;
  EmployeeId: number;
  EmployeeName: string;
  EmployeeIdentification: string;
  ApproverId: number;
  ApproverName: string;
  PolicyId: number;
  PolicyName: string;
  Status: number;
  CustomStatus: string;
  FundId: number;
  FundName: string;
  ReportTotal: number;
  ReportTotalApproved: number;
  Currency: string;
  Note: string;
  Integrated: string;
  IntegrationDate: string;
  IntegrationExternalCode: string;
  IntegrationInternalCode: string;
  NbrExpenses: number;
  NbrApprovedExpenses: number;
  NbrRejectedExpenses: number;
  ExtraFields: ExtraFieldJson[];
  Files: FileJson[];
}

export interface CategoryJson {
  Name: string;
  GroupName: string;
  GroupCode: string;
  AccountCode: string;
  Instructions: string;
}

export interface FieldOptionJson {
  Value: string;
  Code: string;
}

export interface ExtraFieldDefJson {
  Name: string;
  Type: string;
  DefaultValue: string;
  DefaultCode: string;
  Options: FieldOptionJson[];
}

export interface TaxJson {
  Type: number;
  Name: string;
  Value: number;
}

export interface PolicyJson {
  Id: number;
  Name: string;
  Code: string;
  Description: string;
  IsActive: boolean;
  Currency: string;
  TotalEmployees: number;
  TotalApprovers: number;
}

export interface UserJson {
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
  Role: { Admin: boolean; Management: boolean }[];
}

export interface FundJson {
  Id: number;
  Title: string;
  Code: string;
  Currency: string;
  IdAssignTo: number;
  IdCreator: number;
  Deposits: number;
  Withdrawals: number;
  Balance: number;
  Status: number;
  CreatedAt: string;
  ExpirationDate: string;
  FlexibleFund: string;
  ManualDeposit: boolean;
  AutomaticBlock: boolean;
  Transactions: {
    TransactionType: number;
    TransactionTypeName: string;
    TransactionAmount: number;
    TransactionDate: string;
  }[];
}

/** An integration mark as the API stores it (setExpenseIntegration / setExpenseReportIntegration). */
export interface IntegrationMarkJson {
  Id: number;
  IntegrationStatus: 0 | 1;
  IntegrationCode: string;
  IntegrationDate: string;
}
