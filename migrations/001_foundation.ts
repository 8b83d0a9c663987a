import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * NOTE: timestamps are ISO-8601 UTC strings (`2026-11-28T07:13:24.000Z`, 24 chars) and dates
 * `YYYY-MM-DD`: they sort as text and read back identically on SQLite and MySQL/MariaDB.
 */
export const foundation: NamedMigration = {
  name: '001_foundation',
  async up(db: Knex) {
    await db.schema.createTable('rg_installations', (t) => {
      t.string('company_id', 64).primary();
      t.string('status', 20).notNullable(); // pending_payment | active | suspended | uninstalled
      t.string('order_id', 64).nullable();
      t.string('status_reason', 500).nullable();
      t.string('created_at', 24).notNullable();
      t.string('activated_at', 24).nullable();
      t.string('updated_at', 24).notNullable();
    });
    await db.schema.createTable('rg_connections', (t) => {
      t.string('company_id', 64).primary();
      t.text('sealed_token').nullable();
      t.string('token_last4', 4).nullable();
      t.string('status', 20).notNullable(); // unverified | valid | invalid | revoked
      t.string('verified_at', 24).nullable();
      t.string('last_error', 1000).nullable();
      t.string('updated_by', 64).nullable();
      t.string('updated_at', 24).notNullable();
    });
    await db.schema.createTable('rg_settings', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('key', 64).notNullable();
      t.text('value_json').notNullable();
      t.string('updated_by', 64).nullable();
      t.string('updated_at', 24).notNullable();
      t.primary(['company_id', 'key']);
    });
    await db.schema.createTable('rg_permissions', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('user_id', 64).notNullable();
      t.string('permission', 64).notNullable();
      t.string('granted_by', 64).notNullable();
      t.string('granted_at', 24).notNullable();
      t.primary(['company_id', 'user_id', 'permission']);
    });
    await db.schema.createTable('rg_audit', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.string('actor_id', 64).notNullable();
      t.string('action', 64).notNullable(); // e.g. token.replaced, settings.updated
      t.string('subject', 200).nullable();
      t.text('before_json').nullable();
      t.text('after_json').nullable();
      t.string('request_id', 64).nullable();
      t.string('created_at', 24).notNullable();
      t.index(['company_id', 'created_at'], 'rg_audit_company_created');
    });
  },
  async down(db: Knex) {
    for (const table of ['rg_audit', 'rg_permissions', 'rg_settings', 'rg_connections', 'rg_installations']) {
      await db.schema.dropTableIfExists(table);
    }
  },
};
