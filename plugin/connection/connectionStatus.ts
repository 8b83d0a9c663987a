import type { Connection, ConnectionStatus } from './ConnectionRepository';

const TOKEN_SCREEN = 'Contabilidad › Contabilidad › Rindegastos › Configuración › Token';

/** The connection as users see it: never the token, only its last four characters. */
export interface ConnectionView {
  status: ConnectionStatus | 'none';
  last4: string | null;
  verifiedAt: string | null;
  lastError: string | null;
  updatedAt: string | null;
  /** What to do next, in Spanish; null when nothing is needed. */
  action: string | null;
}

export function describeConnection(c: Connection | null): ConnectionView {
  const status = c?.status ?? 'none';
  return {
    status,
    last4: c?.last4 ?? null,
    verifiedAt: c?.verifiedAt ?? null,
    lastError: c?.lastError ?? null,
    updatedAt: c?.updatedAt ?? null,
    action: actionFor(status, c?.lastError ?? null),
  };
}

function actionFor(status: ConnectionView['status'], lastError: string | null): string | null {
  switch (status) {
    case 'valid':
      return null;
    case 'none':
      return `Pegue el token de la API de Rindegastos (en Rindegastos: Admin › Integración) en ${TOKEN_SCREEN}.`;
    case 'revoked':
      return `El token fue revocado y la sincronización está detenida. Pegue un token nuevo en ${TOKEN_SCREEN}.`;
    case 'invalid':
      return (
        `La sincronización está detenida: ${lastError ?? 'Rindegastos rechazó el token guardado'}. ` +
        `Genere un token nuevo en Rindegastos (Admin › Integración) y péguelo en ${TOKEN_SCREEN}.`
      );
    case 'unverified':
      return `El token no está verificado. Vuelva a pegarlo en ${TOKEN_SCREEN}.`;
  }
}
