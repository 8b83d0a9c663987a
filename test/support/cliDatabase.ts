import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../host/cli/main';
import { createKnex } from '../../shared/db/database';
import { TEST_MYSQL_URL } from './databases';

/** A fresh, empty database reachable by URL, as the CLI takes it. */
export async function freshDatabase(engine: 'sqlite' | 'mariadb') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-cli-'));
  if (engine === 'sqlite') {
    return { url: `sqlite:${path.join(dir, 'cli.sqlite')}`, dir, drop: async () => undefined };
  }
  const name = `rgcli_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createKnex(TEST_MYSQL_URL, { poolMax: 1 });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}

export function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}
