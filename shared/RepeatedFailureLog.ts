/** What the log needs of a logger: the plugin's `Logger` and pino both fit. */
export interface FailureLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface Streak {
  signature: string;
  count: number;
  fields: Record<string, unknown>;
  message: string;
}

/**
 * Logs a failure that keeps happening once, not once per attempt: a sync against a Rindegastos
 * that is down, or a webhook refused again and again, would otherwise write the same line every
 * few seconds for hours. Per scope (e.g. one company's sync), the first occurrence of a failure
 * is logged in full; repeats of the same failure are only counted, with a reminder at 10, 100,
 * 1,000 … occurrences; a different failure, or the first success, logs how many times the
 * previous one happened.
 */
export class RepeatedFailureLog {
  private readonly streaks = new Map<string, Streak>();

  constructor(
    private readonly logger: FailureLogger,
    private readonly level: 'warn' | 'error' = 'error',
  ) {}

  /**
   * Records one failure. `signature` tells failures apart (e.g. kind and HTTP status); `fields`
   * and `message` are what the first log line carries.
   */
  failed(scope: string, signature: string, fields: Record<string, unknown>, message: string): void {
    const streak = this.streaks.get(scope);
    if (streak && streak.signature === signature) {
      streak.count++;
      if (isPowerOfTen(streak.count)) {
        this.logger[this.level](
          { ...streak.fields, err: undefined, occurrences: streak.count },
          `${streak.message} (still failing)`,
        );
      }
      return;
    }
    if (streak) this.summarize(streak);
    this.streaks.set(scope, { signature, count: 1, fields, message });
    this.logger[this.level]({ ...fields, occurrences: 1 }, message);
  }

  /** The scope works again: says after how many failures, once. */
  succeeded(scope: string): void {
    const streak = this.streaks.get(scope);
    if (!streak) return;
    this.streaks.delete(scope);
    this.logger.info(
      { ...streak.fields, err: undefined, occurrences: streak.count },
      `${streak.message}: recovered`,
    );
  }

  private summarize(streak: Streak): void {
    if (streak.count === 1) return;
    this.logger[this.level](
      { ...streak.fields, err: undefined, occurrences: streak.count },
      `${streak.message} (repeated, now failing differently)`,
    );
  }
}

function isPowerOfTen(n: number): boolean {
  return n >= 10 && /^10*$/.test(String(n));
}
