import type { Knex } from 'knex';
import { ListMigrationSource } from '../../shared/db/database';
import type { VoucherDraft, VoucherLine } from '../../plugin/host/Ledger';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import { ledgerMigration } from '../../host/migrations/002_ledger';
import { idempotencyBindingMigration } from '../../host/migrations/003_idempotency_binding';
import type { Migrator } from './databases';
import { FixedClock, MemoryLogger } from './testHost';

export const HOST_MIGRATIONS_TABLE = 'host_knex_migrations';

/** Migrates only the built-in ledger's tables (the host's other migrations are not needed here). */
export const migrateLedger: Migrator = async (db: Knex) => {
  await db.migrate.latest({
    migrationSource: new ListMigrationSource([ledgerMigration, idempotencyBindingMigration]),
    tableName: HOST_MIGRATIONS_TABLE,
  });
};

export interface LedgerUnderTest {
  ledger: BuiltinLedger;
  clock: FixedClock;
  logger: MemoryLogger;
}

export function newLedger(
  db: Knex,
  clock = new FixedClock(new Date('2025-07-10T15:00:00.000Z')),
): LedgerUnderTest {
  const logger = new MemoryLogger();
  return { ledger: new BuiltinLedger(db, { clock, logger }), clock, logger };
}

export function buildLine(overrides: Partial<VoucherLine> = {}): VoucherLine {
  return { accountCode: '1110101001', debit: 0, credit: 0, glosa: 'línea', ...overrides };
}

/**
 * The worked example of chile-accounting.md §3 (report 8842): balanced at $78.000 on the seeded
 * Chilean chart, with exactly the analyses each account requires.
 */
export function buildDraft(overrides: Partial<VoucherDraft> = {}): VoucherDraft {
  return {
    source: 'rindegastos',
    type: 'TRASPASO',
    date: '2025-06-20',
    glosa: 'Rendición N° 8842 Octavio Olivares',
    currency: 'CLP',
    lines: [
      buildLine({
        accountCode: '4110201002',
        debit: 53_880,
        businessCenterCode: 'EMPNEGVTAVTA000',
        glosa: 'Combustible Copec',
        origin: { expenseIds: [1], rule: 'invoice_category:Combustible:debit' },
      }),
      buildLine({
        accountCode: '1110601001',
        debit: 5_620,
        auxiliary: { rut: '99.520.000-7', name: 'Copec S.A.' },
        document: { type: '33', number: '1234567' },
        glosa: 'IVA factura 1234567',
        origin: { expenseIds: [1], rule: 'setting:ivaCreditAccount' },
      }),
      buildLine({
        accountCode: '4110205001',
        debit: 18_500,
        businessCenterCode: 'EMPNEGVTAVTA000',
        glosa: 'Almuerzo cliente',
        origin: { expenseIds: [2], rule: 'category:Alimentación:debit' },
      }),
      buildLine({
        accountCode: '2110701001',
        credit: 78_000,
        auxiliary: { rut: '12.345.678-5', name: 'Octavio Olivares' },
        glosa: 'Rendición N° 8842',
        origin: { expenseIds: [1, 2], rule: 'merged:credit' },
      }),
    ],
    ...overrides,
  };
}

/** A minimal balanced two-line draft on accounts that require no analysis. */
export function buildSimpleDraft(amount = 1_000, overrides: Partial<VoucherDraft> = {}): VoucherDraft {
  return {
    source: 'manual',
    type: 'TRASPASO',
    date: '2025-06-20',
    glosa: 'Traspaso entre cajas',
    currency: 'CLP',
    lines: [
      buildLine({ accountCode: '1110102001', debit: amount, glosa: 'Depósito' }),
      buildLine({ accountCode: '1110101001', credit: amount, glosa: 'Salida de caja' }),
    ],
    ...overrides,
  };
}
