import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * A report the ERP refused to post (`failed`) is retried by later syncs with backoff: how many
 * posts failed in a row and when the next one is due (null: at the next run).
 */
export const postRetries: NamedMigration = {
  name: '006_post_retries',
  async up(db: Knex) {
    await db.schema.alterTable('rg_reports', (t) => {
      t.integer('post_attempts').notNullable().defaultTo(0);
      t.string('next_post_at', 24).nullable();
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('rg_reports', (t) => {
      t.dropColumn('post_attempts');
      t.dropColumn('next_post_at');
    });
  },
};
