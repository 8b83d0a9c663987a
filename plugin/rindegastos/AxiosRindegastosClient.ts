import type { AxiosInstance } from 'axios';
import type { ClassConstructor } from 'class-transformer';
import { RindegastosApiError, ValidationError } from '../errors/errors';
import type { Logger } from '../host/Host';
import { validateDto } from '../../shared/validation/validateDto';
import type {
  Expense,
  ExpenseQuery,
  ExpenseReport,
  Fund,
  IntegrationMark,
  InvalidItem,
  Policy,
  PolicyCategory,
  PolicyExtraField,
  PolicyTax,
  ReportQuery,
  RindegastosClient,
  RindegastosUser,
} from './api';
import {
  ExpenseDto,
  ExpenseReportDto,
  FundDto,
  PolicyCategoriesDto,
  PolicyDto,
  PolicyFieldsDto,
  PolicyTaxesDto,
  RecordsDto,
  UserDto,
  WriteEchoDto,
} from './dto';
import { interpretResponse, invalidBodyError, transportError } from './errorMapper';
import { chileToday } from './dates';
import { orderedPages, yearWindows, type FetchedPage } from './paging';
import { decideRetry, type RetryPolicy } from './retryPolicy';

/** The documented maximum page size (§2.1). */
export const PAGE_SIZE = 100;

/** Everything a client needs besides its token; built once by the factory. */
export interface ClientRuntime {
  http: AxiosInstance;
  timeoutMs: number;
  concurrency: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
  logger?: Logger;
}

type Params = Record<string, string | number | undefined>;
type Verb = 'GET' | 'PUT';

const LENIENT = { forbidUnknown: false } as const;

/**
 * The Rindegastos v1 client for one company's token. Every failure is a RindegastosApiError;
 * lists are async iterators over all pages. The token lives in a private field only: it is sent
 * per request and never reaches an error, a log line or `util.inspect(client)`.
 */
export class AxiosRindegastosClient implements RindegastosClient {
  readonly #token: string;
  /** performance.now() by which every call must be done; Infinity for background clients. */
  readonly #deadline: number;
  readonly #deadlineMs: number | undefined;

  constructor(
    private readonly rt: ClientRuntime,
    token: string,
    deadlineMs?: number,
  ) {
    this.#token = token.trim();
    this.#deadlineMs = deadlineMs;
    this.#deadline = deadlineMs === undefined ? Infinity : performance.now() + deadlineMs;
  }

  // ---- lists -------------------------------------------------------------------------------

  async *getExpenseReports(query: ReportQuery): AsyncIterable<ExpenseReport> {
    const until = query.until ?? chileToday(this.rt.now());
    for (const w of yearWindows(query.since, until)) {
      yield* this.list('getExpenseReports', 'ExpenseReports', ExpenseReportDto, query.onInvalid, {
        Since: w.since,
        Until: w.until,
        Status: query.status,
        IntegrationStatus: query.integrationStatus,
        TypeDateFilter: query.typeDateFilter,
        UserId: query.userId,
        ExpensePolicyId: query.policyId,
        Currency: query.currency,
        IntegrationCode: query.integrationCode,
        OrderBy: query.orderBy ?? 3,
        Order: query.order ?? 'ASC',
      });
    }
  }

  getExpenses(query: ExpenseQuery): AsyncIterable<Expense> {
    return this.list('getExpenses', 'Expenses', ExpenseDto, query.onInvalid, {
      ReportId: query.reportId,
      Status: query.status,
      Since: query.since,
      Until: query.until,
      IntegrationStatus: query.integrationStatus,
      IntegrationCode: query.integrationCode,
      UserId: query.userId,
      ExpensePolicyId: query.policyId,
      Currency: query.currency,
      Category: query.category,
      OrderBy: query.orderBy,
      Order: query.order,
    });
  }

  getExpensePolicies(): AsyncIterable<Policy> {
    return this.list('getExpensePolicies', 'Policies', PolicyDto, undefined, {});
  }

  getUsers(): AsyncIterable<RindegastosUser> {
    return this.list('getUsers', 'Users', UserDto, undefined, {});
  }

  getFunds(): AsyncIterable<Fund> {
    return this.list('getFunds', 'Funds', FundDto, undefined, {});
  }

  // ---- single objects ----------------------------------------------------------------------

  getExpenseReport(id: number): Promise<ExpenseReport> {
    return this.single('getExpenseReport', ExpenseReportDto, { Id: id }, id);
  }

  getExpense(id: number): Promise<Expense> {
    return this.single('getExpense', ExpenseDto, { Id: id }, id);
  }

  getExpensePolicy(id: number): Promise<Policy> {
    return this.single('getExpensePolicy', PolicyDto, { Id: id }, id);
  }

  getUser(id: number): Promise<RindegastosUser> {
    return this.single('getUser', UserDto, { Id: id }, id);
  }

  async getExpensePolicyCategories(policyId: number): Promise<PolicyCategory[]> {
    const method = 'getExpensePolicyCategories';
    const body = await this.call(method, 'GET', { IdPolicy: policyId }, undefined, true);
    return this.validate(method, PolicyCategoriesDto, body).Categories;
  }

  async getExpensePolicyExpenseFields(policyId: number): Promise<PolicyExtraField[]> {
    const method = 'getExpensePolicyExpenseFields';
    const body = await this.call(method, 'GET', { IdPolicy: policyId }, undefined, true);
    return this.validate(method, PolicyFieldsDto, body).ExpenseExtraFields;
  }

  async getExpensePolicyExpenseReportFields(policyId: number): Promise<PolicyExtraField[]> {
    const method = 'getExpensePolicyExpenseReportFields';
    const body = await this.call(method, 'GET', { IdPolicy: policyId }, undefined, true);
    return this.validate(method, PolicyFieldsDto, body).ExpenseExtraFields;
  }

  async getExpensePolicyTaxes(policyId: number): Promise<PolicyTax[]> {
    const method = 'getExpensePolicyTaxes';
    const body = await this.call(method, 'GET', { IdPolicy: policyId }, undefined, true);
    return this.validate(method, PolicyTaxesDto, body).Taxes;
  }

  // ---- writes ------------------------------------------------------------------------------

  /** Idempotent (the same mark twice is one mark), so every transient failure is retried. */
  async setExpenseReportIntegration(mark: IntegrationMark): Promise<void> {
    await this.write('setExpenseReportIntegration', markBody(mark), true);
  }

  /** Idempotent, like the report mark. */
  async setExpenseIntegration(mark: IntegrationMark): Promise<void> {
    await this.write('setExpenseIntegration', markBody(mark), true);
  }

  /**
   * Not idempotent: each call may add a line to the report's history, so it is retried only when
   * the server surely did not take it (429, connection refused).
   */
  async setExpenseReportCustomStatus(input: {
    Id: number;
    IdAdmin: number;
    CustomStatus: string;
    CustomMessage?: string;
  }): Promise<void> {
    const body: Record<string, unknown> = {
      Id: input.Id,
      IdAdmin: input.IdAdmin,
      CustomStatus: input.CustomStatus,
    };
    if (input.CustomMessage !== undefined) body.CustomMessage = input.CustomMessage;
    await this.write('setExpenseReportCustomStatus', body, false);
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private list<T extends object>(
    method: string,
    listKey: string,
    dto: ClassConstructor<T>,
    onInvalid: ((item: InvalidItem) => void) | undefined,
    params: Params,
  ): AsyncIterable<T> {
    const fetchPage = (page: number) => this.page(method, listKey, dto, onInvalid, params, page);
    return orderedPages(fetchPage, this.rt.concurrency);
  }

  private async page<T extends object>(
    method: string,
    listKey: string,
    dto: ClassConstructor<T>,
    onInvalid: ((item: InvalidItem) => void) | undefined,
    params: Params,
    page: number,
  ): Promise<FetchedPage<T>> {
    const body = await this.call(
      method,
      'GET',
      { ...params, ResultsPerPage: PAGE_SIZE, Page: page },
      undefined,
      true,
    );
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalidBodyError([{ field: '(raíz)', message: 'se esperaba un objeto JSON' }], this.ctx(method));
    }
    const b = body as Record<string, unknown>;
    const records = this.validate(method, RecordsDto, b.Records, 'Records');
    const list = b[listKey];
    if (list === undefined && records.TotalRecords === 0) return { items: [], pages: 0 };
    if (!Array.isArray(list)) {
      throw invalidBodyError(
        [{ field: listKey, message: `${listKey} debe ser una lista` }],
        this.ctx(method),
      );
    }
    const items: T[] = [];
    list.forEach((raw: unknown, i) => {
      try {
        items.push(validateDto(dto, raw, { ...LENIENT, path: `${listKey}.${i}` }));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        if (!onInvalid) throw invalidBodyError(err.problems, this.ctx(method));
        const id = (raw as { Id?: unknown } | null)?.Id;
        onInvalid({ id: typeof id === 'number' ? id : undefined, problems: err.problems, raw });
      }
    });
    return { items, pages: records.Pages };
  }

  private async single<T extends object>(
    method: string,
    dto: ClassConstructor<T>,
    params: Params,
    id: number,
  ): Promise<T> {
    const body = await this.call(method, 'GET', params, undefined, true);
    const claimed = (body as { Id?: unknown } | null)?.Id;
    // v1 answers an unknown id with an empty or zeroed object rather than a 404 (§2.4, O-ODOO2).
    if (body === undefined || body === null || claimed === 0 || claimed === undefined || claimed === '0') {
      throw new RindegastosApiError(
        `Rindegastos no tiene el registro ${id} pedido en ${method}.`,
        false,
        'not_found',
        200,
        undefined,
        { details: { method, inBody: true } },
      );
    }
    const value = this.validate(method, dto, body);
    if ((value as { Id?: unknown }).Id !== id) {
      throw invalidBodyError(
        [{ field: 'Id', message: `se pidió ${id} y llegó ${String(claimed)}` }],
        this.ctx(method),
      );
    }
    return value;
  }

  private async write(method: string, body: Record<string, unknown>, idempotent: boolean): Promise<void> {
    const echo = await this.call(method, 'PUT', {}, body, idempotent);
    if (echo === undefined || echo === null || typeof echo !== 'object' || Array.isArray(echo)) return;
    if ((echo as { Id?: unknown }).Id === undefined) return;
    const checked = this.validate(method, WriteEchoDto, echo);
    if (checked.Id !== body.Id) {
      throw invalidBodyError(
        [{ field: 'Id', message: `se marcó ${String(body.Id)} y llegó ${checked.Id}` }],
        this.ctx(method),
      );
    }
  }

  private validate<T extends object>(
    method: string,
    dto: ClassConstructor<T>,
    body: unknown,
    path?: string,
  ): T {
    try {
      return validateDto(dto, body, { ...LENIENT, path });
    } catch (err) {
      if (err instanceof ValidationError) throw invalidBodyError(err.problems, this.ctx(method));
      throw err;
    }
  }

  private ctx(method: string) {
    return { method, secrets: [this.#token], now: this.rt.now(), timeoutMs: this.rt.timeoutMs };
  }

  /** One logical call: attempts with the retry policy between them. */
  private async call(
    method: string,
    verb: Verb,
    params: Params,
    data: unknown,
    idempotent: boolean,
  ): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, verb, params, data);
      } catch (err) {
        const decision = decideRetry(err, attempt, this.rt.retry, { idempotent, random: this.rt.random });
        if (!decision.retry) throw err;
        // No retry that would end after the deadline: the user gets the answer now.
        if (this.remainingMs() <= decision.delayMs) throw this.deadlineError(method);
        const e = err as RindegastosApiError;
        this.rt.logger?.warn(
          { method, attempt, kind: e.kind, httpStatus: e.httpStatus, delayMs: decision.delayMs },
          'Rindegastos: reintentando la llamada',
        );
        await this.rt.sleep(decision.delayMs);
      }
    }
  }

  private remainingMs(): number {
    return this.#deadline - performance.now();
  }

  private deadlineError(method: string): RindegastosApiError {
    return new RindegastosApiError(
      `Rindegastos no respondió dentro de ${Math.round((this.#deadlineMs ?? 0) / 1000)} s (${method}).`,
      true,
      'timeout',
      undefined,
      undefined,
      { details: { method, deadlineMs: this.#deadlineMs } },
    );
  }

  private async attempt(method: string, verb: Verb, params: Params, data: unknown): Promise<unknown> {
    const remaining = this.remainingMs();
    if (remaining <= 0) throw this.deadlineError(method);
    let res;
    try {
      res = await this.rt.http.request<string>({
        method: verb,
        url: method,
        params: dropEmpty(params),
        data: data === undefined ? undefined : JSON.stringify(data),
        headers: {
          Authorization: `Bearer ${this.#token}`,
          ...(data === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        timeout: Math.max(1, Math.min(this.rt.timeoutMs, Math.ceil(remaining))),
      });
    } catch (err) {
      const failure = transportError(err, this.ctx(method));
      throw failure.kind === 'timeout' && this.remainingMs() <= 0 ? this.deadlineError(method) : failure;
    }
    const retryAfter = res.headers?.['retry-after'];
    return interpretResponse(
      {
        status: res.status,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
        text:
          typeof res.data === 'string' ? res.data : res.data === undefined ? '' : JSON.stringify(res.data),
      },
      this.ctx(method),
    );
  }
}

function markBody(mark: IntegrationMark): Record<string, unknown> {
  return {
    Id: mark.Id,
    IntegrationStatus: mark.IntegrationStatus,
    IntegrationCode: mark.IntegrationCode,
    IntegrationDate: mark.IntegrationDate,
  };
}

/** Blank parameters mean "no filter" in the API; the SDKs leave them out (§12). */
function dropEmpty(params: Params): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
