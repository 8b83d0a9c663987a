import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { NotLicensedError } from '../errors/errors';
import type { Clock, Logger } from '../host/Host';
import type { LicenseStatus, StoreOrder } from '../host/Plugin';
import { InstallationRepository } from './InstallationRepository';

/** The license of each company: none → active on payment → suspended (→ active again on renewal) → uninstalled. */
@injectable()
export class LicenseService {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(InstallationRepository) private readonly installations: InstallationRepository,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async status(companyId: string): Promise<LicenseStatus> {
    return (await this.installations.find(companyId))?.status ?? 'none';
  }

  /** Payment confirmed. A second call for an active company is a no-op. */
  async activate(companyId: string, order: StoreOrder): Promise<void> {
    await this.db.transaction(async (trx) => {
      const now = this.clock.now().toISOString();
      const current = await this.installations.find(companyId, trx);
      if (current?.status === 'active') return;
      const next = {
        companyId,
        status: 'active' as const,
        orderId: order.id,
        statusReason: null,
        createdAt: current?.createdAt ?? now,
        activatedAt: now,
        updatedAt: now,
      };
      if (current) await this.installations.update(next, trx);
      else await this.installations.insert(next, trx);
      this.logger.info({ companyId, orderId: order.id }, 'rindegastos plugin activated');
    });
  }

  async deactivate(companyId: string, reason: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const current = await this.installations.find(companyId, trx);
      if (!current || current.status === 'suspended') return;
      await this.installations.update(
        { ...current, status: 'suspended', statusReason: reason, updatedAt: this.clock.now().toISOString() },
        trx,
      );
      this.logger.info({ companyId, reason }, 'rindegastos plugin suspended');
    });
  }

  /** Uninstall without purge: data stays, every company's license ends. */
  async markAllUninstalled(): Promise<void> {
    await this.installations.markAll('uninstalled', this.clock.now().toISOString());
  }

  /** The license guard of every route and job. */
  async assertActive(companyId: string): Promise<void> {
    const status = await this.status(companyId);
    if (status !== 'active') throw new NotLicensedError(companyId, status);
  }
}
