import { INTERNAL_ERROR_MESSAGE, PluginError, RindegastosApiError } from '../errors/errors';

/** The one table from error codes to HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION: 400,
  NOT_LICENSED: 402,
  NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  POSTING_REJECTED: 422,
  TOKEN_REJECTED: 422,
  RINDEGASTOS_API: 502,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof PluginError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    const details =
      err instanceof RindegastosApiError ? { retryable: err.retryable, kind: err.kind } : err.details;
    return {
      status,
      body: {
        error: { code: err.code, message: err.message, ...(details === undefined ? {} : { details }) },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE },
    },
  };
}
