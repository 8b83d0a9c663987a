import pLimit from 'p-limit';
import { inject, injectable } from 'tsyringe';
import { integrationDate } from '../rindegastos/dates';
import { ConnectionService } from '../connection/ConnectionService';
import { NoValidTokenError } from '../connection/NoValidTokenError';
import { Tokens } from '../di/tokens';
import { RepeatedFailureLog } from '../../shared/RepeatedFailureLog';
import { RindegastosApiError, userMessage } from '../errors/errors';
import type { Clock, Logger, PluginRuntimeConfig } from '../host/Host';
import { ReportRepository } from '../reports/ReportRepository';
import type { RindegastosClient } from '../rindegastos/api';
import { backoffDelayMs } from '../../shared/retry/backoff';
import { OutboxRepository, type OutboxItem } from './OutboxRepository';

/** What a queued integration mark carries (PostingService writes it). */
interface MarkPayload {
  IntegrationStatus: 0 | 1;
  IntegrationCode: string;
  /** When the voucher was posted (marks) or removed (un-marks): the IntegrationDate sent. */
  postedAt?: string;
  clearedAt?: string;
}

export interface DrainResult {
  done: number;
  failed: number;
  /** Why draining stopped early (no valid token, token rejected), if it did. */
  stoppedBecause?: string;
}

/** Outbox retries: the client already retried in-process, so these wait minutes, up to an hour. */
const OUTBOX_BACKOFF = { baseMs: 60_000, capMs: 3_600_000 };
/**
 * A drainer that dies leaves its claimed items due again as soon as its claim ends: as long as
 * a sync lease (PluginRuntimeConfig.syncLeaseMs, a minute by default). Small batches, so a
 * claim never outlives the sending of its items.
 */
const CLAIM_BATCH = 24;
const DEFAULT_CLAIM_LEASE_MS = 60_000;
const SEND_CONCURRENCY = 8;

/**
 * Sends the queued write-backs (integration marks) to Rindegastos. A failure — including an
 * error inside an HTTP 200 body, which the client reports as an error — is retried later with
 * backoff; a rejected token stops the drain (the connection marks itself invalid).
 */
@injectable()
export class WriteBackService {
  constructor(
    @inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @inject(ReportRepository) private readonly reports: ReportRepository,
    @inject(ConnectionService) private readonly connections: ConnectionService,
    @inject(Tokens.RuntimeConfig) config: PluginRuntimeConfig,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) logger: Logger,
  ) {
    this.failures = new RepeatedFailureLog(logger, 'warn');
    this.claimLeaseMs = config.syncLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  }

  /** One line per distinct write-back failure of a company, not one per item and attempt. */
  private readonly failures: RepeatedFailureLog;
  private readonly claimLeaseMs: number;

  async drain(companyId: string, client?: RindegastosClient): Promise<DrainResult> {
    const result: DrainResult = { done: 0, failed: 0 };
    let api: RindegastosClient;
    try {
      api = client ?? (await this.connections.clientFor(companyId));
    } catch (err) {
      if (err instanceof NoValidTokenError) return { ...result, stoppedBecause: err.message };
      throw err;
    }
    const limit = pLimit(SEND_CONCURRENCY);
    for (;;) {
      const batch = await this.outbox.claim({
        companyId,
        now: this.clock.now(),
        limit: CLAIM_BATCH,
        leaseMs: this.claimLeaseMs,
      });
      if (batch.length === 0) return result;
      let tokenRejected: string | undefined;
      await Promise.all(
        batch.map((item) =>
          limit(async () => {
            if (tokenRejected) return this.release(item, tokenRejected);
            try {
              await this.send(api, item);
              await this.outbox.markDone(companyId, item.id);
              await this.recordMark(item);
              result.done++;
              this.failures.succeeded(`write-back:${companyId}`);
            } catch (err) {
              result.failed++;
              if (err instanceof RindegastosApiError && err.kind === 'token_rejected') {
                // Not Rindegastos refusing the mark: due again as soon as a new token is saved.
                tokenRejected = err.message;
                return this.release(item, err.message);
              }
              await this.fail(item, err);
            }
          }),
        ),
      );
      if (tokenRejected) return { ...result, stoppedBecause: tokenRejected };
    }
  }

  private async send(api: RindegastosClient, item: OutboxItem): Promise<void> {
    const payload = item.payload as MarkPayload;
    const mark = {
      Id: item.targetId,
      IntegrationStatus: payload.IntegrationStatus,
      IntegrationCode: payload.IntegrationCode,
      IntegrationDate: integrationDate(
        payload.postedAt ?? payload.clearedAt ?? this.clock.now().toISOString(),
      ),
    };
    if (item.kind === 'report_integration') await api.setExpenseReportIntegration(mark);
    else await api.setExpenseIntegration(mark);
  }

  /** The report now shows (or no longer shows) our mark in Rindegastos. */
  private async recordMark(item: OutboxItem): Promise<void> {
    if (item.kind !== 'report_integration') return;
    const payload = item.payload as MarkPayload;
    if (payload.IntegrationStatus === 1) {
      await this.reports.markIntegrated(item.companyId, item.targetId, {
        code: payload.IntegrationCode,
        at: this.clock.now().toISOString(),
      });
    } else {
      await this.reports.clearIntegrationMark(item.companyId, item.targetId);
    }
  }

  private async fail(item: OutboxItem, err: unknown): Promise<void> {
    const message = userMessage(err);
    const retryAfter = err instanceof RindegastosApiError ? err.retryAfterMs : undefined;
    const delay = Math.max(retryAfter ?? 0, backoffDelayMs(item.attempts + 1, OUTBOX_BACKOFF));
    this.failures.failed(
      `write-back:${item.companyId}`,
      err instanceof RindegastosApiError ? `${err.kind}:${err.httpStatus ?? ''}` : message,
      { companyId: item.companyId, outboxId: item.id, kind: item.kind, err },
      'write-back failed',
    );
    await this.outbox.markFailed(
      item.companyId,
      item.id,
      message,
      new Date(this.clock.now().getTime() + delay),
    );
  }

  /** Not attempted because the token was rejected meanwhile: retried once the token is fixed. */
  private async release(item: OutboxItem, reason: string): Promise<void> {
    await this.outbox.markFailed(item.companyId, item.id, reason, this.clock.now());
  }
}
