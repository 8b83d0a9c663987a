/** Timing and summary helpers. */

export function seconds(fromMs: number, toMs: number = performance.now()): number {
  return round((toMs - fromMs) / 1000, 3);
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The p-th percentile (nearest rank) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** One measured figure against its target (DESIGN.md §13). */
export interface TargetCheck {
  /** e.g. "import.sqlite.expensesPerSecond". */
  name: string;
  figure: number;
  unit: string;
  /** Human-readable, e.g. ">= 5000". */
  target: string;
  pass: boolean;
}

export function atLeast(name: string, figure: number, min: number, unit: string): TargetCheck {
  return { name, figure, unit, target: `>= ${min}`, pass: figure >= min };
}

export function atMost(name: string, figure: number, max: number, unit: string): TargetCheck {
  return { name, figure, unit, target: `<= ${max}`, pass: figure <= max };
}

/** An engine (or item) that could not be measured: a failed check, so the summary says so. */
export function didNotRun(name: string, err: unknown): { check: TargetCheck; error: string } {
  const error = err instanceof Error ? err.message : String(err);
  return {
    check: { name: `${name}.ran`, figure: 0, unit: 'completed runs', target: '= 1', pass: false },
    error,
  };
}
