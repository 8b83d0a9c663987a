/**
 * The retry policy for Rindegastos calls, as pure functions (no clock, no timers, randomness
 * injected) so they are tested exhaustively and reused by the write-back outbox.
 */
import { backoffDelayMs, type BackoffOptions } from '../../shared/retry/backoff';
import { RindegastosApiError } from '../errors/errors';

export interface RetryPolicy extends BackoffOptions {
  /** Total attempts including the first one (1 = never retry). */
  maxAttempts: number;
  /**
   * A `Retry-After` longer than this is not waited for in-process: the error is returned to the
   * caller (it carries `retryAfterMs`) so a scheduler, e.g. the outbox, can come back later.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 500,
  capMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Which failures a request that is not idempotent may retry: only those where the server surely
 * did not act on it (it refused to take it, or the connection never opened).
 */
function safeForNonIdempotent(err: RindegastosApiError): boolean {
  if (err.kind === 'rate_limited') return true;
  const cause = err.details as { transportCode?: string } | undefined;
  return err.kind === 'network' && cause?.transportCode === 'ECONNREFUSED';
}

export interface RetryDecision {
  retry: boolean;
  /** How long to wait before the next attempt (0 when not retrying). */
  delayMs: number;
}

/**
 * Decides whether the failed attempt number `attempt` (1-based) is retried and after how long.
 * Retries: 429 (after `Retry-After` when given), 5xx, timeouts, connection resets and other
 * transient network failures, malformed (truncated) bodies. Never: 401/403 (`token_rejected`),
 * other 4xx, bodies of the wrong shape. A request that is not idempotent retries only when the
 * server cannot have acted on it.
 */
export function decideRetry(
  err: unknown,
  attempt: number,
  policy: RetryPolicy,
  opts: { idempotent: boolean; random?: () => number },
): RetryDecision {
  const no = { retry: false, delayMs: 0 };
  if (!(err instanceof RindegastosApiError) || !err.retryable) return no;
  if (attempt >= policy.maxAttempts) return no;
  if (!opts.idempotent && !safeForNonIdempotent(err)) return no;
  if (err.retryAfterMs !== undefined) {
    if (err.retryAfterMs > policy.maxRetryAfterMs) return no;
    return { retry: true, delayMs: Math.max(0, err.retryAfterMs) };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt, policy, opts.random) };
}
