/**
 * The host contract: everything the plugin may use of the ERP that runs it.
 * Types only — no runtime code lives in plugin/host/.
 */
import type { Knex } from 'knex';
import type { Ledger } from './Ledger';

/** A user of a company as the ERP's directory knows it. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  isCompanyAdmin: boolean;
}

/** A company as the ERP knows it. */
export interface DirectoryCompany {
  id: string;
  name: string;
  /** The company's RUT, e.g. "76.123.456-0". */
  rut: string;
}

export interface Directory {
  /** The company itself (null when the ERP does not know it). */
  getCompany(companyId: string): Promise<DirectoryCompany | null>;
  listUsers(companyId: string): Promise<DirectoryUser[]>;
  getUser(companyId: string, userId: string): Promise<DirectoryUser | null>;
}

/** Symmetric sealing of secrets at rest (AES-256-GCM in the standalone host). */
export interface SecretBox {
  seal(plaintext: string): Promise<string>;
  /** Throws when the sealed value was tampered with or sealed under another key. */
  open(sealed: string): Promise<string>;
}

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  now(): Date;
}

/** Where a job run is, for a progress display (e.g. the CLI's bars). */
export interface JobProgress {
  /** e.g. "import", "evaluate", "post", "done". */
  phase: string;
  done: number;
  total: number | null;
  /** Named counters so far, e.g. `{ fetched: 120, posted: 100 }`. */
  counts: Record<string, number>;
}

/** What a job run did, for the host to show (e.g. the CLI's summary and exit code). */
export interface JobOutcome {
  /** `skipped`: nothing to do now (not due, not connected, or running elsewhere). */
  status: 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'skipped';
  /** Spanish, one sentence. */
  summary: string;
  counts: Record<string, number>;
}

/** What a scheduled job run receives. */
export interface JobRunContext {
  companyId: string;
  /** Aborted when the job exceeds its timeout or the host shuts down. */
  signal: AbortSignal;
  /** Set when an operator asked for this run (e.g. `rindegastos sync`): it runs now, whatever its interval. */
  manual?: boolean;
  /** Called as the run progresses, when the host shows progress. */
  onProgress?(progress: JobProgress): void;
}

/**
 * A job the plugin asks the host to run for every company where the plugin is active.
 * The host never starts two runs of the same job for the same company at once in one process.
 */
export interface ScheduledJob {
  id: string;
  /** Interval between the end of one run and the start of the next, per company. */
  intervalMs: (companyId: string) => Promise<number>;
  timeoutMs: number;
  /** What the run did (the host may show it; a job may leave it out). */
  run(ctx: JobRunContext): Promise<JobOutcome | void>;
}

export interface Scheduler {
  /** Returns a function that unregisters the job (running runs are aborted). */
  register(job: ScheduledJob): () => void;
}

/** Deployment settings the host gives the plugin. */
export interface PluginRuntimeConfig {
  /** Base URL of the Rindegastos v1 API, ending in `/v1/` (the sandbox in the demo). */
  rindegastosApiUrl: string;
  /**
   * Overall deadline, in ms, of a Rindegastos call a user waits for (verifying a token, importing
   * the configuration from a screen). Default 15 s.
   */
  interactiveDeadlineMs?: number;
  /**
   * How long a company's sync lease lasts without renewal: a runner that dies is taken over by
   * another process after at most this long. Default 60 000 ms.
   */
  syncLeaseMs?: number;
}

export interface Host {
  /** Semver of the host API, checked against manifest.hostApi. */
  apiVersion: string;
  config: PluginRuntimeConfig;
  /** The host's database. The plugin owns the rg_* tables and `rg_knex_migrations`. */
  db: Knex;
  ledger: Ledger;
  directory: Directory;
  secrets: SecretBox;
  scheduler: Scheduler;
  logger: Logger;
  clock: Clock;
}
