import { ConflictError } from '../errors/errors';
import type { ConnectionView } from './connectionStatus';

/**
 * The company has no usable Rindegastos token (none, revoked, or rejected by Rindegastos).
 * Maps to HTTP 409; the message says what to do.
 */
export class NoValidTokenError extends ConflictError {
  constructor(
    readonly companyId: string,
    readonly connection: ConnectionView,
  ) {
    super(connection.action ?? 'No hay un token de Rindegastos válido para esta empresa.', {
      connectionStatus: connection.status,
    });
  }
}
