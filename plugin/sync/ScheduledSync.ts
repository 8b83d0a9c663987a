import { inject, injectable } from 'tsyringe';
import { ConnectionRepository } from '../connection/ConnectionRepository';
import { Tokens } from '../di/tokens';
import type { Clock, JobOutcome, JobRunContext, ScheduledJob } from '../host/Host';
import { SettingsService } from '../settings/SettingsService';
import { SyncRunRepository } from './SyncRunRepository';
import { SyncService } from './SyncService';

/** The manifest's job id of the scheduled sync. */
export const SYNC_JOB_ID = 'rindegastos.sync';

/**
 * The longest the host waits before asking again whether a company's sync is due: a changed
 * `syncIntervalMinutes` takes effect from the next run, not after the old interval.
 */
const RECHECK_MS = 60_000;
/** The shortest wait the job asks for (a company whose sync is due right away). */
const MIN_WAIT_MS = 1_000;

/**
 * The scheduled sync, per active company: when its token is valid and `syncIntervalMinutes`
 * have passed since its last run ended (whatever started it), a run as SyncService does it —
 * configuration, import, evaluate, post (with "centralizar automáticamente"), write-back.
 */
@injectable()
export class ScheduledSync {
  constructor(
    @inject(SyncService) private readonly sync: SyncService,
    @inject(SyncRunRepository) private readonly runs: SyncRunRepository,
    @inject(SettingsService) private readonly settings: SettingsService,
    @inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  job(timeoutMs: number): ScheduledJob {
    return {
      id: SYNC_JOB_ID,
      timeoutMs,
      intervalMs: (companyId) => this.waitMs(companyId),
      run: (ctx) => this.runIfDue(ctx),
    };
  }

  /**
   * Runs the company's sync when it is due and connected, or at once when an operator asked for
   * it (which then reports a missing token as a failed run).
   */
  async runIfDue({ companyId, signal, manual, onProgress }: JobRunContext): Promise<JobOutcome> {
    if (!manual) {
      const connection = await this.connections.find(companyId);
      if (connection?.status !== 'valid')
        return skipped('la empresa no tiene un token de Rindegastos válido');
      if ((await this.dueAt(companyId)) > this.clock.now().getTime())
        return skipped('aún no corresponde según el intervalo de sincronización');
    }
    const run = await this.sync.runNow(companyId, manual ? 'cli' : 'scheduled', { signal, onProgress });
    if (!run) return skipped('otra sincronización de esta empresa está en curso');
    return {
      status: run.status === 'running' ? 'interrupted' : run.status,
      summary: run.progress?.summary ?? run.error ?? '',
      counts: run.counts,
    };
  }

  /** How long until the company's next sync is due, at most RECHECK_MS. */
  async waitMs(companyId: string): Promise<number> {
    const wait = (await this.dueAt(companyId)) - this.clock.now().getTime();
    return Math.min(RECHECK_MS, Math.max(MIN_WAIT_MS, wait));
  }

  /** When the company's next sync is due (ms since the epoch): its interval after the last run ended. */
  async dueAt(companyId: string): Promise<number> {
    const latest = await this.runs.latest(companyId);
    // Still running (here, elsewhere, or left by a dead process): runNow sorts it out.
    if (!latest || latest.finishedAt === null) return 0;
    const { syncIntervalMinutes } = await this.settings.get(companyId);
    return Date.parse(latest.finishedAt) + syncIntervalMinutes * 60_000;
  }
}

function skipped(why: string): JobOutcome {
  return { status: 'skipped', summary: `Sincronización omitida: ${why}.`, counts: {} };
}
