/**
 * `npm run sandbox`: the sandbox alone. Configured by environment:
 * SANDBOX_PORT (4200), SANDBOX_HOST (127.0.0.1), SANDBOX_SEED (42), SANDBOX_REPORTS (200),
 * SANDBOX_EXPENSES_PER_REPORT (5), SANDBOX_STRICT (0), SANDBOX_MODE (demo), SANDBOX_LATENCY_MS (0),
 * SANDBOX_FAULT_RATE (0), SANDBOX_FAULT_SEED (1), SANDBOX_FAULT_KINDS (all, comma-separated),
 * SANDBOX_TODAY (the real date in Chile), SANDBOX_ANCHORED (0; 1 dates the data relative to
 * SANDBOX_TODAY as the demo does).
 */
import { FAULT_KINDS, type FaultKind } from './faults';
import { startSandbox, WORKED_EXAMPLE_REPORT_ID } from './index';
import type { SandboxMode } from './state';

function numEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} debe ser un número (es "${raw}")`);
  return n;
}

function flagEnv(name: string, fallback: boolean): boolean {
  const raw = (process.env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  return ['1', 'true', 'yes'].includes(raw);
}

async function main(): Promise<void> {
  const kinds = (process.env.SANDBOX_FAULT_KINDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as FaultKind[];
  const sandbox = await startSandbox({
    port: numEnv('SANDBOX_PORT', 4200),
    host: process.env.SANDBOX_HOST || '127.0.0.1',
    seed: numEnv('SANDBOX_SEED', 42),
    reports: numEnv('SANDBOX_REPORTS', 200),
    expensesPerReport: numEnv('SANDBOX_EXPENSES_PER_REPORT', 5),
    strict: flagEnv('SANDBOX_STRICT', false),
    mode: (process.env.SANDBOX_MODE as SandboxMode) || 'demo',
    latencyMs: numEnv('SANDBOX_LATENCY_MS', 0),
    today: process.env.SANDBOX_TODAY || undefined,
    anchored: flagEnv('SANDBOX_ANCHORED', false),
    faults: {
      rate: numEnv('SANDBOX_FAULT_RATE', 0),
      seed: numEnv('SANDBOX_FAULT_SEED', 1),
      kinds: kinds.length > 0 ? kinds : [...FAULT_KINDS],
    },
  });
  // The close date of report 8842 (the worked example): moves with the data in anchored mode.
  const example = sandbox.getReport('demo', WORKED_EXAMPLE_REPORT_ID)?.report.CloseDate ?? '';
  const lines = [
    `Rindegastos sandbox escuchando`,
    `  API (RINDEGASTOS_API_URL): ${sandbox.baseUrl}`,
    `  control:                   ${sandbox.controlUrl}`,
    ...sandbox.companies().map((c) => `  token ${c.key.padEnd(6)} (${c.name}): ${c.token}`),
    `  ejemplo: curl -H "Authorization: Bearer ${sandbox.tokenFor('demo')}" "${sandbox.baseUrl}getExpenseReports?Since=${example}&Until=${example}"`,
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
