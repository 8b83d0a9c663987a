import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createKnex } from '../../shared/db/database';
import { migrateHostLatest } from '../../host/migrations';
import { migratePluginLatest } from '../../plugin/db/migrate';

export type EngineName = 'sqlite' | 'mariadb';

export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const MARIADB_HELP =
  `MariaDB is not reachable at ${TEST_MYSQL_URL}. The integration tests run on SQLite AND MariaDB and never skip.\n` +
  'Start it with:  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd\n' +
  'or point TEST_MYSQL_URL at a MySQL 8 / MariaDB 10.11 server (the user needs CREATE DATABASE).';

/** Fails loudly (never skips) when MariaDB cannot be reached. Called once by the root hooks. */
export async function assertMariaDbReachable(): Promise<void> {
  const db = createKnex(TEST_MYSQL_URL, { poolMax: 1 });
  try {
    await db.raw('select 1');
  } catch (err) {
    throw new Error(`${MARIADB_HELP}\n(cause: ${(err as Error).message})`, { cause: err });
  } finally {
    await db.destroy();
  }
}

export interface TestDatabase {
  engine: EngineName;
  db: Knex;
  /** The database's URL, for another process to open it (a sync child process). */
  url: string;
  /** Deletes every row of every migrated table (not the migration bookkeeping). */
  clean(): Promise<void>;
  destroy(): Promise<void>;
}

/** A migration set a spec may ask for; by default the host's (built-in ledger) and the plugin's. */
export type Migrator = (db: Knex) => Promise<void>;

/**
 * A fresh database on the given engine: a temp SQLite file, or a uniquely named MariaDB
 * database that is dropped afterwards, so runs never see each other's data.
 */
export async function createTestDatabase(
  engine: EngineName,
  migrators: Migrator[] = [(db) => migrateHostLatest(db), migratePluginLatest],
): Promise<TestDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  let db: Knex;
  let dbUrl: string;
  let dispose: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-test-'));
    dbUrl = `sqlite:${path.join(dir, `test_${suffix}.sqlite`)}`;
    db = createKnex(dbUrl);
    dispose = async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const name = `rgtest_${suffix}`;
    const admin = createKnex(TEST_MYSQL_URL, { poolMax: 1 });
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(TEST_MYSQL_URL);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    db = createKnex(dbUrl);
    dispose = async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    };
  }
  for (const migrate of migrators) await migrate(db);
  return {
    engine,
    db,
    url: dbUrl,
    clean: () => cleanTables(db, engine),
    destroy: dispose,
  };
}

async function listTables(db: Knex, engine: EngineName): Promise<string[]> {
  if (engine === 'sqlite') {
    const rows: { name: string }[] = await db.raw(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
    );
    return rows.map((r) => r.name);
  }
  const [rows] = (await db.raw('show tables')) as [Record<string, string>[]];
  return rows.map((r) => Object.values(r)[0]);
}

async function cleanTables(db: Knex, engine: EngineName): Promise<void> {
  const tables = (await listTables(db, engine)).filter((t) => !t.includes('knex_migrations'));
  if (engine === 'mariadb') {
    await db.transaction(async (trx) => {
      await trx.raw('SET FOREIGN_KEY_CHECKS = 0');
      for (const t of tables) await trx(t).delete();
      await trx.raw('SET FOREIGN_KEY_CHECKS = 1');
    });
  } else {
    await db.raw('PRAGMA foreign_keys = OFF');
    for (const t of tables) await db(t).delete();
    await db.raw('PRAGMA foreign_keys = ON');
  }
}

export interface DatabaseSuite {
  /** The current engine's database; valid inside hooks and tests. */
  readonly db: Knex;
  readonly engine: EngineName;
  /** The current database's URL (for a child process). */
  readonly url: string;
}

export interface ForEachDatabaseOptions {
  /** Migrations to run on the fresh database. Default: the host's and the plugin's. */
  migrators?: Migrator[];
  /** Clean every table before each test. Default true. */
  cleanEachTest?: boolean;
}

/**
 * Runs a spec body once per engine, as `describe('[sqlite] title')` and `describe('[mariadb] title')`,
 * each on its own fresh database.
 */
export function forEachDatabase(
  title: string,
  body: (suite: DatabaseSuite) => void,
  opts: ForEachDatabaseOptions = {},
): void {
  for (const engine of ['sqlite', 'mariadb'] as const) {
    describe(`[${engine}] ${title}`, function () {
      let current: TestDatabase | undefined;
      const suite: DatabaseSuite = {
        get db() {
          if (!current) throw new Error('database used outside a test');
          return current.db;
        },
        get url() {
          if (!current) throw new Error('database used outside a test');
          return current.url;
        },
        engine,
      };
      before(async function () {
        this.timeout(60_000);
        current = await createTestDatabase(engine, opts.migrators);
      });
      if (opts.cleanEachTest ?? true) {
        beforeEach(async () => {
          await current?.clean();
        });
      }
      after(async () => {
        await current?.destroy();
        current = undefined;
      });
      body(suite);
    });
  }
}
