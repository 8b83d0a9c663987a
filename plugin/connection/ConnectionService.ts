import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import { NotFoundError, RindegastosApiError, ValidationError } from '../errors/errors';
import type { Clock, Logger, SecretBox } from '../host/Host';
import { SYSTEM_ACTOR_ID, type Actor } from '../permissions/actor';
import type { ClientCallOptions, RindegastosClient, RindegastosClientFactory } from '../rindegastos/api';
import { chileToday } from '../rindegastos/dates';
import { ConnectionRepository, type Connection } from './ConnectionRepository';
import { describeConnection, type ConnectionView } from './connectionStatus';
import { GuardedClient } from './GuardedClient';
import { NoValidTokenError } from './NoValidTokenError';

const TOKEN_MIN = 20;
const TOKEN_MAX = 4096;

/**
 * Checks that pasted input can be a Rindegastos token, and trims it. Tokens are opaque (JWTs in
 * practice): printable ASCII without spaces. Messages never repeat the input.
 */
export function plausibleToken(input: unknown): string {
  const fail = (message: string) => new ValidationError([{ field: 'token', message }]);
  if (typeof input !== 'string') throw fail('Pegue el token como texto.');
  // A frequent paste: the whole header value.
  const token = input.trim().replace(/^bearer\s+/i, '');
  if (!token) throw fail('Pegue el token de la API de Rindegastos (en Rindegastos: Admin › Integración).');
  if (/\s/.test(token))
    throw fail('El token contiene espacios o saltos de línea: cópielo de nuevo, completo y sin espacios.');
  if (!/^[\x21-\x7e]+$/.test(token))
    throw fail('El token contiene caracteres que un token de Rindegastos no tiene: cópielo de nuevo.');
  if (token.length < TOKEN_MIN)
    throw fail(`El token es demasiado corto (menos de ${TOKEN_MIN} caracteres): cópielo completo.`);
  if (token.length > TOKEN_MAX) throw fail(`El token es demasiado largo (más de ${TOKEN_MAX} caracteres).`);
  return token;
}

const UNREACHABLE: Record<string, string> = {
  network: 'no se pudo conectar con Rindegastos',
  timeout: 'Rindegastos no respondió a tiempo',
  server: 'Rindegastos respondió con un error interno',
  rate_limited: 'Rindegastos pidió esperar antes de nuevas consultas',
  malformed: 'Rindegastos respondió algo inesperado',
  client: 'Rindegastos no aceptó la consulta',
  not_found: 'Rindegastos no encontró lo consultado',
};

/** What went wrong reaching Rindegastos, for a user's message ("no se pudo conectar con Rindegastos"). */
export function unreachableReason(err: RindegastosApiError): string {
  return UNREACHABLE[err.kind] ?? 'Rindegastos no respondió como se esperaba';
}

/** The token lifecycle of each company: verify, seal, store, rotate, revoke, invalidate. */
@injectable()
export class ConnectionService {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(ConnectionRepository) private readonly repo: ConnectionRepository,
    @inject(Tokens.SecretBox) private readonly secrets: SecretBox,
    @inject(Tokens.RindegastosClientFactory) private readonly clients: RindegastosClientFactory,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async view(companyId: string): Promise<ConnectionView> {
    return describeConnection(await this.repo.find(companyId));
  }

  /**
   * Verifies the token with `steps.verify` (a read with a client for it, no writes), then — in one
   * transaction — stores it sealed (replacing any previous one) and runs `steps.apply`. Nothing
   * is stored when Rindegastos refuses the token (422) or cannot be reached (502).
   *
   * NOTE: what is read and applied is the caller's (CatalogService.connect imports the
   * configuration), so connection/ stays below catalog/.
   */
  async saveToken<Read, Applied>(
    actor: Actor,
    input: unknown,
    steps: {
      verify: (client: RindegastosClient) => Promise<Read>;
      apply: (read: Read, trx: Knex.Transaction) => Promise<Applied>;
    },
  ): Promise<{ connection: ConnectionView; applied: Applied }> {
    const token = plausibleToken(input);
    let read: Read;
    try {
      read = await steps.verify(this.clients.forToken(token, { interactive: true }));
    } catch (err) {
      if (err instanceof RindegastosApiError) {
        this.logger.warn(
          {
            companyId: actor.companyId,
            kind: err.kind,
            httpStatus: err.httpStatus,
            requestId: actor.requestId,
          },
          'rindegastos token verification failed',
        );
      }
      throw verificationError(err);
    }
    const sealed = await this.secrets.seal(token);
    const now = this.clock.now().toISOString();
    const result = await this.db.transaction(async (trx) => {
      const previous = await this.repo.findForUpdate(actor.companyId, trx);
      const next: Connection = {
        companyId: actor.companyId,
        sealedToken: sealed,
        last4: token.slice(-4),
        status: 'valid',
        verifiedAt: now,
        lastError: null,
        updatedBy: actor.userId,
        updatedAt: now,
      };
      await this.repo.save(next, trx);
      await this.audit.record(
        {
          companyId: actor.companyId,
          actorId: actor.userId,
          action: previous?.sealedToken ? 'token.replaced' : 'token.saved',
          before: previous ? { status: previous.status, last4: previous.last4 } : undefined,
          after: { status: next.status, last4: next.last4, verifiedAt: now },
          requestId: actor.requestId,
        },
        trx,
      );
      const applied = await steps.apply(read, trx);
      return { connection: describeConnection(next), applied };
    });
    this.logger.info({ companyId: actor.companyId, requestId: actor.requestId }, 'rindegastos token saved');
    return result;
  }

  /** Erases the sealed token; syncs stop until a new one is saved. */
  async revoke(actor: Actor): Promise<ConnectionView> {
    return this.db.transaction(async (trx) => {
      const current = await this.repo.findForUpdate(actor.companyId, trx);
      if (!current) throw new NotFoundError('No hay un token de Rindegastos guardado para esta empresa.');
      if (current.status === 'revoked' && current.sealedToken === null) return describeConnection(current);
      const next: Connection = {
        ...current,
        sealedToken: null,
        status: 'revoked',
        lastError: null,
        updatedBy: actor.userId,
        updatedAt: this.clock.now().toISOString(),
      };
      await this.repo.save(next, trx);
      await this.audit.record(
        {
          companyId: actor.companyId,
          actorId: actor.userId,
          action: 'token.revoked',
          before: { status: current.status, last4: current.last4 },
          after: { status: next.status, last4: next.last4 },
          requestId: actor.requestId,
        },
        trx,
      );
      return describeConnection(next);
    });
  }

  /**
   * A client for the company's stored token. Throws NoValidTokenError (Spanish, says what to
   * do) when there is none, it was revoked, or Rindegastos rejected it. A later refusal by
   * Rindegastos through this client marks the token invalid by itself.
   */
  async clientFor(companyId: string, options: ClientCallOptions = {}): Promise<RindegastosClient> {
    const conn = await this.repo.find(companyId);
    if (!conn || conn.status !== 'valid' || !conn.sealedToken) {
      throw new NoValidTokenError(companyId, describeConnection(conn));
    }
    const sealed = conn.sealedToken;
    let token: string;
    try {
      token = await this.secrets.open(sealed);
    } catch (err) {
      const reason = 'el token guardado no se pudo descifrar (¿cambió la clave de cifrado del ERP?)';
      this.logger.error({ err, companyId }, 'sealed rindegastos token could not be opened');
      await this.invalidate(companyId, reason, sealed);
      throw new NoValidTokenError(companyId, await this.view(companyId));
    }
    return new GuardedClient(this.clients.forToken(token, options), (err) =>
      this.invalidate(companyId, rejectionReason(err, this.clock.now()), sealed),
    );
  }

  /** Rindegastos rejected the stored token: status `invalid` with the reason; syncs stop. */
  async markInvalid(companyId: string, reason: string): Promise<void> {
    await this.invalidate(companyId, reason);
  }

  private async invalidate(companyId: string, reason: string, onlyIfSealed?: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (trx) => {
      const before = await this.repo.find(companyId, trx);
      const changed = await this.repo.markInvalid(companyId, reason, now, onlyIfSealed, trx);
      if (!changed || before?.status === 'invalid') return;
      await this.audit.record(
        {
          companyId,
          actorId: SYSTEM_ACTOR_ID,
          action: 'token.invalidated',
          before: { status: before?.status, last4: before?.last4 },
          after: { status: 'invalid', last4: before?.last4, reason },
        },
        trx,
      );
      this.logger.warn({ companyId, reason }, 'rindegastos token marked invalid; syncs stop');
    });
  }
}

function rejectionReason(err: RindegastosApiError, at: Date): string {
  const status = err.httpStatus ? ` (HTTP ${err.httpStatus})` : '';
  return `Rindegastos rechazó el token guardado${status} el ${chileToday(at)}`;
}

/**
 * Turns a failed verification into what the user reads. NOTE: the client's error is not kept
 * as `cause`: pino prints causes, and this is the one place where a token nobody has verified
 * yet is in play — kind, HTTP status and Retry-After are all the caller needs.
 */
function verificationError(err: unknown): unknown {
  if (!(err instanceof RindegastosApiError)) return err;
  if (err.kind === 'token_rejected') {
    return new RindegastosApiError(
      'Rindegastos rechazó el token. Verifique que copió el token completo de la empresa (en Rindegastos: Admin › Integración) y que la API esté habilitada. No se guardó nada.',
      false,
      'token_rejected',
      err.httpStatus,
    );
  }
  const what = unreachableReason(err);
  return new RindegastosApiError(
    `No se pudo verificar el token: ${what}. El token no se guardó; intente nuevamente en unos minutos.`,
    true,
    err.kind,
    err.httpStatus,
    err.retryAfterMs,
  );
}
