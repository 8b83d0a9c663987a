/**
 * The one place where what Rindegastos answered (or failed to answer) becomes either a parsed
 * body or a typed RindegastosApiError. Callers never see axios errors: they carry the request
 * config, and with it the `Authorization` header.
 */
import { RindegastosApiError, type FieldProblem } from '../errors/errors';
import { parseRetryAfter } from '../../shared/retry/backoff';

export interface ResponseContext {
  /** The API method, e.g. `getExpenseReports`. */
  method: string;
  /** Values that must never appear in a message (the token). */
  secrets: readonly string[];
  now: Date;
}

export interface RawResponse {
  status: number;
  /** The raw `Retry-After` header, if any. */
  retryAfter?: string;
  /** The body as text; parsed here so a truncated body is a typed error, not a silent string. */
  text: string;
}

const MAX_DETAIL = 300;
const REDACTED = '[token oculto]';

/** Replaces every secret (and its Bearer form) in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out.replace(/Bearer\s+[A-Za-z0-9\-_.~+/]+=*/g, `Bearer ${REDACTED}`);
}

function detailOf(body: unknown, secrets: readonly string[]): string {
  if (body === null || typeof body !== 'object') return '';
  const b = body as Record<string, unknown>;
  const raw = b.Error ?? b.error_description ?? b.message ?? b.Message ?? b.error;
  const text = Array.isArray(raw)
    ? raw.map(String).join('; ')
    : typeof raw === 'string'
      ? raw
      : raw === undefined || raw === null
        ? ''
        : JSON.stringify(raw);
  const clean = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_DETAIL ? clean.slice(0, MAX_DETAIL) + '…' : clean;
}

function withDetail(message: string, detail: string): string {
  return detail ? `${message}: ${detail}` : `${message}.`;
}

/** The status an error body claims for itself (`statusCode`/`StatusCode`, NestJS style, §2.4). */
function bodyStatus(body: Record<string, unknown>): number | undefined {
  const raw = body.statusCode ?? body.StatusCode;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function hasErrorKey(body: Record<string, unknown>): boolean {
  const e = body.Error;
  return e !== undefined && e !== null && e !== '' && e !== false;
}

/** Maps a failing status (HTTP or claimed by the body) to the typed error. */
function errorForStatus(
  status: number,
  ctx: ResponseContext,
  detail: string,
  inBody: boolean,
  retryAfterMs?: number,
): RindegastosApiError {
  const where = inBody
    ? `(error ${status} dentro de una respuesta HTTP 200 en ${ctx.method})`
    : `(HTTP ${status} en ${ctx.method})`;
  const details = { method: ctx.method, inBody };
  if (status === 401 || status === 403) {
    return new RindegastosApiError(
      withDetail(
        `Rindegastos rechazó el token de la empresa ${where}. Genere un token nuevo en Rindegastos (Admin › Integración) y péguelo en Contabilidad › Contabilidad › Rindegastos › Configuración › Token`,
        detail,
      ),
      false,
      'token_rejected',
      status,
      undefined,
      { details },
    );
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : `; pide esperar ${Math.ceil(retryAfterMs / 1000)} s`;
    return new RindegastosApiError(
      withDetail(`Rindegastos limitó la cantidad de consultas ${where}${wait}`, detail),
      true,
      'rate_limited',
      status,
      retryAfterMs,
      { details },
    );
  }
  if (status === 408) {
    return new RindegastosApiError(
      withDetail(`Rindegastos no respondió a tiempo ${where}`, detail),
      true,
      'timeout',
      status,
      retryAfterMs,
      {
        details,
      },
    );
  }
  if (status >= 500) {
    return new RindegastosApiError(
      withDetail(`Rindegastos respondió con un error del servidor ${where}`, detail),
      true,
      'server',
      status,
      retryAfterMs,
      { details },
    );
  }
  if (status === 404) {
    return new RindegastosApiError(
      withDetail(`Rindegastos no encontró lo pedido ${where}`, detail),
      false,
      'not_found',
      status,
      undefined,
      { details },
    );
  }
  return new RindegastosApiError(
    withDetail(`Rindegastos rechazó la solicitud ${where}`, detail),
    false,
    'client',
    status,
    undefined,
    { details },
  );
}

/**
 * Turns a response into its parsed JSON body, or throws. A call failed when the HTTP status is
 * ≥ 400, or the JSON body has `statusCode`/`StatusCode` ≥ 400, or it has an `Error` key (v1 and
 * v2 both answer errors inside HTTP 200, §2.4). An empty 2xx body parses as `undefined`.
 */
export function interpretResponse(res: RawResponse, ctx: ResponseContext): unknown {
  let body: unknown = undefined;
  let parsed = true;
  const text = res.text ?? '';
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      parsed = false;
    }
  }
  const retryAfterMs = parseRetryAfter(res.retryAfter, ctx.now);

  if (res.status >= 400)
    throw errorForStatus(res.status, ctx, detailOf(body, ctx.secrets), false, retryAfterMs);
  if (res.status < 200 || res.status >= 300) {
    // Redirects are not followed (maxRedirects 0): an RPC endpoint that moves is a configuration problem.
    throw new RindegastosApiError(
      `Rindegastos respondió HTTP ${res.status} en ${ctx.method}; revise la URL de la API configurada.`,
      false,
      'client',
      res.status,
      undefined,
      { details: { method: ctx.method, inBody: false } },
    );
  }
  if (!parsed) {
    throw new RindegastosApiError(
      `Rindegastos devolvió una respuesta que no es JSON válido en ${ctx.method} (HTTP ${res.status}, ${text.length} caracteres).`,
      true,
      'malformed',
      res.status,
      undefined,
      { details: { method: ctx.method, inBody: true } },
    );
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const claimed = bodyStatus(b);
    if (claimed !== undefined && claimed >= 400) {
      throw errorForStatus(claimed, ctx, detailOf(b, ctx.secrets), true, retryAfterMs);
    }
    if (hasErrorKey(b)) {
      // NOTE: a bare {"Error": …} says nothing about permanence. We treat it as a server fault
      // (retryable): attempts are bounded, and a permanent one then surfaces with its message.
      throw new RindegastosApiError(
        withDetail(
          `Rindegastos devolvió un error dentro de una respuesta HTTP ${res.status} en ${ctx.method}`,
          detailOf(b, ctx.secrets),
        ),
        true,
        'server',
        res.status,
        retryAfterMs,
        { details: { method: ctx.method, inBody: true } },
      );
    }
  }
  return body;
}

/** A body of the wrong shape: names every offending field. Not retryable: it would come back the same. */
export function invalidBodyError(
  problems: FieldProblem[],
  ctx: Pick<ResponseContext, 'method' | 'secrets'>,
): RindegastosApiError {
  const shown = problems.slice(0, 8).map((p) => `${p.field}: ${redact(p.message, ctx.secrets)}`);
  const more = problems.length > shown.length ? ` (y ${problems.length - shown.length} más)` : '';
  return new RindegastosApiError(
    `Rindegastos devolvió datos con formato inesperado en ${ctx.method}: ${shown.join('; ')}${more}.`,
    false,
    'malformed',
    200,
    undefined,
    {
      details: {
        method: ctx.method,
        inBody: true,
        fields: problems.map((p) => ({ field: p.field, message: redact(p.message, ctx.secrets) })),
      },
    },
  );
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Maps a failure without a response (what axios throws when validateStatus accepts every status)
 * to a typed error. Only the error code and a redacted message survive: never the axios error
 * itself, whose `config.headers` holds the token.
 */
export function transportError(
  err: unknown,
  ctx: Pick<ResponseContext, 'method' | 'secrets'> & { timeoutMs: number },
): RindegastosApiError {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code =
    typeof e.code === 'string'
      ? e.code
      : typeof e.cause?.code === 'string'
        ? (e.cause.code as string)
        : 'UNKNOWN';
  const rawMessage = typeof e.message === 'string' ? e.message : '';
  const message = redact(rawMessage, ctx.secrets).slice(0, MAX_DETAIL);
  const details = { method: ctx.method, transportCode: code };
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(rawMessage)) {
    return new RindegastosApiError(
      `Rindegastos no respondió a tiempo en ${ctx.method} (límite ${ctx.timeoutMs} ms).`,
      true,
      'timeout',
      undefined,
      undefined,
      { details, cause: { code, message } },
    );
  }
  const transient = NETWORK_CODES.has(code) || /socket hang up|network|reset/i.test(rawMessage);
  return new RindegastosApiError(
    `No se pudo comunicar con Rindegastos en ${ctx.method} (${code}${message ? `: ${message}` : ''}).`,
    transient,
    'network',
    undefined,
    undefined,
    { details, cause: { code, message } },
  );
}
