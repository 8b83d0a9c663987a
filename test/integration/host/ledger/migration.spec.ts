import { expect } from 'chai';
import { ListMigrationSource } from '../../../../shared/db/database';
import { BuiltinLedger } from '../../../../host/ledger/BuiltinLedger';
import { seedChileanLedger } from '../../../../host/ledger/seed';
import { ledgerMigration } from '../../../../host/migrations/002_ledger';
import { idempotencyBindingMigration } from '../../../../host/migrations/003_idempotency_binding';
import { forEachDatabase } from '../../../support/databases';
import { FixedClock, MemoryLogger } from '../../../support/testHost';
import { buildDraft, HOST_MIGRATIONS_TABLE } from '../../../support/hostLedger';

const TABLES = [
  'host_ledger_accounts',
  'host_business_centers',
  'host_fiscal_periods',
  'host_vouchers',
  'host_voucher_lines',
  'host_voucher_numbering',
];

forEachDatabase(
  'built-in ledger migration',
  (suite) => {
    const config = {
      migrationSource: new ListMigrationSource([ledgerMigration, idempotencyBindingMigration]),
      tableName: HOST_MIGRATIONS_TABLE,
    };

    it('goes up into its own bookkeeping table, holds a posted voucher, goes down and up again', async () => {
      await suite.db.migrate.latest(config);
      expect(await suite.db(HOST_MIGRATIONS_TABLE).pluck('name')).to.deep.equal([
        '002_ledger',
        '003_idempotency_binding',
      ]);

      await seedChileanLedger(suite.db, 'c1');
      const ledger = new BuiltinLedger(suite.db, { clock: new FixedClock(), logger: new MemoryLogger() });
      await ledger.closePeriod('c1', '2025-01');
      await ledger.posting.submit('c1', buildDraft(), { idempotencyKey: 'k' });
      for (const table of TABLES) {
        const [{ n }] = await suite.db(table).count({ n: '*' });
        expect(Number(n), table).to.be.greaterThan(0);
      }

      await suite.db.migrate.rollback(config, true);
      for (const table of TABLES) expect(await suite.db.schema.hasTable(table), table).to.equal(false);
      await suite.db.migrate.latest(config);
      for (const table of TABLES) expect(await suite.db.schema.hasTable(table), table).to.equal(true);
    });
  },
  { migrators: [], cleanEachTest: false },
);
