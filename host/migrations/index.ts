import type { Knex } from 'knex';
import { ListMigrationSource, type NamedMigration } from '../../shared/db/database';
import { coreMigration } from './001_core';
import { ledgerMigration } from './002_ledger';
import { idempotencyBindingMigration } from './003_idempotency_binding';
import { defontanaPostingsMigration } from './004_defontana_postings';

export const HOST_MIGRATIONS_TABLE = 'host_knex_migrations';

/** The host's migrations, in order. Append only: a landed migration never changes. */
export const hostMigrations: readonly NamedMigration[] = [
  coreMigration,
  ledgerMigration,
  idempotencyBindingMigration,
  defontanaPostingsMigration,
];

function config(migrations: readonly NamedMigration[]): Knex.MigratorConfig {
  return { migrationSource: new ListMigrationSource(migrations), tableName: HOST_MIGRATIONS_TABLE };
}

/** Brings the host_* tables up to date. Idempotent. */
export async function migrateHostLatest(
  db: Knex,
  migrations: readonly NamedMigration[] = hostMigrations,
): Promise<void> {
  await db.migrate.latest(config(migrations));
}

/** Rolls back every host migration (tests). */
export async function rollbackHostMigrations(
  db: Knex,
  migrations: readonly NamedMigration[] = hostMigrations,
): Promise<void> {
  await db.migrate.rollback(config(migrations), true);
}
