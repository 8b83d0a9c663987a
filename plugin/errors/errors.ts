/**
 * The plugin's error hierarchy. Every error has a stable `code`; the HTTP layer maps codes to
 * statuses in one table (plugin/http/errorStatus.ts). Messages are Spanish: users read them.
 */

// NOTE: the base class and the validation error live in shared/, because validateDto (also used
// by the standalone host) throws them; they are part of this hierarchy all the same.
import { PluginError } from '../../shared/errors';

export { PluginError, ValidationError, type FieldProblem } from '../../shared/errors';

export class NotFoundError extends PluginError {
  constructor(message: string, details?: unknown) {
    super('NOT_FOUND', message, details);
  }
}

export class ConflictError extends PluginError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

export class NotAllowedError extends PluginError {
  constructor(message = 'No tiene permiso para esta acción.', details?: unknown) {
    super('NOT_ALLOWED', message, details);
  }
}

/** The company has not bought the plugin, or its license is suspended. Maps to HTTP 402. */
export class NotLicensedError extends PluginError {
  constructor(
    readonly companyId: string,
    readonly licenseStatus: string,
  ) {
    super(
      'NOT_LICENSED',
      licenseStatus === 'suspended'
        ? 'La Integración Rindegastos está suspendida para esta empresa. Renueve la suscripción en Tienda Digital › Integraciones › Funcionalidades › Integración Rindegastos.'
        : 'Esta empresa no tiene activa la Integración Rindegastos. Cómprela en Tienda Digital › Integraciones › Funcionalidades › Integración Rindegastos; se activa sola al confirmarse el pago.',
      { licenseStatus },
    );
  }
}

/** Anything that goes wrong talking to Rindegastos. Never carries the token. */
export class RindegastosApiError extends PluginError {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly kind:
      | 'token_rejected'
      | 'rate_limited'
      | 'server'
      | 'network'
      | 'timeout'
      | 'malformed'
      | 'client'
      | 'not_found',
    readonly httpStatus?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(
      kind === 'token_rejected' ? 'TOKEN_REJECTED' : 'RINDEGASTOS_API',
      message,
      options?.details,
      options,
    );
  }
}

/** The ledger refused a voucher; details list every rejection. */
export class PostingRejectedError extends PluginError {
  constructor(
    message: string,
    readonly rejections: { code: string; message: string; lineIndex?: number; accountCode?: string }[],
    options?: { cause?: unknown },
  ) {
    super('POSTING_REJECTED', message, { rejections }, options);
  }
}

/** What users read about an error that is not one of ours; its detail goes to the log only. */
export const INTERNAL_ERROR_MESSAGE =
  'Error interno de la Integración Rindegastos. El detalle quedó registrado.';

/**
 * The Spanish text a user may read about `err`: a PluginError's own message (written for users),
 * else the fixed INTERNAL_ERROR_MESSAGE. NOTE: the caller logs `err` itself, with its detail;
 * internal text (SQL, stack, driver messages) never reaches a stored message or a response.
 */
export function userMessage(err: unknown): string {
  return err instanceof PluginError ? err.message : INTERNAL_ERROR_MESSAGE;
}
