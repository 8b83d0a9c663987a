/**
 * Item 3 (DESIGN.md §13): importing 200,000 expenses keeps the plugin's peak RSS ≤ 300 MB —
 * the sync streams page by page and never holds the whole set. Measured in a child process
 * that runs only the plugin (the sandbox is another process): RSS sampled every 50 ms and the
 * kernel's VmHWM, whichever is higher.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { BenchConfig } from './config';
import { sandboxWithApproved } from './support/calibrate';
import { atMost, type TargetCheck } from './support/measure';
import { bar, note } from './support/progress';

export const PEAK_RSS_TARGET_MB = 300;

interface ChildResult {
  seconds: number;
  run: { status: string; counts: Record<string, number> };
  stored: { reports: number; expenses: number };
  baselineRssMb: number;
  peakRssSampledMb: number;
  peakHeapUsedMb: number;
  vmHwmMb: number | null;
  timeline: { reports: number; rssMb: number; heapUsedMb: number }[];
}

export async function runMemoryBench(config: BenchConfig) {
  const { expenses, expensesPerReport } = config.memory;
  const autoPost = ['1', 'true', 'yes'].includes((process.env.BENCH_MEMORY_AUTOPOST ?? '').toLowerCase());
  note(`memory: sizing the sandbox for ~${expenses} approved expenses (${expensesPerReport} per report)`);
  const { sandbox, generatedReports, importable } = await sandboxWithApproved(expenses, expensesPerReport);
  note(`memory: ${importable.reports} reports, ${importable.expenses} expenses to import in a child process`);
  try {
    const progress = bar('memory import (reports)', importable.reports);
    const child = fork(
      path.join(__dirname, 'memoryChild.js'),
      [
        JSON.stringify({
          apiUrl: sandbox.baseUrl,
          token: sandbox.token,
          autoPost,
          every: Math.max(100, Math.ceil(importable.reports / 20)),
        }),
      ],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] },
    );
    const result = await new Promise<ChildResult>((resolve, reject) => {
      child.on('message', (m: { progress?: number; result?: ChildResult; error?: string }) => {
        if (m.progress !== undefined) progress.update(m.progress);
        if (m.result) resolve(m.result);
        if (m.error) reject(new Error(`memory child: ${m.error}`));
      });
      child.once('exit', (code) =>
        reject(new Error(`memory child exited with code ${code} without a result`)),
      );
    }).finally(() => progress.stop());
    const peak = Math.max(result.peakRssSampledMb, result.vmHwmMb ?? 0);
    note(
      `memory: peak RSS ${peak} MB (baseline ${result.baselineRssMb} MB) over ${result.stored.expenses} expenses`,
    );
    const checks: TargetCheck[] = [atMost('memory.peakRssMb', peak, PEAK_RSS_TARGET_MB, 'MB')];
    return {
      description:
        `A child process running only the plugin (host, built-in ledger, SQLite file) syncs ${importable.expenses} ` +
        `expenses from the sandbox (another process): import + store + evaluate (voucher build, issues, state)` +
        (autoPost
          ? ' + post + write-back'
          : '; "centralizar automáticamente" off, so no posting or write-back') +
        '. Peak = max(RSS sampled every 50 ms, VmHWM). SQLite runs in-process, so its page cache counts too.',
      included: autoPost
        ? ['import', 'store', 'evaluate/build', 'post', 'write-back']
        : ['import', 'store', 'evaluate/build'],
      generatedReports,
      importable,
      peakRssMb: peak,
      ...result,
      checks,
    };
  } finally {
    await sandbox.close();
  }
}
