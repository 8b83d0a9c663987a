import type { Logger } from '../../plugin/index';
import { startSandbox } from '../../sandbox/index';
import type { HostConfig } from '../config';

/** Optional services the demo runs next to the host: the embedded Rindegastos sandbox. */
export interface DemoExtras {
  /** Base URL of a Rindegastos API the demo provides; used when RINDEGASTOS_API_URL is not set. */
  rindegastosApiUrl?: string;
  /** Lines printed in the start banner (URLs, what was seeded). */
  banner: string[];
  stop(): Promise<void>;
}

/**
 * Starts the Rindegastos sandbox in demo mode (seeded, deterministic) unless the operator points
 * RINDEGASTOS_API_URL at a real API. Its demo company's token is what the user pastes in
 * Configuración › Token; it is sandbox data, not a secret of any real company.
 */
export async function startDemoExtras(ctx: {
  config: HostConfig;
  logger: Logger;
  /** Where SANDBOX_* are read (the CLI's environment). */
  env: NodeJS.ProcessEnv;
}): Promise<DemoExtras> {
  if (ctx.config.rindegastosApiUrl) return { banner: [], stop: async () => undefined };
  const { env } = ctx;
  const sandbox = await startSandbox({
    mode: 'demo',
    port: Number(env.SANDBOX_PORT ?? 0),
    seed: Number(env.SANDBOX_SEED ?? 42),
    reports: Number(env.SANDBOX_REPORTS ?? 200),
    expensesPerReport: Number(env.SANDBOX_EXPENSES_PER_REPORT ?? 5),
    // NOTE: the demo dates its data relative to today (anchored), so report 8842 closed a week
    // ago and the default "Importar desde" (one year back) finds it on the first sync, whatever
    // day the demo runs. SANDBOX_ANCHORED=0 serves the fixed timeline the tests use.
    anchored: !['0', 'false', 'no'].includes((env.SANDBOX_ANCHORED ?? '').trim().toLowerCase()),
    today: env.SANDBOX_TODAY?.trim() || undefined,
  });
  ctx.logger.info({ baseUrl: sandbox.baseUrl }, 'demo Rindegastos sandbox started');
  return {
    rindegastosApiUrl: sandbox.baseUrl,
    banner: [
      `Sandbox Rindegastos: ${sandbox.baseUrl}`,
      `Token de la empresa demo en el sandbox (péguelo en Configuración › Token): ${sandbox.tokenFor('demo')}`,
    ],
    stop: () => sandbox.close(),
  };
}
