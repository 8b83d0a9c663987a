import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrateHostLatest } from '../../host/migrations';
import { createKnex } from '../../shared/db/database';
import { migratePluginLatest } from '../../plugin/db/migrate';

export type Engine = 'sqlite' | 'mariadb';

export const ENGINES: readonly Engine[] = ['sqlite', 'mariadb'];

/** MariaDB/MySQL server the bench creates its throw-away databases on. */
export const BENCH_MYSQL_URL =
  process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface BenchDatabase {
  engine: Engine;
  db: Knex;
  /** Where it lives, for the summary (the SQLite file or the MariaDB database name). */
  location: string;
  destroy(): Promise<void>;
}

/** Every database the run created and has not destroyed yet: dropped on exit, even after a crash. */
const live = new Set<BenchDatabase>();

/**
 * A fresh, migrated database (host and plugin tables): a temp SQLite file (WAL, as the host
 * configures it) or a uniquely named MariaDB database, dropped by `destroy`.
 */
export async function createBenchDatabase(engine: Engine): Promise<BenchDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  let db: Knex;
  let location: string;
  let dispose: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-bench-'));
    location = path.join(dir, `bench_${suffix}.sqlite`);
    db = createKnex(`sqlite:${location}`);
    dispose = async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const name = `rgbench_${suffix}`;
    const admin = createKnex(BENCH_MYSQL_URL, { poolMax: 1 });
    try {
      await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } catch (err) {
      await admin.destroy();
      throw new Error(
        `MariaDB is not reachable at ${BENCH_MYSQL_URL} (set BENCH_MYSQL_URL): ${(err as Error).message}`,
        { cause: err },
      );
    }
    const url = new URL(BENCH_MYSQL_URL);
    url.pathname = `/${name}`;
    location = `${url.host}/${name}`;
    db = createKnex(url.toString());
    dispose = async () => {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    };
  }
  let destroyed = false;
  const handle: BenchDatabase = {
    engine,
    db,
    location,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      live.delete(handle);
      await dispose();
    },
  };
  live.add(handle);
  try {
    await migrateHostLatest(db);
    await migratePluginLatest(db);
  } catch (err) {
    await handle.destroy();
    throw err;
  }
  return handle;
}

/** Drops whatever is still alive (an item that threw half-way). */
export async function destroyAllBenchDatabases(): Promise<void> {
  for (const d of [...live]) await d.destroy().catch(() => undefined);
}
