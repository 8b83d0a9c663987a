import type { JobOutcome, JobRunContext, Logger, ScheduledJob, Scheduler } from '../../plugin/index';

/** The reason a run's signal carries when it exceeds its job's timeout. */
export class JobTimeoutError extends Error {
  constructor(
    readonly jobId: string,
    readonly companyId: string,
    readonly timeoutMs: number,
  ) {
    super(`job ${jobId} for company ${companyId} exceeded its timeout of ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

export interface RunNowOptions {
  signal?: AbortSignal;
  onProgress?: JobRunContext['onProgress'];
}

/** What the host does with the plugin's jobs, whichever engine runs them. */
export interface HostScheduler extends Scheduler {
  /** Starts scheduling; jobs begin on the first read of the active companies. */
  start(): void;
  /** Re-reads the active companies now, e.g. right after an activation. */
  refresh(): Promise<void>;
  /** Stops scheduling, aborts this process's runs and waits for them, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /**
   * Runs a registered job for one company now, outside its schedule, because an operator asked
   * (the CLI), and waits for it. The job's timeout still applies; `signal` stops it too.
   */
  runNow(jobId: string, companyId: string, opts?: RunNowOptions): Promise<JobOutcome | void>;
}

/** Runs one job for one company under its timeout; `signal` (the host stopping) aborts it too. */
export async function runJobOnce(
  job: ScheduledJob,
  companyId: string,
  opts: RunNowOptions & { manual?: boolean } = {},
): Promise<JobOutcome | void> {
  const controller = new AbortController();
  const stop = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener('abort', stop, { once: true });
  const timeout = setTimeout(
    () => controller.abort(new JobTimeoutError(job.id, companyId, job.timeoutMs)),
    job.timeoutMs,
  );
  try {
    return await job.run({
      companyId,
      signal: controller.signal,
      ...(opts.manual ? { manual: true } : {}),
      onProgress: opts.onProgress,
    });
  } finally {
    clearTimeout(timeout);
    opts.signal?.removeEventListener('abort', stop);
  }
}

export interface IntervalSchedulerOptions {
  /** The companies jobs run for: those where the plugin is active. */
  companies: () => Promise<string[]>;
  logger: Logger;
  /** How often the list of companies is re-read. Default 30 s. */
  pollMs?: number;
  /** Used when a job's intervalMs() fails. Default 60 s. */
  fallbackIntervalMs?: number;
}

interface CompanySlot {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  controller: AbortController | null;
  /** Set when the company left the active set or the job was unregistered: no further runs. */
  retired: boolean;
}

interface JobEntry {
  job: ScheduledJob;
  slots: Map<string, CompanySlot>;
}

/**
 * Runs each registered job for each active company, waiting `intervalMs` between the end of one
 * run and the start of the next. A run holds its (job, company) slot until its promise settles,
 * even after its timeout aborted the signal, so two runs of the same job for the same company
 * never overlap in this process.
 */
export class IntervalScheduler implements HostScheduler {
  private readonly entries = new Map<string, JobEntry>();
  private readonly pollMs: number;
  private readonly fallbackIntervalMs: number;
  private pollTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly opts: IntervalSchedulerOptions) {
    this.pollMs = opts.pollMs ?? 30_000;
    this.fallbackIntervalMs = opts.fallbackIntervalMs ?? 60_000;
  }

  register(job: ScheduledJob): () => void {
    if (this.entries.has(job.id)) throw new Error(`job ${job.id} is already registered`);
    const entry: JobEntry = { job, slots: new Map() };
    this.entries.set(job.id, entry);
    if (this.started) void this.refresh();
    return () => {
      if (this.entries.get(job.id) !== entry) return;
      this.entries.delete(job.id);
      for (const slot of entry.slots.values()) this.retire(slot, 'job unregistered');
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const poll = () => {
      void this.refresh().finally(() => {
        if (this.started) this.pollTimer = setTimeout(poll, this.pollMs);
      });
    };
    poll();
  }

  async refresh(): Promise<void> {
    if (!this.started) return;
    let companies: string[];
    try {
      companies = await this.opts.companies();
    } catch (err) {
      this.opts.logger.error({ err }, 'scheduler could not list active companies');
      return;
    }
    if (!this.started) return;
    const active = new Set(companies);
    for (const entry of this.entries.values()) {
      for (const [companyId, slot] of entry.slots) {
        if (!active.has(companyId)) {
          this.retire(slot, 'company no longer active');
          entry.slots.delete(companyId);
        }
      }
      for (const companyId of active) {
        if (entry.slots.has(companyId)) continue;
        const slot: CompanySlot = { timer: null, running: null, controller: null, retired: false };
        entry.slots.set(companyId, slot);
        slot.timer = setTimeout(() => this.run(entry, companyId, slot), 0);
      }
    }
  }

  /**
   * Stops scheduling, aborts running runs and waits for them to settle, at most `graceMs`:
   * a job that ignores its signal must not hold the host's shutdown forever.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.started = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    const running: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      for (const slot of entry.slots.values()) {
        this.retire(slot, 'host shutting down');
        if (slot.running) running.push(slot.running);
      }
      entry.slots.clear();
    }
    let grace: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      grace = setTimeout(() => resolve('expired'), graceMs);
    });
    const outcome = await Promise.race([Promise.allSettled(running), expired]);
    clearTimeout(grace);
    if (outcome === 'expired') {
      this.opts.logger.warn({ runs: running.length, graceMs }, 'scheduler stopped with runs still in flight');
    }
  }

  runNow(jobId: string, companyId: string, opts: RunNowOptions = {}): Promise<JobOutcome | void> {
    const entry = this.entries.get(jobId);
    if (!entry) throw new Error(`job ${jobId} is not registered`);
    return runJobOnce(entry.job, companyId, { ...opts, manual: true });
  }

  /** How many runs are in flight (for diagnostics and tests). */
  runningCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) for (const slot of entry.slots.values()) if (slot.running) n++;
    return n;
  }

  private retire(slot: CompanySlot, reason: string): void {
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.controller?.abort(new Error(reason));
  }

  private run(entry: JobEntry, companyId: string, slot: CompanySlot): void {
    slot.timer = null;
    if (slot.retired || slot.running) return;
    const { job } = entry;
    const controller = new AbortController();
    const timeout = setTimeout(
      () => controller.abort(new JobTimeoutError(job.id, companyId, job.timeoutMs)),
      job.timeoutMs,
    );
    slot.controller = controller;
    const log = this.opts.logger.child({ jobId: job.id, companyId });
    slot.running = (async () => {
      try {
        await job.run({ companyId, signal: controller.signal });
      } catch (err) {
        // An aborted run is expected to fail; only an unprompted failure is an error.
        if (!controller.signal.aborted) log.error({ err }, 'job run failed');
      } finally {
        clearTimeout(timeout);
      }
      if (controller.signal.reason instanceof JobTimeoutError) {
        log.warn({ timeoutMs: job.timeoutMs }, 'job run exceeded its timeout');
      }
    })().finally(async () => {
      slot.controller = null;
      let next = this.fallbackIntervalMs;
      if (!slot.retired) {
        try {
          next = await job.intervalMs(companyId);
        } catch (err) {
          log.error({ err }, 'job interval could not be read; using the fallback');
        }
      }
      slot.running = null;
      if (!slot.retired && this.started)
        slot.timer = setTimeout(() => this.run(entry, companyId, slot), next);
    });
  }
}
