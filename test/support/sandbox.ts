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
