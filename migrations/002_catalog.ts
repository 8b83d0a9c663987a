import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * The Centralización items imported from Rindegastos and their mappings (DESIGN.md §6).
 *
 * NOTE: `remote_key` uses a binary collation on MySQL/MariaDB. The default utf8mb4_unicode_ci
 * is case- and accent-insensitive, so "Peaje" and "peaje" would collide in the unique key on
 * MariaDB while SQLite (binary by default) keeps them apart. Rindegastos matches expenses to
 * categories by the exact name, so the key must be exact on both engines. knex ignores
 * `collate` on SQLite, whose default comparison is already binary.
 */
export const catalog: NamedMigration = {
  name: '002_catalog',
  async up(db: Knex) {
    await db.schema.createTable('rg_catalog_items', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      // account | category | invoice_category | cost_center | document_type | policy | user
      t.string('kind', 20).notNullable();
      t.string('remote_key', 255).collate('utf8mb4_bin').notNullable();
      t.string('name', 255).notNullable();
      t.string('code', 100).nullable();
      t.boolean('active').notNullable().defaultTo(true);
      t.string('removed_at', 24).nullable();
      t.string('debit_account', 32).nullable();
      t.string('credit_account', 32).nullable();
      t.string('business_center', 32).nullable();
      t.string('document_kind', 20).nullable(); // factura | boleta | honorarios | other
      t.string('suggested_account', 32).nullable();
      t.text('extra_json').nullable();
      t.string('created_at', 24).notNullable();
      t.string('imported_at', 24).notNullable();
      // Who last changed the mapping (Debe/Haber/Centro de Negocios/kind), and when.
      t.string('updated_by', 64).nullable();
      t.string('updated_at', 24).nullable();
      t.unique(['company_id', 'kind', 'remote_key'], { indexName: 'rg_catalog_items_key' });
      t.index(['company_id', 'kind', 'active'], 'rg_catalog_items_kind_active');
    });
  },
  async down(db: Knex) {
    await db.schema.dropTableIfExists('rg_catalog_items');
  },
};
