/** The sandbox's whole state and its controls, usable in-process and through `/__sandbox/…`. */
import { createHash } from 'node:crypto';
import { demoProfile, otherProfile, type CompanyProfile } from './catalog';
import { CompanyState, SandboxError, type CustomStatusEntry } from './company';
import { FaultInjector, normalizeFaults, type FaultConfig, type FaultKind } from './faults';
import { chileToday, dayOf, isDate, shiftDateText } from './dates';
import { timelineShift, workedExample, workedExampleShift } from './generator';
import { hashString, seedOf } from './random';
import { companyToken } from './tokens';
import type {
  CategoryJson,
  ExpenseJson,
  ExpenseReportJson,
  ExtraFieldDefJson,
  FieldOptionJson,
  IntegrationMarkJson,
} from './types';

export type SandboxMode = 'test' | 'demo' | 'production';

export interface SandboxOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of all generated data and tokens. Default 42. */
  seed?: number;
  /** Generated reports of the demo company (besides the worked example). Default 200. */
  reports?: number;
  /** Expenses per generated report. Default 5. */
  expensesPerReport?: number;
  /** The `other` company's size. Default 12 reports × 3 expenses. */
  other?: { reports?: number; expensesPerReport?: number };
  /** Enforce `Since` and the one-year range on getExpenseReports. Default false. */
  strict?: boolean;
  /** Control routes exist only in `test` and `demo`. Default `test`. */
  mode?: SandboxMode;
  /** Faults active from the start. Default none. */
  faults?: Partial<FaultConfig>;
  /** Delay added to every API response (benchmarks). Default 0. */
  latencyMs?: number;
  /** "Today" for the strict one-year rule when `Until` is absent, and the anchor day (YYYY-MM-DD). Default: the real date in Chile. */
  today?: string;
  /**
   * Anchored mode (the demo): the generated timeline moves by whole days so its latest reports are
   * recent relative to `today` (read once, at start), and report 8842 closes a week before it.
   * Default false: the fixed timeline the tests rely on (2025-01 … 2026-11, 8842 closed 2025-06-20).
   */
  anchored?: boolean;
}

export interface SandboxStats {
  requests: number;
  byMethod: Record<string, number>;
  unauthorized: number;
  faults: Record<FaultKind, number>;
}

export interface CompanySummary {
  key: string;
  name: string;
  companyId: number;
  reports: number;
  expensesPerReport: number;
  token: string;
}

/** The controls both the HTTP control routes and in-process callers use. */
export interface SandboxControls {
  /** The company's current token (`demo`, `other`). */
  tokenFor(company: string): string;
  /** Issues a new token; the previous ones stop working unless `keepPrevious`. */
  issueToken(company: string, opts?: { keepPrevious?: boolean }): string;
  companies(): CompanySummary[];
  /** Back to the start state: data, overlays, tokens, faults (the start config), strict, stats. */
  reset(): void;
  faults(): FaultConfig;
  /** Replaces the fault config (missing keys from the current one); `null` turns faults off. */
  setFaults(config: Partial<FaultConfig> | null): FaultConfig;
  setStrict(strict: boolean): void;
  stats(): SandboxStats;
  resetStats(): void;
  /** Integration marks written through the API (setExpense(Report)Integration). */
  listMarks(company: string): { reports: IntegrationMarkJson[]; expenses: IntegrationMarkJson[] };
  clearMarks(company: string): void;
  customStatuses(company: string): CustomStatusEntry[];
  addReport(
    company: string,
    report: Partial<ExpenseReportJson>,
    expenses: Partial<ExpenseJson>[],
  ): { report: ExpenseReportJson; expenses: ExpenseJson[] };
  updateReport(company: string, id: number, fields: Partial<ExpenseReportJson>): ExpenseReportJson;
  updateExpense(company: string, id: number, fields: Partial<ExpenseJson>): ExpenseJson;
  getReport(company: string, id: number): { report: ExpenseReportJson; expenses: ExpenseJson[] } | undefined;
  addCategory(
    company: string,
    policyId: number,
    category: Partial<CategoryJson> & { Name: string },
  ): CategoryJson[];
  renameCategory(company: string, policyId: number, from: string, to: string): CategoryJson[];
  updateCategory(
    company: string,
    policyId: number,
    name: string,
    fields: Partial<CategoryJson>,
  ): CategoryJson[];
  removeCategory(company: string, policyId: number, name: string): CategoryJson[];
  setExpenseFieldOptions(company: string, fieldName: string, options: FieldOptionJson[]): ExtraFieldDefJson[];
}

export interface ResolvedOptions {
  port: number;
  host: string;
  seed: number;
  reports: number;
  expensesPerReport: number;
  other: { reports: number; expensesPerReport: number };
  strict: boolean;
  mode: SandboxMode;
  faults: FaultConfig;
  latencyMs: number;
  today?: string;
  /** Whole days the generated timeline and the worked example move (both 0 unless anchored). */
  shift: { timeline: number; workedExample: number };
}

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const mode = o.mode ?? 'test';
  if (!['test', 'demo', 'production'].includes(mode))
    throw new RangeError(`mode must be test, demo or production`);
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    seed: Math.floor(o.seed ?? 42),
    reports: o.reports ?? 200,
    expensesPerReport: o.expensesPerReport ?? 5,
    other: { reports: o.other?.reports ?? 12, expensesPerReport: o.other?.expensesPerReport ?? 3 },
    strict: o.strict ?? false,
    mode,
    faults: normalizeFaults(o.faults),
    latencyMs: Math.max(0, o.latencyMs ?? 0),
    today: o.today,
    shift: o.anchored ? anchoredShift(o.today) : { timeline: 0, workedExample: 0 },
  };
}

/** The shifts of anchored mode for an anchor day (default: today in Chile, read now, once). */
function anchoredShift(today: string | undefined): ResolvedOptions['shift'] {
  if (today !== undefined && !isDate(today)) throw new RangeError('today must be a date YYYY-MM-DD');
  const anchor = dayOf(today ?? chileToday());
  return { timeline: timelineShift(anchor), workedExample: workedExampleShift(anchor) };
}

/** The profile with its users' and funds' dates moved like the timeline. */
function shiftProfile(profile: CompanyProfile, days: number): CompanyProfile {
  if (days === 0) return profile;
  return {
    ...profile,
    users: profile.users.map((u) => ({
      ...u,
      CreatedAt: shiftDateText(u.CreatedAt, days),
      LastLogin: shiftDateText(u.LastLogin, days),
    })),
    funds: profile.funds.map((f) => ({
      ...f,
      CreatedAt: shiftDateText(f.CreatedAt, days),
      ExpirationDate: shiftDateText(f.ExpirationDate, days),
      Transactions: f.Transactions.map((t) => ({
        ...t,
        TransactionDate: shiftDateText(t.TransactionDate, days),
      })),
    })),
  };
}

export class SandboxState implements SandboxControls {
  readonly secret: string;
  strict: boolean;
  readonly injector: FaultInjector;
  private byKey = new Map<string, CompanyState>();
  private tokenOwner = new Map<string, string>();
  private current = new Map<string, string>();
  private generation = new Map<string, number>();
  private counters = { requests: 0, byMethod: {} as Record<string, number>, unauthorized: 0 };

  constructor(readonly options: ResolvedOptions) {
    // NOTE: derived from the seed so tokens are stable across restarts; this is a simulator, not a vault.
    this.secret = createHash('sha256').update(`rindegastos-sandbox:${options.seed}`).digest('hex');
    this.strict = options.strict;
    this.injector = new FaultInjector(options.faults);
    this.build();
  }

  private build(): void {
    const o = this.options;
    const { timeline } = o.shift;
    const profiles: [CompanyProfile, number, number, boolean][] = [
      [
        shiftProfile(demoProfile(seedOf(o.seed, hashString('demo'))), timeline),
        o.reports,
        o.expensesPerReport,
        true,
      ],
      [
        shiftProfile(otherProfile(seedOf(o.seed, hashString('other'))), timeline),
        o.other.reports,
        o.other.expensesPerReport,
        false,
      ],
    ];
    this.byKey = new Map();
    this.tokenOwner = new Map();
    this.current = new Map();
    this.generation = new Map();
    for (const [profile, reports, perReport, withExample] of profiles) {
      const seed = seedOf(o.seed, hashString(profile.key), 17);
      const examples = withExample ? [workedExample(o.shift.workedExample)] : [];
      const state = new CompanyState(profile, seed, reports, perReport, examples, timeline);
      this.byKey.set(profile.key, state);
      this.generation.set(profile.key, 0);
      this.installToken(profile.key, false);
    }
  }

  private installToken(key: string, keepPrevious: boolean): string {
    const company = this.company(key);
    const gen = this.generation.get(key) ?? 0;
    const token = companyToken(this.secret, this.options.seed, company.profile, gen);
    this.generation.set(key, gen + 1);
    if (!keepPrevious) {
      for (const [t, owner] of this.tokenOwner) if (owner === key) this.tokenOwner.delete(t);
    }
    this.tokenOwner.set(token, key);
    this.current.set(key, token);
    return token;
  }

  company(key: string): CompanyState {
    const c = this.byKey.get(key);
    if (!c)
      throw new SandboxError(
        404,
        `No existe la empresa "${key}" (hay: ${[...this.byKey.keys()].join(', ')}).`,
      );
    return c;
  }

  /** The company a bearer token belongs to, or undefined. */
  companyForToken(token: string): CompanyState | undefined {
    const key = this.tokenOwner.get(token);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  countRequest(method: string): void {
    this.counters.requests++;
    this.counters.byMethod[method] = (this.counters.byMethod[method] ?? 0) + 1;
  }

  countUnauthorized(): void {
    this.counters.unauthorized++;
  }

  // ---- SandboxControls ---------------------------------------------------------------------

  tokenFor(company: string): string {
    this.company(company);
    return this.current.get(company)!;
  }

  issueToken(company: string, opts: { keepPrevious?: boolean } = {}): string {
    return this.installToken(company, opts.keepPrevious ?? false);
  }

  companies(): CompanySummary[] {
    return [...this.byKey.values()].map((c) => ({
      key: c.profile.key,
      name: c.profile.name,
      companyId: c.profile.companyId,
      reports: c.reportCount,
      expensesPerReport: c.ctx.expensesPerReport,
      token: this.current.get(c.profile.key)!,
    }));
  }

  reset(): void {
    this.build();
    this.strict = this.options.strict;
    this.injector.set(this.options.faults);
    this.resetStats();
  }

  faults(): FaultConfig {
    return this.injector.config;
  }

  setFaults(config: Partial<FaultConfig> | null): FaultConfig {
    const next =
      config === null ? normalizeFaults({ rate: 0 }) : normalizeFaults(config, this.injector.config);
    this.injector.set(next);
    return next;
  }

  setStrict(strict: boolean): void {
    this.strict = strict;
  }

  stats(): SandboxStats {
    return {
      requests: this.counters.requests,
      byMethod: { ...this.counters.byMethod },
      unauthorized: this.counters.unauthorized,
      faults: { ...this.injector.counts },
    };
  }

  resetStats(): void {
    this.counters = { requests: 0, byMethod: {}, unauthorized: 0 };
    this.injector.resetCounts();
  }

  listMarks(company: string) {
    return this.company(company).marks();
  }

  clearMarks(company: string): void {
    this.company(company).clearMarks();
  }

  customStatuses(company: string): CustomStatusEntry[] {
    return [...this.company(company).customStatusLog];
  }

  addReport(company: string, report: Partial<ExpenseReportJson>, expenses: Partial<ExpenseJson>[]) {
    return this.company(company).addReport(report, expenses);
  }

  updateReport(company: string, id: number, fields: Partial<ExpenseReportJson>) {
    return this.company(company).updateReport(id, fields);
  }

  updateExpense(company: string, id: number, fields: Partial<ExpenseJson>) {
    return this.company(company).updateExpense(id, fields);
  }

  getReport(company: string, id: number) {
    return this.company(company).materialize(id);
  }

  addCategory(company: string, policyId: number, category: Partial<CategoryJson> & { Name: string }) {
    return this.company(company).addCategory(policyId, category);
  }

  renameCategory(company: string, policyId: number, from: string, to: string) {
    return this.company(company).updateCategory(policyId, from, { Name: to });
  }

  updateCategory(company: string, policyId: number, name: string, fields: Partial<CategoryJson>) {
    return this.company(company).updateCategory(policyId, name, fields);
  }

  removeCategory(company: string, policyId: number, name: string) {
    return this.company(company).removeCategory(policyId, name);
  }

  setExpenseFieldOptions(company: string, fieldName: string, options: FieldOptionJson[]) {
    return this.company(company).setExpenseFieldOptions(fieldName, options);
  }
}
