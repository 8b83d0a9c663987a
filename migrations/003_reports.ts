import type { Knex } from 'knex';
import { dialectOf, type NamedMigration } from '../shared/db/database';

/**
 * Imported reports and expenses, their issues, postings, the write-back outbox, sync runs and
 * the per-company sync lease.
 *
 * NOTE: "report id" in every table below is the Rindegastos report id (`remote_id` of
 * rg_reports), not a surrogate: it is what users see, what the API takes, and it is unique per
 * company, so every relation is (company_id, report_id) and needs no join to be scoped.
 *
 * NOTE on the Informes indexes (100k+ reports per company):
 * - `rg_reports_informes` (company_id, close_date, remote_id, state, search_text) is the list's
 *   index: its prefix serves the close-date range and the `close_date desc, remote_id desc`
 *   order in one walk, and since it also holds the state and the search text, the "centralizado"
 *   and free-text filters are checked inside the index — rows are read only for the page shown,
 *   and the total is counted from the index alone;
 * - (company_id, state, close_date) serves "centralizado: sí" (a small slice), findByStates
 *   and the per-state counts; `posted=no` is queried as `state IN (every other state)`;
 * - free text: an exact report id uses the unique (company_id, remote_id); an exact number uses
 *   (company_id, number); (company_id, employee_name) serves lookups and prefix searches by
 *   employee. A *contains* match (`%text%`) cannot seek in a B-tree on any engine: it is run on
 *   `search_text` — number, employee name and RUT, and title, lower-cased and without accents,
 *   so the match is the same on SQLite and MySQL whatever the collation — scanning only the
 *   company's (and date range's) entries of the narrow index above, never the wide rows
 *   (raw_json makes them large) and never other companies'.
 * - Anything else (policy, currency, totals) is not filterable in Informes and not indexed.
 */
export const reportsSchema: NamedMigration = {
  name: '003_reports',
  async up(db: Knex) {
    await db.schema.createTable('rg_reports', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.bigInteger('remote_id').notNullable();
      t.string('number', 64).notNullable();
      t.string('title', 500).notNullable();
      t.bigInteger('employee_id').nullable();
      t.string('employee_name', 200).notNullable();
      t.string('employee_identification', 32).notNullable();
      t.bigInteger('policy_id').nullable();
      t.string('policy_name', 200).notNullable();
      t.string('send_date', 10).nullable();
      t.string('close_date', 10).nullable(); // null while open or when Rindegastos sent no valid date
      t.string('currency', 8).notNullable();
      t.integer('status').nullable(); // Rindegastos Status: 0 open, 1 closed
      t.bigInteger('total_approved').nullable();
      t.integer('nbr_expenses').nullable();
      t.string('state', 16).notNullable(); // imported | blocked | ready | posted | reversed | failed
      t.string('content_hash', 64).notNullable();
      const searchText = t.string('search_text', 500).notNullable();
      // The text is stored folded (lower case, no accents) and searched folded: on MySQL a
      // binary collation compares it byte for byte, the cheapest LIKE, with no collation rules
      // of the host's database in between. SQLite's LIKE needs nothing.
      if (dialectOf(db) === 'mysql') searchText.collate('utf8mb4_bin');
      t.text('raw_json', 'mediumtext').notNullable();
      t.string('posted_voucher_id', 64).nullable();
      t.string('posted_voucher_number', 64).nullable();
      t.string('posted_at', 24).nullable();
      t.string('posted_hash', 64).nullable();
      t.string('changed_after_post_at', 24).nullable();
      t.text('last_error').nullable();
      t.string('integration_marked_at', 24).nullable();
      t.string('integration_mark_code', 255).nullable();
      t.string('imported_at', 24).notNullable();
      t.string('updated_at', 24).notNullable();
      t.unique(['company_id', 'remote_id'], { indexName: 'rg_reports_company_remote' });
      t.index(['company_id', 'close_date', 'remote_id', 'state', 'search_text'], 'rg_reports_informes');
      t.index(['company_id', 'state', 'close_date'], 'rg_reports_company_state_close');
      t.index(['company_id', 'number'], 'rg_reports_company_number');
      t.index(['company_id', 'employee_name'], 'rg_reports_company_employee');
    });

    await db.schema.createTable('rg_expenses', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.bigInteger('remote_id').notNullable();
      t.bigInteger('report_id').notNullable();
      t.integer('status').nullable(); // 0 in process, 1 approved, 2 rejected
      t.string('supplier', 200).notNullable();
      t.string('issue_date', 10).nullable();
      // Company-currency amounts, integer pesos; null when Rindegastos sent no integral amount
      // (the builder reports it from raw_json, which keeps the value as received).
      t.bigInteger('net').nullable();
      t.bigInteger('tax').nullable();
      t.bigInteger('other_taxes').nullable();
      t.bigInteger('retention').nullable();
      t.bigInteger('total').nullable();
      t.string('currency', 8).notNullable();
      // NOTE: the original amount is in a foreign currency (36.99 USD), not in pesos, so it is
      // the one amount kept as a decimal; it is informative only (the voucher uses Total).
      t.decimal('original_amount', 20, 4).nullable();
      t.string('original_currency', 8).notNullable();
      t.string('category', 200).notNullable();
      t.string('category_code', 100).notNullable();
      t.string('document_type_code', 32).notNullable();
      t.string('cost_center_code', 64).notNullable();
      t.text('raw_json').notNullable();
      t.unique(['company_id', 'remote_id'], { indexName: 'rg_expenses_company_remote' });
      t.index(['company_id', 'report_id'], 'rg_expenses_company_report');
    });

    await db.schema.createTable('rg_report_issues', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.bigInteger('report_id').notNullable();
      t.string('code', 64).notNullable();
      t.string('subject_kind', 32).notNullable();
      t.string('subject_key', 200).notNullable();
      t.text('message').notNullable();
      t.text('expense_ids_json').notNullable();
      t.string('created_at', 24).notNullable();
      t.string('resolved_at', 24).nullable();
      t.index(['company_id', 'subject_kind', 'subject_key', 'resolved_at'], 'rg_report_issues_subject');
      t.index(['company_id', 'report_id'], 'rg_report_issues_report');
    });

    await db.schema.createTable('rg_postings', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.bigInteger('report_id').notNullable();
      t.string('part', 32).notNullable(); // "report", or the expense id when posting per expense
      t.string('idempotency_key', 200).notNullable();
      t.string('content_hash', 64).notNullable();
      t.string('voucher_id', 64).notNullable();
      t.bigInteger('voucher_number').notNullable();
      t.string('voucher_type', 32).notNullable();
      t.integer('fiscal_year').notNullable();
      t.string('status', 16).notNullable(); // posted | reversed
      t.string('reversal_voucher_id', 64).nullable();
      t.string('posted_at', 24).notNullable();
      t.string('reversed_at', 24).nullable();
      t.unique(['idempotency_key'], { indexName: 'rg_postings_key' });
      t.index(['company_id', 'report_id', 'status'], 'rg_postings_report');
      t.index(['company_id', 'voucher_id'], 'rg_postings_voucher');
    });

    await db.schema.createTable('rg_outbox', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.string('kind', 40).notNullable(); // report_integration | expense_integration
      t.bigInteger('target_id').notNullable(); // the Rindegastos report or expense id
      t.bigInteger('report_id').nullable(); // the report the write-back belongs to
      t.text('payload_json').notNullable();
      t.string('payload_hash', 64).notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.string('next_attempt_at', 24).notNullable();
      t.text('last_error').nullable();
      t.string('claim_token', 64).nullable();
      t.string('claimed_until', 24).nullable();
      t.string('done_at', 24).nullable();
      t.string('created_at', 24).notNullable();
      t.unique(['company_id', 'kind', 'target_id', 'payload_hash'], { indexName: 'rg_outbox_once' });
      t.index(['done_at', 'next_attempt_at'], 'rg_outbox_due');
      t.index(['company_id', 'report_id'], 'rg_outbox_report');
    });

    await db.schema.createTable('rg_sync_runs', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      // NOTE: not named `trigger`, a reserved word in MySQL that raw SQL would trip on.
      t.string('trigger_kind', 16).notNullable(); // manual | scheduled | cli
      t.string('status', 16).notNullable(); // running | succeeded | failed | partial
      t.text('counts_json').notNullable();
      t.text('problems_json', 'mediumtext').notNullable();
      t.text('progress_json').notNullable();
      t.text('error').nullable();
      t.string('started_at', 24).notNullable();
      t.string('finished_at', 24).nullable();
      t.index(['company_id', 'started_at'], 'rg_sync_runs_company_started');
    });

    await db.schema.createTable('rg_leases', (t) => {
      t.string('company_id', 64).primary();
      t.string('holder', 128).notNullable();
      t.string('expires_at', 24).notNullable();
    });
  },
  async down(db: Knex) {
    for (const table of [
      'rg_leases',
      'rg_sync_runs',
      'rg_outbox',
      'rg_postings',
      'rg_report_issues',
      'rg_expenses',
      'rg_reports',
    ]) {
      await db.schema.dropTableIfExists(table);
    }
  },
};
