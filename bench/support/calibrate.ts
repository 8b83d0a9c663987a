import type { SandboxOptions } from '../../sandbox/index';
import { spawnSandbox, type SandboxProcess } from './sandbox';

/** What a sync will import from a sandbox: closed, not-integrated reports and their approved expenses. */
export interface Importable {
  reports: number;
  approvedExpenses: number;
  expenses: number;
}

/** Lists what `getExpenseReports?Status=1&IntegrationStatus=0` serves for the whole generated span. */
export async function importable(sandbox: SandboxProcess): Promise<Importable> {
  const out: Importable = { reports: 0, approvedExpenses: 0, expenses: 0 };
  for (let page = 1; ; page++) {
    const url = new URL('getExpenseReports', sandbox.baseUrl);
    const params = {
      Since: '2025-01-01',
      Until: '2026-11-28',
      Status: '1',
      IntegrationStatus: '0',
      ResultsPerPage: '100',
      Page: String(page),
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${sandbox.token}` } });
    if (!res.ok) throw new Error(`getExpenseReports answered ${res.status}`);
    const body = (await res.json()) as {
      Records: { Pages: number };
      ExpenseReports?: { NbrApprovedExpenses: number; NbrExpenses: number }[];
    };
    for (const r of body.ExpenseReports ?? []) {
      out.reports++;
      out.approvedExpenses += r.NbrApprovedExpenses;
      out.expenses += r.NbrExpenses;
    }
    if (page >= body.Records.Pages || (body.ExpenseReports ?? []).length === 0) return out;
  }
}

/**
 * A sandbox sized so that a sync imports about `approvedTarget` approved expenses. The generator
 * leaves some reports open, some already integrated and some expenses rejected (as real data
 * does), so the number of generated reports is found by two or three proportional steps; the
 * exact counts are returned and reported.
 */
export async function sandboxWithApproved(
  approvedTarget: number,
  expensesPerReport: number,
  options: SandboxOptions = {},
): Promise<{ sandbox: SandboxProcess; generatedReports: number; importable: Importable }> {
  let generated = Math.ceil(approvedTarget / (expensesPerReport * 0.72));
  for (let attempt = 1; ; attempt++) {
    const sandbox = await spawnSandbox({ ...options, reports: generated, expensesPerReport });
    const found = await importable(sandbox);
    const off = Math.abs(found.approvedExpenses - approvedTarget) / approvedTarget;
    if (off <= 0.01 || attempt === 3 || found.approvedExpenses === 0) {
      return { sandbox, generatedReports: generated, importable: found };
    }
    await sandbox.close();
    generated = Math.max(1, Math.round((generated * approvedTarget) / found.approvedExpenses));
  }
}
