import type { Knex } from 'knex';
import type { NamedMigration } from '../../shared/db/database';

/**
 * What an idempotency key was first used for. A voucher's key already binds to its source and,
 * for a reversal, to the reversed voucher (`reverses_voucher_id`); this adds the fingerprint of
 * the draft a posting was submitted with, so the same key with another draft is refused (409)
 * instead of answering with a voucher that never posted it. Null on a reversal, and on vouchers
 * stored before this migration (those still bind to source and kind).
 */
export const idempotencyBindingMigration: NamedMigration = {
  name: '003_idempotency_binding',
  async up(db: Knex) {
    await db.schema.alterTable('host_vouchers', (t) => {
      t.string('draft_fingerprint', 64).nullable();
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('host_vouchers', (t) => {
      t.dropColumn('draft_fingerprint');
    });
  },
};
