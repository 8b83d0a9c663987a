import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Logger } from '../../../plugin/index';
import { backoffDelayMs, parseRetryAfter, type BackoffOptions } from '../../../shared/retry/backoff';
import { LedgerError } from '../errors';

/** Defontana ids and the API user; `password` is never logged, returned or put in an error. */
export interface DefontanaCredentials {
  client: string;
  company: string;
  user: string;
  password: string;
}

export interface DefontanaClientOptions {
  /** Ends in `/api/`, e.g. https://replapi.defontana.com/api/ */
  baseUrl: string;
  credentials: DefontanaCredentials;
  logger: Logger;
  /** Per request. Default 20 s. */
  timeoutMs?: number;
  retry?: DefontanaRetryPolicy;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DefontanaRetryPolicy extends BackoffOptions {
  /** Total attempts including the first one. */
  maxAttempts: number;
}

export const DEFAULT_DEFONTANA_RETRY: DefontanaRetryPolicy = { maxAttempts: 4, baseMs: 500, capMs: 10_000 };

/**
 * Kinds of failure. `ambiguous` ones (timeout, reset, 5xx) may have happened after Defontana
 * acted on the request: a non-idempotent call (InsertVoucher) must look before re-sending.
 */
export type DefontanaFailureKind =
  'refused' | 'auth' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'http';

export class DefontanaApiError extends LedgerError {
  constructor(
    readonly kind: DefontanaFailureKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super('DEFONTANA_API', message, { kind, status });
  }

  get retryable(): boolean {
    return ['rate_limited', 'server', 'timeout', 'network'].includes(this.kind);
  }

  /** True when Defontana may have stored what the request asked for. */
  get ambiguous(): boolean {
    return this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }
}

/** The envelope every Defontana answer carries. */
interface Envelope {
  success?: boolean;
  message?: string | null;
  exceptionMessage?: string | null;
}

export interface InsertVoucherBody {
  header: { fiscalYear: number; number: 0; voucherType: string; date: string; comment: string };
  detail: DefontanaDetailLine[];
  automaticFoliation: true;
}

export interface DefontanaDetailLine {
  accountCode: string;
  debit: number;
  credit: number;
  comment: string;
  bussinessCenterId?: string;
  fileId?: string;
  documentType?: string;
  documentNumber?: string;
}

export interface InsertedVoucher {
  voucherType: string;
  number: number;
  fiscalYear: number;
  /** Defontana's message, e.g. that the voucher awaits approval. */
  message: string | null;
}

export interface VoucherSummary {
  voucherType: string;
  number: number;
  fiscalYear: number;
  date: string;
  comment: string;
}

export interface AccountAnalysis {
  usesFileAnalysis: boolean;
  usesDocumentAnalysis: boolean;
  usesBussinessCenterAnalysis: boolean;
  usesClassifier1Analysis?: boolean;
  usesClassifier2Analysis?: boolean;
  usesReferenceCurrencyAnalysis?: boolean;
  usesBankAnalysis?: boolean;
}

export interface DefontanaBusinessCenterNode {
  code: string;
  description: string;
  imputable: 'S' | 'N';
  activo: 'S' | 'N';
  descendientes?: DefontanaBusinessCenterNode[];
}

const TRANSPORT_CODES_TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/**
 * Defontana's REST API (chile-accounting.md §5) behind one axios instance. Every answer goes
 * through `toFailure`: HTTP errors and `success: false` inside an HTTP 200 become a
 * `DefontanaApiError` with Defontana's message; an AxiosError (which carries the request URL,
 * and the Auth URL carries the password) never leaves this class.
 */
export class DefontanaClient {
  private readonly http: AxiosInstance;
  private readonly logger: Logger;
  private readonly retry: DefontanaRetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private token: string | null = null;
  private authenticating: Promise<string> | null = null;

  constructor(private readonly opts: DefontanaClientOptions) {
    this.http = axios.create({
      baseURL: opts.baseUrl,
      timeout: opts.timeoutMs ?? 20_000,
      validateStatus: () => true,
      headers: { Accept: 'application/json' },
    });
    this.logger = opts.logger.child({ component: 'defontana-client' });
    this.retry = opts.retry ?? DEFAULT_DEFONTANA_RETRY;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Posts a voucher. Not idempotent: an ambiguous failure is thrown for the caller to look up. */
  async insertVoucher(body: InsertVoucherBody): Promise<InsertedVoucher> {
    const res = await this.call<Envelope & Partial<InsertedVoucher>>(
      'POST',
      'Accounting/InsertVoucher',
      { data: body },
      false,
    );
    return {
      voucherType: String(res.voucherType ?? body.header.voucherType),
      number: Number(res.number),
      fiscalYear: Number(res.fiscalYear ?? body.header.fiscalYear),
      message: res.message ?? null,
    };
  }

  /** One 0-based page of the vouchers dated between two `YYYY-MM-DD` days. */
  async getVoucherList(
    fromDate: string,
    toDate: string,
    page: number,
    itemsPerPage: number,
  ): Promise<{ vouchers: VoucherSummary[]; totalItems: number }> {
    const res = await this.call<Envelope & { vouchers?: VoucherSummary[]; totalItems?: number }>(
      'GET',
      'Accounting/GetVoucherList',
      { params: { FromDate: fromDate, ToDate: toDate, ItemsPerPage: itemsPerPage, Page: page } },
    );
    return { vouchers: res.vouchers ?? [], totalItems: Number(res.totalItems ?? 0) };
  }

  async getVoucher(
    voucherType: string,
    number: number,
    fiscalYear: number,
  ): Promise<{ header: VoucherSummary; detail: DefontanaDetailLine[]; state?: string }> {
    const res = await this.call<
      Envelope & { header: VoucherSummary; detail: DefontanaDetailLine[]; state?: string }
    >('GET', 'Accounting/GetVoucher', {
      params: { VoucherType: voucherType, Number: number, FiscalYear: fiscalYear, Isopening: false },
    });
    return { header: res.header, detail: res.detail ?? [], state: res.state };
  }

  /** The analyses a line on `accountCode` needs, or null when Defontana does not know the account. */
  async getAccountAnalysis(accountCode: string): Promise<AccountAnalysis | null> {
    try {
      return await this.call<Envelope & AccountAnalysis>('GET', 'Accounting/GetAccountAnalisys', {
        params: { Account: accountCode },
      });
    } catch (err) {
      if (err instanceof DefontanaApiError && (err.kind === 'refused' || err.status === 404)) return null;
      throw err;
    }
  }

  async getBusinessCenterPlan(): Promise<DefontanaBusinessCenterNode[]> {
    const res = await this.call<Envelope & { centrosNegocios?: DefontanaBusinessCenterNode[] }>(
      'GET',
      'Accounting/GetBusinessCenterPlan',
      {},
    );
    return res.centrosNegocios ?? [];
  }

  // Internals -------------------------------------------------------------------------------

  private async call<T extends Envelope>(
    method: 'GET' | 'POST',
    path: string,
    req: { params?: Record<string, unknown>; data?: unknown },
    idempotent = true,
  ): Promise<T> {
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.bearer();
      try {
        const res = await this.send(() =>
          this.http.request({
            method,
            url: path,
            params: req.params,
            data: req.data,
            headers: { Authorization: `Bearer ${token}` },
          }),
        );
        return this.unwrap<T>(res);
      } catch (err) {
        if (!(err instanceof DefontanaApiError)) throw err;
        if (err.kind === 'auth' && !reauthenticated) {
          // The token expired or was revoked: Defontana did not act on the request.
          reauthenticated = true;
          if (this.token === token) this.token = null;
          attempt--;
          continue;
        }
        const mayRetry = err.retryable && (idempotent || !err.ambiguous) && attempt < this.retry.maxAttempts;
        this.logger.warn(
          { path, attempt, kind: err.kind, status: err.status, retry: mayRetry },
          'defontana call failed',
        );
        if (!mayRetry) throw err;
        await this.sleep(err.retryAfterMs ?? backoffDelayMs(attempt, this.retry));
      }
    }
  }

  private bearer(): Promise<string> {
    if (this.token) return Promise.resolve(this.token);
    // One authentication at a time: concurrent posts share it.
    this.authenticating ??= this.authenticate().finally(() => {
      this.authenticating = null;
    });
    return this.authenticating;
  }

  private async authenticate(): Promise<string> {
    const { client, company, user, password } = this.opts.credentials;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.send(() =>
          this.http.get('Auth', { params: { client, company, user, password } }),
        );
        const body = this.unwrap<Envelope & { access_token?: string }>(res);
        if (typeof body.access_token !== 'string' || body.access_token === '') {
          throw new DefontanaApiError('auth', 'Defontana no entregó un token de acceso.');
        }
        this.token = body.access_token;
        this.logger.info({ client, company, user }, 'authenticated with defontana');
        return this.token;
      } catch (err) {
        if (err instanceof DefontanaApiError && err.kind === 'refused') {
          throw new DefontanaApiError(
            'auth',
            `Defontana rechazó las credenciales (${err.message}). Revise DEFONTANA_CLIENT, DEFONTANA_COMPANY, DEFONTANA_USER y DEFONTANA_PASSWORD.`,
          );
        }
        if (!(err instanceof DefontanaApiError) || !err.retryable || attempt >= this.retry.maxAttempts)
          throw err;
        await this.sleep(err.retryAfterMs ?? backoffDelayMs(attempt, this.retry));
      }
    }
  }

  /** Runs a request; a transport failure becomes a DefontanaApiError without the URL. */
  private async send(request: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await request();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (TRANSPORT_CODES_TIMEOUT.has(code)) {
        throw new DefontanaApiError('timeout', 'Defontana no respondió a tiempo.');
      }
      throw new DefontanaApiError(
        'network',
        `No se pudo conectar con Defontana (${code || 'error de red'}).`,
      );
    }
  }

  private unwrap<T extends Envelope>(res: AxiosResponse): T {
    const body = (res.data ?? {}) as T;
    const said = [body.message, body.exceptionMessage]
      .filter((m) => typeof m === 'string' && m !== '')
      .join(' — ');
    if (res.status === 401 || res.status === 403) {
      throw new DefontanaApiError('auth', `Defontana no aceptó el token (HTTP ${res.status}).`, res.status);
    }
    if (res.status === 429) {
      const retryAfter = parseRetryAfter(res.headers['retry-after'] as string | undefined, new Date());
      throw new DefontanaApiError(
        'rate_limited',
        'Defontana pidió esperar antes de seguir (HTTP 429).',
        429,
        retryAfter,
      );
    }
    if (res.status >= 500) {
      throw new DefontanaApiError(
        'server',
        `Defontana falló (HTTP ${res.status})${said ? `: ${said}` : ''}.`,
        res.status,
      );
    }
    if (res.status >= 400) {
      throw new DefontanaApiError(
        'http',
        `Defontana rechazó la solicitud (HTTP ${res.status})${said ? `: ${said}` : ''}.`,
        res.status,
      );
    }
    if (typeof body !== 'object' || body.success !== true) {
      throw new DefontanaApiError(
        'refused',
        said || 'Defontana respondió sin éxito y sin explicar el motivo.',
      );
    }
    return body;
  }
}
