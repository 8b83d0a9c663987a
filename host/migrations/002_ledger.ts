import type { Knex } from 'knex';
import type { NamedMigration } from '../../shared/db/database';

/**
 * The built-in ledger's tables. Host migrations keep their own bookkeeping table
 * (`host_knex_migrations`), apart from the plugin's `rg_knex_migrations`.
 *
 * NOTE: timestamps are ISO-8601 UTC strings (24 chars), dates `YYYY-MM-DD`, periods `YYYY-MM`,
 * money integer pesos in BIGINT: they sort as text and read back identically on SQLite and MySQL.
 */
/**
 * Keys, codes and types compare exactly, as they do on SQLite: MySQL's default collation would
 * make `traspaso` share `TRASPASO`'s numbering and two keys differing in case collide.
 * (knex applies column collations on MySQL only.)
 */
const BINARY = 'utf8mb4_bin';

export const ledgerMigration: NamedMigration = {
  name: '002_ledger',
  async up(db: Knex) {
    await db.schema.createTable('host_ledger_accounts', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('code', 20).notNullable().collate(BINARY);
      t.string('name', 200).notNullable();
      t.boolean('postable').notNullable();
      t.boolean('active').notNullable();
      t.boolean('requires_business_center').notNullable();
      t.boolean('requires_auxiliary').notNullable();
      t.boolean('requires_document').notNullable();
      t.string('created_at', 24).notNullable();
      t.string('updated_at', 24).notNullable();
      t.primary(['company_id', 'code']);
    });
    await db.schema.createTable('host_business_centers', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('code', 15).notNullable().collate(BINARY);
      t.string('name', 200).notNullable();
      t.string('parent_code', 15).nullable().collate(BINARY);
      t.boolean('postable').notNullable();
      t.boolean('active').notNullable();
      t.string('created_at', 24).notNullable();
      t.string('updated_at', 24).notNullable();
      t.primary(['company_id', 'code']);
    });
    await db.schema.createTable('host_fiscal_periods', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('period', 7).notNullable(); // YYYY-MM
      t.string('status', 10).notNullable(); // open | closed
      t.string('updated_by', 64).nullable();
      t.string('updated_at', 24).notNullable();
      t.primary(['company_id', 'period']);
    });
    await db.schema.createTable('host_vouchers', (t) => {
      t.string('id', 36).primary();
      t.string('company_id', 64).notNullable();
      t.string('source', 64).notNullable().collate(BINARY);
      t.string('type', 32).notNullable().collate(BINARY);
      t.integer('number').notNullable();
      t.integer('fiscal_year').notNullable();
      t.string('date', 10).notNullable();
      t.string('glosa', 200).notNullable();
      t.string('currency', 3).notNullable();
      t.string('status', 20).notNullable(); // posted | pending-approval | reversed | deleted
      t.string('reverses_voucher_id', 36).nullable();
      t.string('idempotency_key', 255).notNullable().collate(BINARY);
      t.string('created_at', 24).notNullable();
      t.string('updated_at', 24).notNullable();
      // The idempotency guarantee lives in the database, so concurrent submits cannot both win.
      t.unique(['company_id', 'idempotency_key'], { indexName: 'host_vouchers_company_key' });
      // A safety net under the numbering row: a duplicate number can never be stored.
      t.unique(['company_id', 'type', 'fiscal_year', 'number'], { indexName: 'host_vouchers_number' });
      // At most one reversal per voucher, even when two are requested at once (NULLs never collide).
      t.unique(['company_id', 'reverses_voucher_id'], { indexName: 'host_vouchers_reverses' });
      t.index(['company_id', 'date'], 'host_vouchers_company_date');
      t.index(['company_id', 'source', 'date'], 'host_vouchers_company_source_date');
    });
    await db.schema.createTable('host_voucher_lines', (t) => {
      t.string('voucher_id', 36).notNullable().references('id').inTable('host_vouchers').onDelete('CASCADE');
      t.integer('line_no').notNullable(); // 0-based, the draft's line index
      t.string('company_id', 64).notNullable();
      t.string('account_code', 20).notNullable().collate(BINARY);
      t.bigInteger('debit').notNullable();
      t.bigInteger('credit').notNullable();
      t.string('business_center_code', 15).nullable().collate(BINARY);
      t.string('auxiliary_rut', 16).nullable();
      t.string('auxiliary_name', 200).nullable();
      t.string('document_type', 16).nullable();
      t.string('document_number', 32).nullable();
      t.string('glosa', 200).notNullable();
      t.text('origin_json').nullable();
      t.primary(['voucher_id', 'line_no']);
      t.index(['company_id', 'account_code'], 'host_voucher_lines_company_account');
    });
    await db.schema.createTable('host_voucher_numbering', (t) => {
      t.string('company_id', 64).notNullable();
      t.string('voucher_type', 32).notNullable().collate(BINARY);
      t.integer('fiscal_year').notNullable();
      t.integer('last_number').notNullable();
      t.primary(['company_id', 'voucher_type', 'fiscal_year']);
    });
  },
  async down(db: Knex) {
    for (const table of [
      'host_voucher_numbering',
      'host_voucher_lines',
      'host_vouchers',
      'host_fiscal_periods',
      'host_business_centers',
      'host_ledger_accounts',
    ]) {
      await db.schema.dropTableIfExists(table);
    }
  },
};
