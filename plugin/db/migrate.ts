import type { Knex } from 'knex';
import { pluginMigrations } from '../../migrations';
import { ListMigrationSource } from '../../shared/db/database';

export const PLUGIN_MIGRATIONS_TABLE = 'rg_knex_migrations';

function config(): Knex.MigratorConfig {
  return { migrationSource: new ListMigrationSource(pluginMigrations), tableName: PLUGIN_MIGRATIONS_TABLE };
}

/** Brings the rg_* tables up to date. Idempotent. */
export async function migratePluginLatest(db: Knex): Promise<void> {
  await db.migrate.latest(config());
}

/** Rolls back every plugin migration (uninstall with purge, tests). */
export async function rollbackPluginMigrations(db: Knex): Promise<void> {
  await db.migrate.rollback(config(), true);
}
