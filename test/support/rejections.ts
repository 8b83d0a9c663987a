import { expect } from 'chai';
import { RindegastosApiError } from '../../plugin/errors/errors';

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to be rejected, but it resolved');
}

/** The RindegastosApiError a client call fails with; fails the test on success or any other error. */
export async function apiFailure(promise: Promise<unknown>): Promise<RindegastosApiError> {
  const err: unknown = await rejectionOf(promise);
  expect(err).to.be.instanceOf(RindegastosApiError);
  return err as RindegastosApiError;
}
