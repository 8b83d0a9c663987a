import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import type { UserInput } from '../accounting/model';
import { ConnectionRepository } from '../connection/ConnectionRepository';
import { ConnectionService, unreachableReason } from '../connection/ConnectionService';
import { NoValidTokenError } from '../connection/NoValidTokenError';
import { describeConnection, type ConnectionView } from '../connection/connectionStatus';
import { Tokens } from '../di/tokens';
import { RindegastosApiError } from '../errors/errors';
import type { Actor } from '../permissions/actor';
import { CatalogImporter } from './CatalogImporter';
import { CatalogRepository } from './CatalogRepository';
import type { ImportSummary } from './reconcile';

/**
 * The imported Rindegastos configuration: imported with a new token, re-imported on demand, and
 * lookups for the builder.
 */
@injectable()
export class CatalogService {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(ConnectionService) private readonly connections: ConnectionService,
    @inject(ConnectionRepository) private readonly connectionRows: ConnectionRepository,
    @inject(CatalogImporter) private readonly importer: CatalogImporter,
    @inject(CatalogRepository) private readonly repo: CatalogRepository,
  ) {}

  /**
   * Saves a company's token after reading its whole configuration with it, and imports that
   * configuration in the same transaction (ConnectionService.saveToken: nothing is stored when
   * the token is refused or Rindegastos cannot be reached).
   */
  async connect(
    actor: Actor,
    token: unknown,
  ): Promise<{ connection: ConnectionView; import: ImportSummary }> {
    const { connection, applied } = await this.connections.saveToken(actor, token, {
      verify: (client) => this.importer.prepare(actor.companyId, client),
      apply: (prepared, trx) => this.importer.apply(actor, prepared, trx),
    });
    return { connection, import: applied };
  }

  /**
   * Reads the whole configuration with the stored token, then reconciles it in one transaction.
   * A refused token marks the connection invalid (422); Rindegastos unreachable → 502; either way
   * nothing changes.
   */
  async reimport(actor: Actor): Promise<ImportSummary> {
    const client = await this.connections.clientFor(actor.companyId, { interactive: true });
    let prepared;
    try {
      prepared = await this.importer.prepare(actor.companyId, client);
    } catch (err) {
      // Users read kind and status only; the client's own message stays out (see ConnectionService).
      if (err instanceof RindegastosApiError && err.kind === 'token_rejected') {
        throw new RindegastosApiError(
          (await this.connections.view(actor.companyId)).action ?? 'Rindegastos rechazó el token guardado.',
          false,
          'token_rejected',
          err.httpStatus,
        );
      }
      if (err instanceof RindegastosApiError) {
        throw new RindegastosApiError(
          `No se pudo importar la configuración: ${unreachableReason(err)}. No se cambió nada; intente nuevamente en unos minutos.`,
          true,
          err.kind,
          err.httpStatus,
          err.retryAfterMs,
        );
      }
      throw err;
    }
    return this.db.transaction(async (trx) => {
      // Holds the company's import lock, and catches a token revoked while we were reading.
      const conn = await this.connectionRows.findForUpdate(actor.companyId, trx);
      if (!conn || conn.status !== 'valid')
        throw new NoValidTokenError(actor.companyId, describeConnection(conn));
      return this.importer.apply(actor, prepared, trx);
    });
  }

  /** Rindegastos users by id (inactive ones too: old reports still name them). */
  async users(companyId: string): Promise<Map<number, UserInput>> {
    const items = await this.repo.list(companyId, ['user']);
    return new Map(
      items.map((u) => [
        Number(u.remoteKey),
        {
          id: Number(u.remoteKey),
          name: u.name,
          identification:
            typeof u.extra.identification === 'string' ? u.extra.identification : (u.code ?? ''),
          costingCode: typeof u.extra.costingCode === 'string' ? u.extra.costingCode : '',
        },
      ]),
    );
  }
}
