import type { Logger } from '../../plugin/index';
import type { HostConfig } from '../config';

/** Optional services the demo runs next to the host (e.g. the embedded Rindegastos sandbox). */
export interface DemoExtras {
  /** Base URL of a Rindegastos API the demo provides; used when RINDEGASTOS_API_URL is not set. */
  rindegastosApiUrl?: string;
  /** Lines printed in the start banner (URLs, what was seeded). */
  banner: string[];
  stop(): Promise<void>;
}

/**
 * The seam where the demo's extras start. None yet: the embedded Rindegastos sandbox plugs in
 * here, returning its URL so the host hands it to the plugin.
 */
export async function startDemoExtras(_ctx: { config: HostConfig; logger: Logger }): Promise<DemoExtras> {
  return { banner: [], stop: async () => undefined };
}
