import { expect } from 'chai';
import fc from 'fast-check';
import { RindegastosApiError } from '../../../plugin/errors/errors';
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../plugin/rindegastos/retryPolicy';
import { backoffDelayMs, parseRetryAfter } from '../../../shared/retry/backoff';

const policy: RetryPolicy = { maxAttempts: 5, baseMs: 100, capMs: 2_000, maxRetryAfterMs: 60_000 };

function apiError(
  kind: RindegastosApiError['kind'],
  retryable: boolean,
  extra: { status?: number; retryAfterMs?: number; transportCode?: string } = {},
) {
  return new RindegastosApiError('x', retryable, kind, extra.status, extra.retryAfterMs, {
    details: extra.transportCode ? { transportCode: extra.transportCode } : undefined,
  });
}

describe('retry policy', () => {
  describe('backoffDelayMs (capped full jitter)', () => {
    it('doubles the ceiling per retry and never passes the cap', () => {
      const top = () => 0.999999;
      expect(backoffDelayMs(1, policy, top)).to.equal(99);
      expect(backoffDelayMs(2, policy, top)).to.equal(199);
      expect(backoffDelayMs(3, policy, top)).to.equal(399);
      expect(backoffDelayMs(10, policy, top)).to.equal(1_999);
      expect(backoffDelayMs(10_000, policy, top)).to.equal(1_999);
    });

    it('spreads delays down to zero (full jitter, not equal jitter)', () => {
      expect(backoffDelayMs(4, policy, () => 0)).to.equal(0);
      expect(backoffDelayMs(4, policy, () => 0.5)).to.equal(400);
    });

    it('always stays within [0, min(cap, base·2^(n−1)))', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 200 }),
          fc.integer({ min: 1, max: 10_000 }),
          fc.integer({ min: 1, max: 100_000 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (retry, baseMs, capMs, r) => {
            const d = backoffDelayMs(retry, { baseMs, capMs }, () => r);
            const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
            return Number.isInteger(d) && d >= 0 && d < Math.max(1, ceiling);
          },
        ),
      );
    });
  });

  describe('decideRetry', () => {
    it('waits exactly what Retry-After asks on a 429', () => {
      const d = decideRetry(apiError('rate_limited', true, { status: 429, retryAfterMs: 7_000 }), 1, policy, {
        idempotent: true,
      });
      expect(d).to.deep.equal({ retry: true, delayMs: 7_000 });
    });

    it('gives up on a Retry-After longer than the policy waits in-process, so a scheduler can come back', () => {
      const d = decideRetry(apiError('rate_limited', true, { retryAfterMs: 61_000 }), 1, policy, {
        idempotent: true,
      });
      expect(d.retry).to.equal(false);
    });

    it('retries 5xx, timeouts and resets with backoff until the attempts run out', () => {
      for (const e of [
        apiError('server', true, { status: 503 }),
        apiError('timeout', true),
        apiError('network', true, { transportCode: 'ECONNRESET' }),
        apiError('malformed', true),
      ]) {
        expect(decideRetry(e, 1, policy, { idempotent: true, random: () => 0.5 })).to.deep.equal({
          retry: true,
          delayMs: 50,
        });
        expect(decideRetry(e, 4, policy, { idempotent: true }).retry).to.equal(true);
        expect(decideRetry(e, 5, policy, { idempotent: true }).retry).to.equal(false);
      }
    });

    it('never retries a rejected token, a 4xx or a body of the wrong shape', () => {
      for (const e of [
        apiError('token_rejected', false, { status: 401 }),
        apiError('client', false, { status: 400 }),
        apiError('not_found', false, { status: 404 }),
        apiError('malformed', false),
      ]) {
        expect(decideRetry(e, 1, policy, { idempotent: true }).retry).to.equal(false);
      }
      expect(decideRetry(new Error('boom'), 1, policy, { idempotent: true }).retry).to.equal(false);
    });

    it('retries a write that is not idempotent only when the server cannot have acted on it', () => {
      const opts = { idempotent: false, random: () => 0 };
      expect(decideRetry(apiError('server', true, { status: 503 }), 1, policy, opts).retry).to.equal(false);
      expect(decideRetry(apiError('timeout', true), 1, policy, opts).retry).to.equal(false);
      expect(
        decideRetry(apiError('network', true, { transportCode: 'ECONNRESET' }), 1, policy, opts).retry,
      ).to.equal(false);
      expect(
        decideRetry(apiError('network', true, { transportCode: 'ECONNREFUSED' }), 1, policy, opts).retry,
      ).to.equal(true);
      expect(
        decideRetry(apiError('rate_limited', true, { retryAfterMs: 1_000 }), 1, policy, opts),
      ).to.deep.equal({
        retry: true,
        delayMs: 1_000,
      });
    });

    it('has sane defaults', () => {
      expect(DEFAULT_RETRY_POLICY.maxAttempts).to.be.greaterThan(1);
      expect(DEFAULT_RETRY_POLICY.capMs).to.be.greaterThan(DEFAULT_RETRY_POLICY.baseMs);
    });
  });

  describe('parseRetryAfter', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    it('reads delay-seconds and HTTP dates', () => {
      expect(parseRetryAfter('7', now)).to.equal(7_000);
      expect(parseRetryAfter('0', now)).to.equal(0);
      expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).to.equal(30_000);
      expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).to.equal(0);
    });
    it('ignores absent or unreadable values', () => {
      expect(parseRetryAfter(undefined, now)).to.equal(undefined);
      expect(parseRetryAfter('', now)).to.equal(undefined);
      expect(parseRetryAfter('soon', now)).to.equal(undefined);
    });
  });
});
