/**
 * A Rindegastos sandbox in its own process, started by `spawnSandbox`. The plugin under
 * measurement then talks to it over loopback as it would to the real API, and the sandbox's
 * CPU and memory are not counted as the plugin's (this machine has two cores).
 */
import { startSandbox, type SandboxOptions } from '../../sandbox/index';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await startSandbox({ mode: 'test', ...options });
  const stop = () => {
    void sandbox.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent went away without stopping us: do not linger.
  process.once('disconnect', stop);
  process.send?.({
    baseUrl: sandbox.baseUrl,
    controlUrl: sandbox.controlUrl,
    token: sandbox.tokenFor('demo'),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
