/**
 * Pure backoff arithmetic shared by every HTTP client with retries (the plugin's Rindegastos
 * client and write-back outbox, the host's Defontana connector): no clock, no timers, randomness
 * injected.
 */

export interface BackoffOptions {
  /** Upper bound of the first retry's delay. */
  baseMs: number;
  /** No delay ever exceeds this. */
  capMs: number;
}

/**
 * Capped full-jitter exponential backoff ("Exponential Backoff and Jitter", AWS Architecture
 * Blog): a uniform delay in [0, min(cap, base · 2^(retry−1))). `retry` counts from 1 (the delay
 * before the second attempt). Full jitter spreads concurrent workers that failed together.
 */
export function backoffDelayMs(
  retry: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(retry));
  // 2 ** 60 already exceeds any cap; clamping the exponent avoids Infinity for absurd retry counts.
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(n - 1, 60));
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * Math.max(0, ceiling));
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns
 * milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
