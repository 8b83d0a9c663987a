/**
 * Response DTOs of the Rindegastos v1 API. Validated with `validateDto(..., { forbidUnknown: false })`:
 * unknown keys pass through (the API adds fields over time), while ids, amounts, statuses and
 * dates are strict, because posting depends on them. Free text is lenient: a missing or null text
 * field becomes "" (v1 uses "" for empty), a number where text is expected becomes its string.
 */
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import type {
  Expense,
  ExpenseFile,
  ExpenseReport,
  ExtraField,
  Fund,
  Policy,
  PolicyCategory,
  PolicyExtraField,
  PolicyTax,
  RindegastosUser,
} from './api';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_EMPTY = /^(\d{4}-\d{2}-\d{2})?$/;
/** Integration dates come back in several shapes (§2.2): "", a date, or a date and a time. */
const INTEGRATION_DATE = /^(\d{4}-\d{1,2}-\d{1,2}([ T][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?$/;

const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** Lenient free text: null/undefined → "", numbers → their string; anything else must be a string. */
function Text(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) =>
      value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : value,
    )(target, key);
    IsString()(target, key);
  };
}

/** Lenient flag: booleans, 0/1 and "0"/"1"/"true"/"false" all read as booleans. */
function Flag(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => {
      if (value === 1 || value === '1' || value === 'true') return true;
      if (value === 0 || value === '0' || value === 'false' || value === '' || value === null) return false;
      return value;
    })(target, key);
    IsBoolean()(target, key);
  };
}

/** A date string that must match `pattern` (null reads as ""). */
function DateText(pattern: RegExp): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (value === null ? '' : value))(target, key);
    IsString()(target, key);
    Matches(pattern, { message: `${String(key)} debe ser una fecha AAAA-MM-DD` })(target, key);
  };
}

function Amount(): PropertyDecorator {
  return (target, key) => {
    IsNumber(FINITE, { message: `${String(key)} debe ser un número` })(target, key);
  };
}

function Id(min = 1): PropertyDecorator {
  return (target, key) => {
    IsInt({ message: `${String(key)} debe ser un entero` })(target, key);
    Min(min, { message: `${String(key)} debe ser mayor o igual a ${min}` })(target, key);
  };
}

/** Nested array of DTOs; null/missing reads as []. */
function ListOf(cls: () => new () => object): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (value === null || value === undefined ? [] : value))(target, key);
    IsArray()(target, key);
    ValidateNested({ each: true })(target, key);
    Type(cls)(target, key);
  };
}

function IsStringOrBoolean(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringOrBoolean',
      validator: {
        validate: (value: unknown) => typeof value === 'string' || typeof value === 'boolean',
        defaultMessage: (args) => `${args?.property} debe ser texto o booleano`,
      },
    },
    options,
  );
}

export class ExtraFieldDto implements ExtraField {
  @Text() Name = '';
  @Text() Value = '';
  @Text() Code = '';
}

export class ExpenseFileDto implements ExpenseFile {
  @Text() FileName = '';
  @Text() Extension = '';
  @Text() Original = '';
  @Text() Large = '';
  @Text() Medium = '';
  @Text() Small = '';
}

export class ExpenseDto implements Expense {
  @Id() Id!: number;
  @IsIn([0, 1, 2], { message: 'Status debe ser 0, 1 o 2' }) Status!: 0 | 1 | 2;
  @Text() Supplier = '';
  @DateText(DATE) IssueDate!: string;
  @Amount() OriginalAmount!: number;
  @Text() OriginalCurrency = '';
  @Amount() ExchangeRate!: number;
  @Amount() Net!: number;
  @Amount() Tax!: number;
  @Text() TaxName = '';
  @Amount() OtherTaxes!: number;
  @Text() RetentionName = '';
  @Amount() Retention!: number;
  @Amount() Total!: number;
  @Text() Currency = '';
  @Flag() Reimbursable = true;
  @Text() Category = '';
  @Text() CategoryCode = '';
  @Text() CategoryGroup = '';
  @Text() CategoryGroupCode = '';
  @Text() Note = '';
  @DateText(INTEGRATION_DATE) IntegrationDate = '';
  @Text() IntegrationExternalCode = '';
  @ListOf(() => ExtraFieldDto) ExtraFields: ExtraFieldDto[] = [];
  @ListOf(() => ExpenseFileDto) Files: ExpenseFileDto[] = [];
  @Id(0) NbrFiles = 0;
  @Id(0) ReportId!: number;
  @Id(0) ExpensePolicyId!: number;
  @Id(0) UserId!: number;
}

export class ExpenseReportDto implements ExpenseReport {
  @Id() Id!: number;
  @Text() Title = '';
  @Text() ReportNumber = '';
  @DateText(DATE) SendDate!: string;
  @DateText(DATE_OR_EMPTY) CloseDate = '';
  @Id(0) EmployeeId!: number;
  @Text() EmployeeName = '';
  @Text() EmployeeIdentification = '';
  @Id(0) ApproverId = 0;
  @Text() ApproverName = '';
  @Id(0) PolicyId!: number;
  @Text() PolicyName = '';
  @IsIn([0, 1], { message: 'Status debe ser 0 o 1' }) Status!: 0 | 1;
  @Text() CustomStatus = '';
  @Id(0) FundId = 0;
  @Text() FundName = '';
  @Amount() ReportTotal!: number;
  @Amount() ReportTotalApproved!: number;
  @Text() Currency = '';
  @Text() Note = '';
  @Transform(({ value }) =>
    value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : value,
  )
  @IsStringOrBoolean()
  Integrated: string | boolean = '';
  @DateText(INTEGRATION_DATE) IntegrationDate = '';
  @Text() IntegrationExternalCode = '';
  @Text() IntegrationInternalCode = '';
  @Id(0) NbrExpenses = 0;
  @Id(0) NbrApprovedExpenses = 0;
  @Id(0) NbrRejectedExpenses = 0;
  @ListOf(() => ExtraFieldDto) ExtraFields: ExtraFieldDto[] = [];
}

export class PolicyDto implements Policy {
  @Id() Id!: number;
  @Text() Name = '';
  @Text() Code = '';
  @Text() Description = '';
  @Flag() IsActive = true;
  @Text() Currency = '';
  @Id(0) TotalEmployees = 0;
  @Id(0) TotalApprovers = 0;
}

export class PolicyCategoryDto implements PolicyCategory {
  @Text() Name = '';
  @Text() GroupName = '';
  @Text() GroupCode = '';
  @Text() AccountCode = '';
  @Text() Instructions = '';
}

export class PolicyFieldOptionDto {
  @Text() Value = '';
  @Text() Code = '';
}

export class PolicyExtraFieldDto implements PolicyExtraField {
  @Text() Name = '';
  @Text() Type = '';
  @Text() DefaultValue = '';
  @Text() DefaultCode = '';
  @ListOf(() => PolicyFieldOptionDto) Options: PolicyFieldOptionDto[] = [];
}

export class PolicyTaxDto implements PolicyTax {
  @IsInt({ message: 'Type debe ser un entero' }) Type!: number;
  @Text() Name = '';
  @Amount() Value!: number;
}

export class UserRoleDto {
  @Flag() Admin = false;
  @Flag() Management = false;
}

export class UserDto implements RindegastosUser {
  @Id() Id!: number;
  @Text() FirstName = '';
  @Text() LastName = '';
  @Text() Email = '';
  @Text() Identification = '';
  @Text() CostingCode = '';
  @Text() EmployeeNumber = '';
  @Text() Department = '';
  @Text() Position = '';
  @Text() CreatedAt = '';
  @Text() LastLogin = '';
  @ListOf(() => UserRoleDto) Role: UserRoleDto[] = [];
}

export class FundDto implements Fund {
  @Id() Id!: number;
  @Text() Title = '';
  @Text() Code = '';
  @IsInt({ message: 'Status debe ser un entero' }) Status!: number;
  @Amount() Deposits = 0;
  @Amount() Withdrawals = 0;
  @Amount() Balance!: number;
  @Text() Currency = '';
  @Id(0) IdAssignTo = 0;
  @Id(0) IdCreator = 0;
  @Text() CreatedAt = '';
  @Text() ExpirationDate = '';
}

/** `Records` of a v1 list page; the per-list count key is not checked (its meaning is uncertain, §2.1). */
export class RecordsDto {
  @Id(0) TotalRecords!: number;
  @Id(0) Page!: number;
  @Id(0) Pages!: number;
}

export class PolicyCategoriesDto {
  @Id(0) IdPolicy!: number;
  @Text() PolicyName = '';
  @ListOf(() => PolicyCategoryDto) Categories: PolicyCategoryDto[] = [];
}

export class PolicyFieldsDto {
  @Id(0) IdPolicy!: number;
  @Text() PolicyName = '';
  @ListOf(() => PolicyExtraFieldDto) ExpenseExtraFields: PolicyExtraFieldDto[] = [];
}

export class PolicyTaxesDto {
  @Id(0) IdPolicy!: number;
  @Text() PolicyName = '';
  @ListOf(() => PolicyTaxDto) Taxes: PolicyTaxDto[] = [];
}

/** The short echo of an integration or custom-status write; only the Id is checked. */
export class WriteEchoDto {
  @Id() Id!: number;
}
