import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * Why an item's suggested ERP account was suggested ("código igual a 4110201002", "nombre
 * parecido: Combustibles"): shown next to the suggestion, so the accountant can judge it.
 */
export const suggestionReason: NamedMigration = {
  name: '005_suggestion_reason',
  async up(db: Knex) {
    await db.schema.alterTable('rg_catalog_items', (t) => {
      t.string('suggestion_reason', 255).nullable();
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('rg_catalog_items', (t) => {
      t.dropColumn('suggestion_reason');
    });
  },
};
