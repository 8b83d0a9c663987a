import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

/** The local MariaDB/MySQL server's pid, when it runs on this machine (for its CPU share). */
export function databaseServerPid(): number | null {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    }
  } catch {
    // no /proc: CPU shares are not reported
  }
  return null;
}

/** CPU seconds used by the bench process, the sandbox and the database server between two points. */
export class CpuMeter {
  private readonly pids: Record<string, number | null>;
  private start: Record<string, number | null> = {};

  constructor(sandboxPid: number, withDatabaseServer: boolean) {
    this.pids = {
      plugin: process.pid,
      sandbox: sandboxPid,
      database: withDatabaseServer ? databaseServerPid() : null,
    };
  }

  mark(): void {
    this.start = this.read();
  }

  /** CPU seconds per process since the last mark. */
  since(): Record<string, number | null> {
    const now = this.read();
    const out: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(now)) {
      const s = this.start[k];
      out[k] = v === null || s === null || s === undefined ? null : Math.round((v - s) * 100) / 100;
    }
    return out;
  }

  private read(): Record<string, number | null> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([k, pid]) => [k, pid === null ? null : cpuSecondsOf(pid)]),
    );
  }
}
