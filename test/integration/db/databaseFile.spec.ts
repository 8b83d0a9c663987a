import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKnex } from '../../../shared/db/database';
import { migratePluginLatest } from '../../../plugin/db/migrate';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the embedded SQLite database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-dbfile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is created readable by its owner only (0600), in a 0700 folder, WAL files included', async () => {
    const file = path.join(dir, 'data', 'rindegastos.sqlite');
    const db = createKnex(`sqlite:${file}`);
    try {
      await migratePluginLatest(db);
      expect(modeOf(path.dirname(file)).toString(8)).to.equal('700');
      expect(modeOf(file).toString(8)).to.equal('600');
      for (const extra of [`${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(extra)) expect(modeOf(extra).toString(8), extra).to.equal('600');
      }
    } finally {
      await db.destroy();
    }
  });

  it('tightens a database file others could read', async () => {
    const file = path.join(dir, 'old.sqlite');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const db = createKnex(`sqlite:${file}`);
    try {
      await db.raw('select 1');
      expect(modeOf(file).toString(8)).to.equal('600');
    } finally {
      await db.destroy();
    }
  });
});
