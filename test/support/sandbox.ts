import type nockModule from 'nock';
import type { RindegastosClient } from '../../plugin/rindegastos/api';
import {
  AxiosRindegastosClientFactory,
  type RindegastosClientOptions,
} from '../../plugin/rindegastos/AxiosRindegastosClientFactory';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/index';

/**
 * Starts a sandbox (test mode, port 0) for the enclosing `describe` and closes it after. Returns
 * a getter, because the sandbox exists only once `before` has run.
 */
export function useSandbox(options: SandboxOptions = {}): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ mode: 'test', ...options });
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox starts in before(); use it inside a test');
    return sandbox;
  };
}

/**
 * A real client for a sandbox company. Waits between retries are skipped (`sleep` resolves at
 * once) unless the test passes its own: tests prove retry behaviour, not wall-clock waiting.
 */
export function sandboxClient(
  sandbox: RunningSandbox,
  company = 'demo',
  options: Partial<RindegastosClientOptions> = {},
): RindegastosClient {
  return new AxiosRindegastosClientFactory({
    baseUrl: sandbox.baseUrl,
    timeoutMs: 2_000,
    sleep: async () => undefined,
    ...options,
  }).forToken(sandbox.tokenFor(company));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export type Nock = typeof nockModule;

/**
 * nock for one `describe`: loaded and activated in `before`, restored in `after`, with every
 * non-loopback connection refused in between.
 *
 * NOTE: nock 15 intercepts through @mswjs/interceptors 0.44, which needs Node ≥ 22's
 * `Promise.withResolvers` and patches `net.connect` for the whole process as soon as nock is
 * imported: a top-level `import nock from 'nock'` on Node 20 breaks every socket of the run
 * (MariaDB included). Hence the lazy import, the polyfill and the restore.
 */
export function useNock(): () => Nock {
  let nock: Nock | undefined;
  before(async () => {
    const P = Promise as unknown as { withResolvers?: unknown };
    if (typeof P.withResolvers !== 'function') {
      P.withResolvers = function withResolvers<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise, resolve, reject };
      };
    }
    nock = (await import('nock')).default;
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
  });
  afterEach(() => {
    nock?.cleanAll();
  });
  after(() => {
    nock?.cleanAll();
    nock?.enableNetConnect();
    nock?.restore();
  });
  return () => {
    if (!nock) throw new Error('nock loads in before(); use it inside a test');
    return nock;
  };
}
