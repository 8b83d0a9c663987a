import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Host, Ledger } from '../plugin/index';
import type { NamedMigration } from '../shared/db/database';
import type { HostConfig } from './config';
import type { Authenticate } from './http/auth';
import { BuiltinLedger } from './ledger/BuiltinLedger';
import { registerLedgerRoutes } from './ledger/routes';
import { seedChileanLedger } from './ledger/seed';
import { hostMigrations } from './migrations';
import type { LedgerDeps } from './server';

/**
 * What the CLI plugs into the host: the ledger, the migrations, extra routes and the per-company
 * seed. The one place that changes when the Defontana connector (LEDGER=defontana) lands.
 */
export interface HostWiring {
  ledger: (deps: LedgerDeps) => Ledger;
  migrations: readonly NamedMigration[];
  /** `host.ledger` is the instance `ledger` built. */
  registerExtraRoutes?: (app: FastifyInstance, auth: Authenticate, host: Host) => void | Promise<void>;
  seedCompany?: (db: Knex, companyId: string) => Promise<void>;
}

/** The built-in ledger: chart of accounts, business centers, periods, vouchers and the posting pipeline. */
export function defaultWiring(_config: HostConfig): HostWiring {
  let ledger: BuiltinLedger | undefined;
  return {
    ledger: ({ db, clock, logger }) => (ledger = new BuiltinLedger(db, { clock, logger })),
    migrations: hostMigrations,
    registerExtraRoutes: (app, auth) => {
      if (!ledger) throw new Error('the ledger is built before routes are registered');
      registerLedgerRoutes(app, ledger, auth);
    },
    seedCompany: async (db, companyId) => {
      await seedChileanLedger(db, companyId);
    },
  };
}
