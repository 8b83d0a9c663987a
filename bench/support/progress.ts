import cliProgress from 'cli-progress';

/** A line of progress on stderr (stdout carries only the JSON summary). */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export interface Bar {
  update(value: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise a line every ~10% (CI logs), so a
 * redirected run still shows it is alive without flooding the log.
 */
export function bar(label: string, total: number): Bar {
  if (process.stderr.isTTY) {
    const b = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `[bench] ${label} [{bar}] {percentage}% {value}/{total} {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    b.start(Math.max(1, total), 0);
    return {
      update: (v) => b.update(Math.min(v, Math.max(1, total))),
      stop: () => b.stop(),
    };
  }
  let lastTenth = 0;
  return {
    update(v) {
      const tenth = total > 0 ? Math.floor((10 * v) / total) : 0;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        note(`${label}: ${v}/${total}`);
      }
    },
    stop() {},
  };
}
