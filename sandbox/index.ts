/**
 * The Rindegastos sandbox: a contract-faithful simulator of the v1 API for tests, the demo and
 * the benchmarks. It never replaces the real API in production.
 */
import type { AddressInfo } from 'node:net';
import { buildServer } from './server';
import { resolveOptions, SandboxState, type SandboxControls, type SandboxOptions } from './state';

export type { SandboxControls, SandboxOptions, SandboxMode, SandboxStats, CompanySummary } from './state';
export type { FaultConfig, FaultKind } from './faults';
export { FAULT_KINDS } from './faults';
export type { CustomStatusEntry } from './company';
export type * from './types';
export { formatRut, isValidRut, rutCheckDigit } from './rut';
export { honorariosRetentionRate, IVA_RATE, WORKED_EXAMPLE_REPORT_ID } from './generator';

export interface RunningSandbox extends SandboxControls {
  /** e.g. `http://127.0.0.1:41234/v1/` (ends with `/v1/`). */
  baseUrl: string;
  /** e.g. `http://127.0.0.1:41234/__sandbox/` (served in test and demo modes only). */
  controlUrl: string;
  port: number;
  /** The demo company's key. */
  readonly demoCompany: 'demo';
  close(): Promise<void>;
}

/** Starts a sandbox server (port 0 by default) and returns its URLs and in-process controls. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const resolved = resolveOptions(options);
  const state = new SandboxState(resolved);
  const { app, releaseHeld } = buildServer(state);
  await app.listen({ port: resolved.port, host: resolved.host });
  const { port } = app.server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const origin = `http://${host}:${port}`;
  let closed = false;

  // Controls are the state's own methods, bound, so `const { tokenFor } = sandbox` works too.
  const controls: SandboxControls = {
    tokenFor: (c) => state.tokenFor(c),
    issueToken: (c, o) => state.issueToken(c, o),
    companies: () => state.companies(),
    reset: () => state.reset(),
    faults: () => state.faults(),
    setFaults: (cfg) => state.setFaults(cfg),
    setStrict: (s) => state.setStrict(s),
    stats: () => state.stats(),
    resetStats: () => state.resetStats(),
    listMarks: (c) => state.listMarks(c),
    clearMarks: (c) => state.clearMarks(c),
    customStatuses: (c) => state.customStatuses(c),
    addReport: (c, r, e) => state.addReport(c, r, e),
    updateReport: (c, id, f) => state.updateReport(c, id, f),
    updateExpense: (c, id, f) => state.updateExpense(c, id, f),
    getReport: (c, id) => state.getReport(c, id),
    addCategory: (c, p, cat) => state.addCategory(c, p, cat),
    renameCategory: (c, p, from, to) => state.renameCategory(c, p, from, to),
    updateCategory: (c, p, n, f) => state.updateCategory(c, p, n, f),
    removeCategory: (c, p, n) => state.removeCategory(c, p, n),
    setExpenseFieldOptions: (c, n, o) => state.setExpenseFieldOptions(c, n, o),
  };

  return {
    ...controls,
    baseUrl: `${origin}/v1/`,
    controlUrl: `${origin}/__sandbox/`,
    port,
    demoCompany: 'demo',
    async close() {
      if (closed) return;
      closed = true;
      releaseHeld();
      await app.close();
    },
  };
}
