import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { SandboxOptions, SandboxStats } from '../../sandbox/index';

/** A sandbox running in a child process, driven through its control routes. */
export interface SandboxProcess {
  baseUrl: string;
  controlUrl: string;
  /** The demo company's token. */
  token: string;
  pid: number;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  marks(): Promise<{ reports: { Id: number; IntegrationStatus: number }[]; expenses: { Id: number }[] }>;
  close(): Promise<void>;
}

const live = new Set<SandboxProcess>();

async function control<T>(url: string, method = 'GET'): Promise<T> {
  const res = await fetch(url, { method });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** Starts `startSandbox(options)` (test mode, port 0) in a child process and waits until it listens. */
export async function spawnSandbox(options: SandboxOptions): Promise<SandboxProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'sandboxChild.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ baseUrl: string; controlUrl: string; token: string }>(
    (resolve, reject) => {
      child.once('message', (m) => resolve(m as never));
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`the sandbox exited with code ${code} before listening`)),
      );
    },
  );
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: SandboxProcess = {
    ...ready,
    pid: child.pid ?? -1,
    stats: () => control<SandboxStats>(`${ready.controlUrl}stats`),
    resetStats: async () => {
      await control(`${ready.controlUrl}stats`, 'DELETE');
    },
    marks: () => control(`${ready.controlUrl}companies/demo/marks`),
    async close() {
      if (!live.delete(handle)) return;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  live.add(handle);
  return handle;
}

export async function closeAllSandboxes(): Promise<void> {
  for (const s of [...live]) await s.close().catch(() => undefined);
}
