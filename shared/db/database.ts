import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';

export type Dialect = 'sqlite' | 'mysql';

/** Default embedded database of the standalone host and the demo. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/rindegastos.sqlite';

/**
 * Creates a knex instance from a URL:
 * - `sqlite:relative/or/absolute.sqlite` or `sqlite::memory:` — better-sqlite3, foreign keys and WAL on;
 * - `mysql://user:pass@host:port/db` — MySQL 8 / MariaDB 10.11 through mysql2: utf8mb4, strict SQL mode, UTC.
 */
export function createKnex(url: string = DEFAULT_DATABASE_URL, opts: { poolMax?: number } = {}): Knex {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length);
    if (filename !== ':memory:') createPrivateFile(path.resolve(filename));
    return knex({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(
          conn: { pragma(sql: string): unknown },
          done: (err: Error | null, conn: unknown) => void,
        ) {
          conn.pragma('foreign_keys = ON');
          if (filename !== ':memory:') conn.pragma('journal_mode = WAL');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('synchronous = NORMAL');
          done(null, conn);
        },
      },
    });
  }
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
    return knex({
      client: 'mysql2',
      connection: {
        host: u.hostname,
        port: u.port ? Number(u.port) : 3306,
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.replace(/^\//, '') || undefined,
        charset: 'utf8mb4',
        timezone: 'Z',
        supportBigNumbers: true,
        dateStrings: true,
      },
      pool: {
        min: 0,
        max: opts.poolMax ?? 10,
        afterCreate(
          conn: { query(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) {
          conn.query(
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'",
            (err) => done(err, conn),
          );
        },
      },
    });
  }
  throw new Error(
    `DATABASE_URL no reconocida: use "sqlite:<archivo>" o "mysql://usuario@host:puerto/base" (recibido: ${redactUrl(url)})`,
  );
}

/**
 * Creates the database file (and its folder) readable by its owner only, before SQLite opens it:
 * it holds sealed tokens and password hashes. SQLite gives its -wal and -shm files the same mode.
 * A file that others may read is tightened to 0600; the folder, when created here, is 0700.
 */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) fs.chmodSync(file, mode & 0o700);
}

export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  return client.includes('mysql') ? 'mysql' : 'sqlite';
}

/**
 * True when a knex error is a unique-key violation, on either engine.
 * NOTE: the engines report it differently (SQLite `SQLITE_CONSTRAINT_UNIQUE` /
 * `SQLITE_CONSTRAINT_PRIMARYKEY`, MySQL/MariaDB `ER_DUP_ENTRY` 1062); this is the one place that knows.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errno?: unknown };
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'ER_DUP_ENTRY' ||
    e.errno === 1062
  );
}

/** A URL fit for a log line: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export interface NamedMigration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** An explicit knex migration source: migrations are listed in code, never globbed from the cwd. */
export class ListMigrationSource implements Knex.MigrationSource<NamedMigration> {
  constructor(private readonly migrations: readonly NamedMigration[]) {}
  async getMigrations(): Promise<NamedMigration[]> {
    return [...this.migrations];
  }
  getMigrationName(migration: NamedMigration): string {
    return migration.name;
  }
  async getMigration(migration: NamedMigration): Promise<Knex.Migration> {
    return { up: (db) => migration.up(db), down: (db) => migration.down(db) };
  }
}
