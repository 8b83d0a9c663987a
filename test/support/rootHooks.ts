import 'reflect-metadata';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import * as sinon from 'sinon';

// NOTE: registered here, once for every tier, rather than in the specs that use it.
chai.use(chaiAsPromised);

/** Mocha root hooks of every tier: sinon is reset after each test. */
export const mochaHooks = {
  afterEach() {
    sinon.restore();
  },
};
