import type { Knex } from 'knex';
import type { NamedMigration } from '../../shared/db/database';

/**
 * The host's own tables: companies, users, sessions, store orders and payment events.
 * NOTE: timestamps are ISO-8601 UTC strings in string(24) columns, as in the plugin's tables,
 * so they sort as text and read back identically on SQLite and MySQL/MariaDB.
 */
export const coreMigration: NamedMigration = {
  name: '001_core',
  async up(db: Knex) {
    await db.schema.createTable('host_companies', (t) => {
      t.string('id', 64).primary();
      t.string('name', 200).notNullable();
      t.string('rut', 12).notNullable().unique();
      t.string('created_at', 24).notNullable();
    });
    await db.schema.createTable('host_users', (t) => {
      t.string('id', 64).primary();
      t.string('company_id', 64).notNullable().references('id').inTable('host_companies');
      t.string('email', 254).notNullable().unique();
      t.string('name', 200).notNullable();
      t.string('password_hash', 255).notNullable();
      t.boolean('is_company_admin').notNullable().defaultTo(false);
      t.string('created_at', 24).notNullable();
      t.index(['company_id']);
    });
    await db.schema.createTable('host_sessions', (t) => {
      // sha256 of the cookie value: a leaked table never yields a usable session.
      t.string('id_hash', 64).primary();
      t.string('user_id', 64).notNullable().references('id').inTable('host_users').onDelete('CASCADE');
      t.string('company_id', 64).notNullable();
      t.string('created_at', 24).notNullable();
      t.string('expires_at', 24).notNullable();
      t.index(['expires_at']);
    });
    await db.schema.createTable('host_store_orders', (t) => {
      t.string('id', 64).primary();
      t.string('company_id', 64).notNullable().references('id').inTable('host_companies');
      t.string('sku', 100).notNullable();
      t.string('plugin_id', 64).notNullable();
      t.bigInteger('amount_clp').notNullable();
      t.string('status', 20).notNullable(); // pending_payment | paid
      t.string('created_by', 64).notNullable();
      t.string('created_at', 24).notNullable();
      t.string('paid_at', 24).nullable();
      t.string('payment_event_id', 100).nullable();
      // Null while the plugin has not confirmed activation; a redelivered webhook retries it.
      t.string('activated_at', 24).nullable();
      t.index(['company_id', 'status']);
    });
    await db.schema.createTable('host_payment_events', (t) => {
      t.string('event_id', 100).primary();
      t.string('order_id', 64).notNullable();
      t.string('company_id', 64).notNullable();
      t.string('type', 50).notNullable();
      t.text('payload_json').notNullable();
      t.string('received_at', 24).notNullable();
    });
  },
  async down(db: Knex) {
    await db.schema.dropTableIfExists('host_payment_events');
    await db.schema.dropTableIfExists('host_store_orders');
    await db.schema.dropTableIfExists('host_sessions');
    await db.schema.dropTableIfExists('host_users');
    await db.schema.dropTableIfExists('host_companies');
  },
};
