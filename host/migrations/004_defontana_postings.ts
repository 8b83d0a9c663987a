import type { Knex } from 'knex';
import type { NamedMigration } from '../../shared/db/database';

/**
 * Connector mode's record of what was sent to Defontana: idempotency key → the marker put in the
 * voucher's comment and, once known, Defontana's voucher (type, number, fiscal year). A row left
 * `sending` means an InsertVoucher whose outcome is unknown: the next attempt looks it up first.
 */
export const defontanaPostingsMigration: NamedMigration = {
  name: '004_defontana_postings',
  async up(db: Knex) {
    await db.schema.createTable('host_defontana_postings', (t) => {
      t.string('company_id', 64).notNullable();
      // Keys are compared byte for byte, as host_vouchers does (MariaDB's default collation folds case).
      t.string('idempotency_key', 255).notNullable().collate('utf8mb4_bin');
      t.string('marker', 32).notNullable();
      t.string('voucher_date', 10).notNullable();
      t.string('status', 16).notNullable();
      t.string('voucher_type', 40).nullable();
      t.integer('number').nullable();
      t.integer('fiscal_year').nullable();
      t.boolean('pending_approval').notNullable().defaultTo(false);
      t.string('created_at', 30).notNullable();
      t.string('updated_at', 30).notNullable();
      t.primary(['company_id', 'idempotency_key']);
    });
  },
  async down(db: Knex) {
    await db.schema.dropTable('host_defontana_postings');
  },
};
