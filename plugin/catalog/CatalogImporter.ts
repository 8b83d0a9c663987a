import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';
import type { Ledger } from '../host/Ledger';
import { LedgerIndex } from '../accounting/LedgerIndex';
import type { Actor } from '../permissions/actor';
import type { RindegastosClient } from '../rindegastos/api';
import { SettingsService } from '../settings/SettingsService';
import { CatalogReader, type RemoteCatalog } from './CatalogReader';
import { CatalogRepository } from './CatalogRepository';
import { reconcile, type ImportSummary } from './reconcile';

/** A read of Rindegastos plus what the write needs, taken before any transaction opens. */
export interface PreparedImport {
  remote: RemoteCatalog;
  ledger: LedgerIndex;
}

/**
 * Imports a company's Rindegastos configuration in two steps, so an import is all-or-nothing:
 * `prepare` reads everything (Rindegastos, ledger, settings) without writing; `apply` reconciles
 * inside the caller's transaction.
 */
@injectable()
export class CatalogImporter {
  constructor(
    @inject(CatalogReader) private readonly reader: CatalogReader,
    @inject(CatalogRepository) private readonly repo: CatalogRepository,
    @inject(SettingsService) private readonly settings: SettingsService,
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async prepare(companyId: string, client: RindegastosClient): Promise<PreparedImport> {
    const settings = await this.settings.get(companyId);
    const remote = await this.reader.read(client, {
      documentType: settings.documentTypeField,
      costCenter: settings.costCenterField,
    });
    return { remote, ledger: new LedgerIndex(await this.ledger.listAccounts(companyId)) };
  }

  /** Reconciles inside `trx`; the caller must hold the company's import lock. */
  async apply(actor: Actor, prepared: PreparedImport, trx: Knex): Promise<ImportSummary> {
    const now = this.clock.now().toISOString();
    const existing = await this.repo.list(actor.companyId, undefined, trx);
    const plan = reconcile({
      companyId: actor.companyId,
      existing,
      remote: prepared.remote,
      ledger: prepared.ledger,
      now,
    });
    await this.repo.insertMany(plan.inserts, trx);
    for (const u of plan.updates) await this.repo.applyImported(actor.companyId, u.id, u.changes, trx);
    await this.audit.record(
      {
        companyId: actor.companyId,
        actorId: actor.userId,
        action: 'catalog.imported',
        after: { counts: plan.summary.counts, removed: plan.summary.removed, renamed: plan.summary.renamed },
        requestId: actor.requestId,
      },
      trx,
    );
    return plan.summary;
  }
}
