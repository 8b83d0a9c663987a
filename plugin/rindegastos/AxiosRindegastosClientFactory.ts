import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import manifestJson from '../../manifest.json';
import type { Logger } from '../host/Host';
import type { ClientCallOptions, RindegastosClient, RindegastosClientFactory } from './api';
import { AxiosRindegastosClient, type ClientRuntime } from './AxiosRindegastosClient';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';

export interface RindegastosClientOptions {
  /** The v1 base URL, e.g. `https://api.rindegastos.com/v1/` (host.config.rindegastosApiUrl). */
  baseUrl: string;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Overall deadline of an interactive client (see ClientCallOptions). Default 15 s. */
  interactiveDeadlineMs?: number;
  /** Total attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** Pages fetched in parallel by list iterators after page 1. Default 4. */
  concurrency?: number;
  /** Backoff and Retry-After limits; `maxAttempts` above wins over `retry.maxAttempts`. */
  retry?: Partial<RetryPolicy>;
  /** How the client waits between attempts; tests inject a fake (or use sinon fake timers). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source; tests pin it. */
  random?: () => number;
  /** Used for HTTP-date Retry-After values and for "today" when a report query has no `until`. */
  now?: () => Date;
  logger?: Logger;
}

export const DEFAULT_INTERACTIVE_DEADLINE_MS = 15_000;

const USER_AGENT = `rindegastos-erp-plugin/${manifestJson.version} (+Integración Rindegastos)`;

/**
 * One axios instance per base URL, shared by every factory and every company's client: the
 * keep-alive connection pool is per API host, and tokens are sent per request, never stored in
 * the instance's defaults.
 */
const instances = new Map<string, AxiosInstance>();

function normalizeBaseUrl(url: string): string {
  return url.endsWith('/') ? url : url + '/';
}

function instanceFor(baseUrl: string): AxiosInstance {
  let instance = instances.get(baseUrl);
  if (!instance) {
    instance = axios.create({
      baseURL: baseUrl,
      headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
      // Every status reaches the error mapper; axios never throws for a response.
      validateStatus: () => true,
      maxRedirects: 0,
      // Raw text: the mapper parses it, so a truncated body is a typed error, not a silent string.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
    });
    instances.set(baseUrl, instance);
  }
  return instance;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds Rindegastos clients for a configured base URL (see api.ts). */
export class AxiosRindegastosClientFactory implements RindegastosClientFactory {
  readonly baseUrl: string;
  private readonly runtime: ClientRuntime;
  private readonly interactiveDeadlineMs: number;

  constructor(options: RindegastosClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (options.maxAttempts !== undefined) retry.maxAttempts = options.maxAttempts;
    this.interactiveDeadlineMs = options.interactiveDeadlineMs ?? DEFAULT_INTERACTIVE_DEADLINE_MS;
    this.runtime = {
      http: instanceFor(this.baseUrl),
      timeoutMs: options.timeoutMs ?? 30_000,
      concurrency: options.concurrency ?? 4,
      retry,
      // Late-bound so sinon fake timers installed after construction still govern the wait.
      sleep: options.sleep ?? ((ms) => realSleep(ms)),
      random: options.random ?? Math.random,
      now: options.now ?? (() => new Date()),
      logger: options.logger,
    };
  }

  forToken(token: string, options: ClientCallOptions = {}): RindegastosClient {
    return new AxiosRindegastosClient(
      this.runtime,
      token,
      options.interactive ? this.interactiveDeadlineMs : undefined,
    );
  }
}
