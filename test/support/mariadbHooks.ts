import { assertMariaDbReachable } from './databases';

/**
 * Mocha root hooks of the tiers that use a database (every config but the unit tier's): the run
 * fails at once (never skips) when MariaDB is missing.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(30_000);
    await assertMariaDbReachable();
  },
};
