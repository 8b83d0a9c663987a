import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * A report's expenses are read `WHERE company_id = ? AND report_id = ? ORDER BY remote_id`
 * (ReportRepository.get, twice per posted report). With only (company_id, report_id) and the
 * unique (company_id, remote_id) to choose from, SQLite picks the unique index to avoid the
 * sort and walks every expense of the company, reading each row to test report_id: 3 ms per
 * report at 10k expenses, growing with the company (quadratic over a sync). MariaDB sorts
 * instead. (company_id, report_id, remote_id) serves the filter and the order on both engines
 * (and `report_id IN (…) ORDER BY report_id, remote_id`); it replaces its own prefix.
 */
export const expensesByReport: NamedMigration = {
  name: '004_expenses_by_report',
  async up(db: Knex) {
    await db.schema.alterTable('rg_expenses', (t) => {
      t.index(['company_id', 'report_id', 'remote_id'], 'rg_expenses_company_report_remote');
    });
    await db.schema.alterTable('rg_expenses', (t) => {
      t.dropIndex(['company_id', 'report_id'], 'rg_expenses_company_report');
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('rg_expenses', (t) => {
      t.index(['company_id', 'report_id'], 'rg_expenses_company_report');
    });
    await db.schema.alterTable('rg_expenses', (t) => {
      t.dropIndex(['company_id', 'report_id', 'remote_id'], 'rg_expenses_company_report_remote');
    });
  },
};
