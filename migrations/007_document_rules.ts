import type { Knex } from 'knex';
import type { NamedMigration } from '../shared/db/database';

/**
 * The document rules (README › How a report becomes a voucher):
 * - `rg_booked_documents`: each factura and boleta de honorarios a live voucher of ours books
 *   (written when the voucher posts, deleted when it is reversed): the duplicate check and the
 *   Libro de honorarios read it;
 * - `rg_duplicate_releases`: expenses the accountant released as "no es duplicado" (by expense id,
 *   so a release survives re-syncs);
 * - `rg_report_issues.severity`: "error" blocks the report, "advertencia" never does;
 * - `rg_catalog_items.iva_recoverable`: a Categoría de factura whose IVA is not crédito fiscal
 *   (null = recoverable, the default).
 */
export const documentRules: NamedMigration = {
  name: '007_document_rules',
  async up(db: Knex) {
    await db.schema.createTable('rg_booked_documents', (t) => {
      t.bigIncrements('id');
      t.string('company_id', 64).notNullable();
      t.bigInteger('report_id').notNullable();
      t.string('report_number', 64).notNullable();
      t.bigInteger('expense_id').notNullable();
      t.string('kind', 16).notNullable(); // factura | honorarios
      t.string('doc_key', 120).nullable(); // null when the document lacks a valid RUT or its number
      t.string('rut', 64).notNullable();
      t.boolean('rut_valid').notNullable();
      t.string('name', 255).notNullable();
      t.string('number', 64).notNullable();
      t.string('issue_date', 10).notNullable();
      t.bigInteger('gross').notNullable();
      t.bigInteger('retention').notNullable();
      t.string('voucher_id', 64).notNullable();
      t.bigInteger('voucher_number').notNullable();
      t.string('voucher_date', 10).notNullable();
      t.index(['company_id', 'doc_key'], 'rg_booked_documents_key');
      t.index(['company_id', 'kind', 'voucher_date'], 'rg_booked_documents_month');
      t.index(['company_id', 'report_id'], 'rg_booked_documents_report');
    });
    await db.schema.createTable('rg_duplicate_releases', (t) => {
      t.string('company_id', 64).notNullable();
      t.bigInteger('expense_id').notNullable();
      t.bigInteger('report_id').notNullable();
      t.string('released_by', 64).notNullable();
      t.string('released_at', 24).notNullable();
      t.primary(['company_id', 'expense_id']);
    });
    await db.schema.alterTable('rg_report_issues', (t) => {
      t.string('severity', 12).notNullable().defaultTo('error');
    });
    await db.schema.alterTable('rg_catalog_items', (t) => {
      t.boolean('iva_recoverable').nullable();
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('rg_catalog_items', (t) => {
      t.dropColumn('iva_recoverable');
    });
    await db.schema.alterTable('rg_report_issues', (t) => {
      t.dropColumn('severity');
    });
    await db.schema.dropTableIfExists('rg_duplicate_releases');
    await db.schema.dropTableIfExists('rg_booked_documents');
  },
};
