/** Fault injection: which request fails, and how. Seeded, so a run can be replayed. */
import { Rng } from './random';

export const FAULT_KINDS = [
  'rate_limit',
  'server_error',
  'latency',
  'timeout',
  'reset',
  'error_body',
  'malformed',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Share of API requests that get a fault, 0..1. */
  rate: number;
  seed: number;
  /** Kinds to draw from, uniformly. */
  kinds: FaultKind[];
  /** Extra delay of a `latency` fault. */
  latencyMs: number;
  /** `Retry-After` (seconds) sent with a 429. */
  retryAfterSeconds: number;
  /** How long a `timeout` fault holds the request before dropping the connection. */
  hangMs: number;
  /** Only these API methods get faults (e.g. ["setExpenseReportIntegration"]); empty = all. */
  methods: string[];
}

export const NO_FAULTS: FaultConfig = {
  rate: 0,
  seed: 1,
  kinds: [...FAULT_KINDS],
  latencyMs: 150,
  retryAfterSeconds: 1,
  hangMs: 5_000,
  methods: [],
};

export function normalizeFaults(
  input: Partial<FaultConfig> | undefined,
  base: FaultConfig = NO_FAULTS,
): FaultConfig {
  const merged = { ...base, ...(input ?? {}) };
  const kinds = merged.kinds.filter((k): k is FaultKind => (FAULT_KINDS as readonly string[]).includes(k));
  const rate = Number(merged.rate);
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('faults.rate must be between 0 and 1');
  if (merged.kinds.length !== kinds.length) {
    throw new RangeError(`faults.kinds must be among ${FAULT_KINDS.join(', ')}`);
  }
  return {
    rate,
    seed: Math.floor(Number(merged.seed) || 0),
    kinds: kinds.length > 0 ? kinds : [...FAULT_KINDS],
    latencyMs: Math.max(0, Number(merged.latencyMs) || 0),
    retryAfterSeconds: Math.max(0, Math.floor(Number(merged.retryAfterSeconds) || 0)),
    hangMs: Math.max(0, Number(merged.hangMs) || 0),
    methods: [...(merged.methods ?? [])],
  };
}

export class FaultInjector {
  private rng: Rng;
  readonly counts: Record<FaultKind, number> = emptyCounts();

  constructor(private cfg: FaultConfig) {
    this.rng = new Rng(cfg.seed);
  }

  get config(): FaultConfig {
    return this.cfg;
  }

  set(cfg: FaultConfig): void {
    this.cfg = cfg;
    this.rng = new Rng(cfg.seed);
  }

  /** The fault for the next request to `method`, or null. Draws in arrival order. */
  next(method: string): FaultKind | null {
    if (this.cfg.rate <= 0) return null;
    if (this.cfg.methods.length > 0 && !this.cfg.methods.includes(method)) return null;
    if (this.rng.next() >= this.cfg.rate) return null;
    const kind = this.cfg.kinds[Math.floor(this.rng.next() * this.cfg.kinds.length)];
    this.counts[kind]++;
    return kind;
  }

  /** A second draw for the variant of a fault (which 5xx, which error body). */
  variant(n: number): number {
    return Math.floor(this.rng.next() * n);
  }

  resetCounts(): void {
    for (const k of FAULT_KINDS) this.counts[k] = 0;
  }
}

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}
