import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobOutcome, Logger, ScheduledJob } from '../../plugin/index';
import { runJobOnce, type HostScheduler, type RunNowOptions } from './IntervalScheduler';

export interface BullMqSchedulerOptions {
  redisUrl: string;
  /** Prefix of every Redis key BullMQ writes (REDIS_PREFIX). */
  prefix: string;
  /** The companies jobs run for: those where the plugin is active. */
  companies: () => Promise<string[]>;
  logger: Logger;
  /** How often the list of companies is re-read and the job schedulers reconciled. Default 30 s. */
  pollMs?: number;
  /**
   * How often BullMQ enqueues a run of each job per company. The plugin's job decides at each run
   * whether its own interval (`syncIntervalMinutes`) has come, so this is a re-check cadence: the
   * longest wait its `intervalMs` ever asks for. Default 60 s.
   */
  everyMs?: number;
  /** Set in a `worker` process: how many runs it takes at once. Null: this process only schedules. */
  worker?: { concurrency: number } | null;
}

interface JobEntry {
  job: ScheduledJob;
  queue: Queue;
  worker: Worker | null;
}

interface CompanyRunData {
  companyId: string;
}

/** The BullMQ Job Scheduler id of a job for one company. */
export function jobSchedulerId(jobId: string, companyId: string): string {
  return `${jobId}:${companyId}`;
}

/**
 * Schedules each registered job per active company as a BullMQ Job Scheduler (idempotent: a
 * redeploy finds them in Redis and leaves them alone; companies no longer active lose theirs), and,
 * in a worker process, runs the jobs BullMQ hands out. BullMQ may hand a stalled job to a second
 * worker while the first still runs: the plugin's lease keeps one runner per company whatever
 * happens here; this class only keeps one run per (job, company) in this process.
 */
export class BullMqScheduler implements HostScheduler {
  private readonly entries = new Map<string, JobEntry>();
  private readonly connections: Redis[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly pollMs: number;
  private readonly everyMs: number;
  private pollTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly opts: BullMqSchedulerOptions) {
    this.pollMs = opts.pollMs ?? 30_000;
    this.everyMs = opts.everyMs ?? 60_000;
  }

  register(job: ScheduledJob): () => void {
    if (this.entries.has(job.id)) throw new Error(`job ${job.id} is already registered`);
    const entry: JobEntry = {
      job,
      queue: new Queue(job.id, { connection: this.connect(), prefix: this.opts.prefix }),
      worker: null,
    };
    this.entries.set(job.id, entry);
    if (this.started) {
      this.startWorker(entry);
      void this.refresh();
    }
    return () => {
      if (this.entries.get(job.id) !== entry) return;
      this.entries.delete(job.id);
      for (const [key, controller] of this.running)
        if (key.startsWith(`${job.id}:`)) controller.abort(new Error('job unregistered'));
      void entry.worker?.close();
      void entry.queue.close();
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const entry of this.entries.values()) this.startWorker(entry);
    const poll = () => {
      void this.refresh().finally(() => {
        if (this.started) this.pollTimer = setTimeout(poll, this.pollMs);
      });
    };
    poll();
  }

  /** Upserts the job scheduler of every active company, and removes those of the others. */
  async refresh(): Promise<void> {
    if (!this.started) return;
    try {
      const active = new Set(await this.opts.companies());
      for (const entry of this.entries.values()) await this.reconcile(entry, active);
    } catch (err) {
      this.opts.logger.error({ err }, 'scheduler could not reconcile the BullMQ job schedulers');
    }
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.started = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    // The plugin's run stops after the report it is on and releases its lease.
    for (const controller of this.running.values()) controller.abort(new Error('host shutting down'));
    let grace: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      grace = setTimeout(() => resolve('expired'), graceMs);
    });
    const workers = [...this.entries.values()].map((e) => e.worker?.close());
    const outcome = await Promise.race([Promise.allSettled(workers), expired]);
    clearTimeout(grace);
    if (outcome === 'expired') {
      this.opts.logger.warn(
        { runs: this.running.size, graceMs },
        'scheduler stopped with runs still in flight',
      );
      await Promise.allSettled([...this.entries.values()].map((e) => e.worker?.close(true)));
    }
    await Promise.allSettled([...this.entries.values()].map((e) => e.queue.close()));
    for (const entry of this.entries.values()) entry.worker = null;
    await Promise.allSettled(this.connections.splice(0).map((c) => c.quit()));
  }

  runNow(jobId: string, companyId: string, opts: RunNowOptions = {}): Promise<JobOutcome | void> {
    const entry = this.entries.get(jobId);
    if (!entry) throw new Error(`job ${jobId} is not registered`);
    return runJobOnce(entry.job, companyId, { ...opts, manual: true });
  }

  /** The job schedulers now in Redis for a job, by id, with their cadence. */
  async schedulers(jobId: string): Promise<Map<string, number | undefined>> {
    const entry = this.entries.get(jobId);
    if (!entry) throw new Error(`job ${jobId} is not registered`);
    const list = await entry.queue.getJobSchedulers(0, -1);
    return new Map(list.map((s) => [s.key, s.every]));
  }

  private async reconcile(entry: JobEntry, active: Set<string>): Promise<void> {
    const { job, queue } = entry;
    const existing = await this.schedulers(job.id);
    for (const companyId of active) {
      const id = jobSchedulerId(job.id, companyId);
      // Upserting an unchanged scheduler would move its next run: leave it as it is.
      if (existing.get(id) === this.everyMs) continue;
      await queue.upsertJobScheduler(
        id,
        { every: this.everyMs },
        {
          name: job.id,
          data: { companyId } satisfies CompanyRunData,
          opts: { removeOnComplete: 100, removeOnFail: 100 },
        },
      );
    }
    for (const id of existing.keys()) {
      const companyId = id.slice(job.id.length + 1);
      if (id.startsWith(`${job.id}:`) && !active.has(companyId)) await queue.removeJobScheduler(id);
    }
  }

  private startWorker(entry: JobEntry): void {
    if (!this.opts.worker || entry.worker) return;
    entry.worker = new Worker(entry.job.id, (bullJob: Job<CompanyRunData>) => this.process(entry, bullJob), {
      connection: this.connect(),
      prefix: this.opts.prefix,
      concurrency: this.opts.worker.concurrency,
    });
    entry.worker.on('error', (err) => this.opts.logger.error({ err }, 'BullMQ worker error'));
  }

  private async process(entry: JobEntry, bullJob: Job<CompanyRunData>): Promise<JobOutcome | void> {
    const { job } = entry;
    const { companyId } = bullJob.data;
    const key = jobSchedulerId(job.id, companyId);
    // One run per (job, company) in this process; another process is kept out by the plugin's lease.
    if (this.running.has(key) || !this.started) return;
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      const outcome = await runJobOnce(job, companyId, { signal: controller.signal });
      // Which worker ran which company: one line per run that did something (checks stay at debug).
      const level = !outcome || outcome.status === 'skipped' ? 'debug' : 'info';
      this.opts.logger[level]({ jobId: job.id, companyId, outcome }, 'job ran');
      return outcome;
    } catch (err) {
      if (!controller.signal.aborted)
        this.opts.logger.error({ err, jobId: job.id, companyId }, 'job run failed');
      throw err;
    } finally {
      this.running.delete(key);
    }
  }

  /** Workers block on their connection, so BullMQ needs it to retry forever. */
  private connect(): Redis {
    const connection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.connections.push(connection);
    return connection;
  }
}
