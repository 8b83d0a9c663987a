import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Host, Ledger, Logger } from '../plugin/index';
import type { NamedMigration } from '../shared/db/database';
import type { DefontanaConfig, HostConfig } from './config';
import type { Authenticate } from './http/auth';
import { BuiltinLedger } from './ledger/BuiltinLedger';
import { DefontanaClient } from './ledger/defontana/DefontanaClient';
import { DefontanaLedger } from './ledger/defontana/DefontanaLedger';
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

/**
 * The ledger LEDGER chooses. Connector mode keeps the built-in ledger's tables, routes and
 * pipeline, with Defontana numbering and storing the company's vouchers.
 */
export function defaultWiring(config: HostConfig): HostWiring {
  return config.defontana ? defontanaWiring(config.defontana) : builtinWiring();
}

/** Connector mode (LEDGER=defontana): the DEFONTANA_RUT company posts through Defontana's REST API. */
function defontanaWiring(settings: DefontanaConfig): HostWiring {
  let ledger: DefontanaLedger | undefined;
  return {
    ledger: ({ db, clock, logger }) =>
      (ledger = new DefontanaLedger(
        db,
        defontanaClient(settings, logger),
        { clock, logger },
        { companyRut: settings.rut },
      )),
    migrations: hostMigrations,
    registerExtraRoutes: async (app, auth) => {
      if (!ledger) throw new Error('the ledger is built before routes are registered');
      // A DEFONTANA_RUT no host company has stops the host here, at start, naming the variable.
      await ledger.companyId();
      registerLedgerRoutes(app, ledger, auth);
    },
    seedCompany: async (db, companyId) => {
      await seedChileanLedger(db, companyId);
    },
  };
}

/** The one Defontana client of a process, from the DEFONTANA_* settings. */
export function defontanaClient(settings: DefontanaConfig, logger: Logger): DefontanaClient {
  return new DefontanaClient({
    baseUrl: settings.apiUrl,
    credentials: {
      client: settings.client,
      company: settings.company,
      user: settings.user,
      password: settings.password,
    },
    logger,
  });
}

/** The built-in ledger: chart of accounts, business centers, periods, vouchers and the posting pipeline. */
function builtinWiring(): HostWiring {
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
