import 'reflect-metadata';
import * as sinon from 'sinon';
import { assertMariaDbReachable } from './databases';

/** Mocha root hooks: the run fails at once (never skips) when MariaDB is missing; sinon is reset after each test. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(30_000);
    await assertMariaDbReachable();
  },
  afterEach() {
    sinon.restore();
  },
};
