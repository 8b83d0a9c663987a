import { expect } from 'chai';
import { pluginMigrations } from '../../../migrations';
import {
  migratePluginLatest,
  rollbackPluginMigrations,
  PLUGIN_MIGRATIONS_TABLE,
} from '../../../plugin/db/migrate';
import { forEachDatabase } from '../../support/databases';
import { rowsForEveryPluginTable } from '../../support/pluginRows';

forEachDatabase(
  'plugin migrations',
  (suite) => {
    it('go up, hold rows in every table, go down and up again', async () => {
      await migratePluginLatest(suite.db);
      const applied = await suite.db(PLUGIN_MIGRATIONS_TABLE).pluck('name');
      expect(applied).to.deep.equal(pluginMigrations.map((m) => m.name));

      const rows = rowsForEveryPluginTable();
      for (const [table, row] of Object.entries(rows)) await suite.db(table).insert(row);
      for (const table of Object.keys(rows)) {
        const [{ n }] = await suite.db(table).count({ n: '*' });
        expect(Number(n), table).to.equal(1);
      }

      await rollbackPluginMigrations(suite.db);
      for (const table of Object.keys(rows))
        expect(await suite.db.schema.hasTable(table), table).to.equal(false);

      await migratePluginLatest(suite.db);
      for (const table of Object.keys(rows))
        expect(await suite.db.schema.hasTable(table), table).to.equal(true);
    });
  },
  { migrators: [], cleanEachTest: false },
);
