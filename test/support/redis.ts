import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests share (.ci/run starts it); each test writes under its own key prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix, e.g. `rg-test-3f9a…`, so parallel runs never touch each other's keys. */
export function testRedisPrefix(): string {
  return `rg-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under `prefix:` (only this test's keys), returning how many there were. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    await redis.quit();
  }
}
