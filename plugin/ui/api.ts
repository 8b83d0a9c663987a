/**
 * The screens' one door to the plugin's HTTP API. Same-origin fetch only; every state-changing
 * call sends `content-type: application/json` with a JSON body (`{}` when the action has no
 * input), as the host's CSRF checks require.
 */

/** A field the API refused, with its Spanish message. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { fields?: FieldProblem[] } };
}

export type Query = Record<string, string | number | undefined>;

export class ApiClient {
  constructor(private readonly base: string) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }

  post<T>(path: string, body: object = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: object): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string, body: object = {}): Promise<T> {
    return this.request<T>('DELETE', path, body);
  }

  private async request<T>(method: Method, path: string, body?: object): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(
        'No se pudo conectar con el servidor del ERP. Revise su conexión e intente de nuevo.',
        0,
        'NETWORK',
      );
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    // A refusal with a result of its own (Centralizar on a blocked report: 422 with the problems)
    // is an answer, not a failure; anything else that is not ok becomes an ApiError.
    if (!res.ok && (res.status === 401 || !isOutcome(data)))
      throw toApiError(res.status, data as ErrorBody | null);
    return data as T;
  }
}

/** A body that is a result (e.g. `{ status: 'failed', error: '…' }`), not the API's `{ error: { code, message } }`. */
function isOutcome(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const error = (data as { error?: unknown }).error;
  return typeof error !== 'object' || error === null;
}

function toApiError(status: number, body: ErrorBody | null): ApiError {
  const error = body?.error;
  if (status === 401)
    return new ApiError(
      'Su sesión terminó. Recargue la página e ingrese de nuevo.',
      status,
      'UNAUTHENTICATED',
    );
  const message =
    error?.message ??
    (status === 403
      ? 'Su usuario no tiene permiso para esta acción. Pídalo a un administrador en Configuración › Permisos.'
      : `El servidor respondió con un error (${status}). Intente de nuevo en unos minutos.`);
  return new ApiError(message, status, error?.code ?? 'ERROR', error?.details?.fields ?? []);
}
