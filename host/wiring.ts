import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Host, Ledger, NamedMigration, PostingPipeline } from '../plugin/index';
import type { HostConfig } from './config';
import type { Authenticate } from './http/auth';
import { hostMigrations } from './migrations';
import type { LedgerDeps } from './server';

/**
 * What the CLI plugs into the host: the ledger, the migrations, extra routes and the per-company
 * seed. The one place that changes when the built-in ledger (or the Defontana connector) lands.
 */
export interface HostWiring {
  ledger: (deps: LedgerDeps) => Ledger;
  migrations: readonly NamedMigration[];
  /** `host.ledger` is the instance `ledger` built. */
  registerExtraRoutes?: (app: FastifyInstance, auth: Authenticate, host: Host) => void | Promise<void>;
  seedCompany?: (db: Knex, companyId: string) => Promise<void>;
}

const NO_LEDGER =
  'El libro contable del host no está conectado en esta versión; la centralización de comprobantes no está disponible.';

/** A ledger that answers with an empty chart and refuses every posting, saying why. */
export function unavailableLedger(): Ledger {
  const refuse = async (): Promise<never> => {
    throw new Error(NO_LEDGER);
  };
  const posting: PostingPipeline = {
    registerHook: () => () => undefined,
    submit: refuse,
    reverse: refuse,
    getVoucher: async () => null,
    onVoucherEvent: () => () => undefined,
  };
  return {
    listAccounts: async () => [],
    listBusinessCenters: async () => [],
    limits: { glosaMaxLength: 200 },
    posting,
  };
}

export function defaultWiring(_config: HostConfig): HostWiring {
  return {
    ledger: () => unavailableLedger(),
    migrations: hostMigrations,
  };
}
