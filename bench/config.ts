import { ENGINES, type Engine } from './support/benchDatabase';

export const ITEMS = ['import', 'latency', 'memory', 'informes'] as const;
export type Item = (typeof ITEMS)[number];

export interface BenchConfig {
  scale: 'full' | 'small';
  items: Item[];
  engines: Engine[];
  import: { approvedExpenses: number; expensesPerReport: number };
  latency: { reports: number; expensesPerReport: number; latencyMs: number };
  memory: { expenses: number; expensesPerReport: number; engine: Engine };
  informes: { reports: number; samplesPerShape: number; warmupPerShape: number };
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

function listEnv<T extends string>(name: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...allowed];
  const picked = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = picked.filter((p) => !(allowed as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`${name}: unknown ${unknown.join(', ')} (use ${allowed.join(',')})`);
  return allowed.filter((a) => picked.includes(a));
}

/**
 * Sizes by BENCH_SCALE (`full`, the DESIGN.md §13 sizes, default; `small`, a quick run), each
 * overridable: BENCH_IMPORT_EXPENSES, BENCH_LATENCY_REPORTS, BENCH_MEMORY_EXPENSES,
 * BENCH_INFORMES_REPORTS, BENCH_INFORMES_SAMPLES. BENCH_ONLY=import,latency,memory,informes picks
 * items; BENCH_ENGINES=sqlite,mariadb picks engines (items 1 and 4).
 */
export function loadConfig(): BenchConfig {
  const scaleRaw = (process.env.BENCH_SCALE ?? 'full').trim();
  if (scaleRaw !== 'full' && scaleRaw !== 'small') {
    throw new Error(`BENCH_SCALE must be "full" or "small" (got "${scaleRaw}")`);
  }
  const small = scaleRaw === 'small';
  return {
    scale: scaleRaw,
    items: listEnv('BENCH_ONLY', ITEMS),
    engines: listEnv('BENCH_ENGINES', ENGINES),
    import: {
      approvedExpenses: intEnv('BENCH_IMPORT_EXPENSES', small ? 5_000 : 50_000),
      expensesPerReport: 25,
    },
    latency: {
      reports: intEnv('BENCH_LATENCY_REPORTS', small ? 30 : 100),
      expensesPerReport: 5,
      latencyMs: 50,
    },
    memory: {
      expenses: intEnv('BENCH_MEMORY_EXPENSES', small ? 20_000 : 200_000),
      expensesPerReport: 25,
      engine: 'sqlite',
    },
    informes: {
      reports: intEnv('BENCH_INFORMES_REPORTS', small ? 10_000 : 100_000),
      samplesPerShape: intEnv('BENCH_INFORMES_SAMPLES', small ? 20 : 60),
      warmupPerShape: 5,
    },
  };
}
