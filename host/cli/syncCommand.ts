/**
 * `rindegastos sync --company <RUT|id> | --all [--json]`: runs the plugin's scheduled sync job
 * now, for one company or every active one, with live progress bars and a summary table.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { JobOutcome, JobProgress } from '../../plugin/index';
import type { Company } from '../accounts/AccountRepository';
import type { HostServer } from '../server';

/** The plugin's job the CLI runs (manifest.json › jobs). */
export const SYNC_JOB_ID = 'rindegastos.sync';

export interface SyncArgs {
  companies: 'all' | string[];
  json: boolean;
}

export class SyncArgsError extends Error {}

/** Parses the arguments after `sync`; a SyncArgsError (Spanish) says what is wrong. */
export function parseSyncArgs(args: readonly string[]): SyncArgs {
  const companies: string[] = [];
  let all = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--all') all = true;
    else if (arg === '--json') json = true;
    else if (arg === '--company') {
      const value = args[++i];
      if (!value || value.startsWith('--'))
        throw new SyncArgsError('Falta el RUT o id de la empresa después de --company.');
      companies.push(value);
    } else throw new SyncArgsError(`Argumento desconocido: ${arg}.`);
  }
  if (all && companies.length > 0) throw new SyncArgsError('Use --company o --all, no ambos.');
  if (!all && companies.length === 0) throw new SyncArgsError('Indique --company <RUT o id> o --all.');
  return { companies: all ? 'all' : companies, json };
}

/** "76.123.456-0", "76123456-0" and "761234560" name the same company. */
function rutKey(rut: string): string {
  return rut.replace(/[.\-\s]/g, '').toUpperCase();
}

/** The companies the arguments name; a SyncArgsError names any that does not exist. */
export async function selectCompanies(server: HostServer, wanted: SyncArgs['companies']): Promise<Company[]> {
  const companies = await server.accounts.listCompanies();
  if (wanted === 'all') {
    const statuses = await Promise.all(companies.map((c) => server.plugin.running.licenseStatus(c.id)));
    return companies.filter((_, i) => statuses[i] === 'active');
  }
  return wanted.map((w) => {
    const found = companies.find((c) => c.id === w || rutKey(c.rut) === rutKey(w));
    if (!found)
      throw new SyncArgsError(`No existe la empresa ${w} (indique su RUT, p. ej. 76.123.456-0, o su id).`);
    return found;
  });
}

export interface CompanySyncResult {
  companyId: string;
  name: string;
  rut: string;
  outcome: JobOutcome;
}

const BARS: { key: string; label: string; value: (c: Record<string, number>) => number }[] = [
  { key: 'fetched', label: 'Leídas', value: (c) => c.fetched ?? 0 },
  { key: 'evaluated', label: 'Evaluadas', value: (c) => (c.ready ?? 0) + (c.blocked ?? 0) },
  { key: 'posted', label: 'Centralizadas', value: (c) => c.posted ?? 0 },
  { key: 'writeBacks', label: 'Marcas', value: (c) => c.writeBacksDone ?? 0 },
];

/** Runs the sync of each company in turn; bars on a terminal (stderr), nothing with --json. */
export async function runSyncs(
  server: HostServer,
  companies: readonly Company[],
  opts: { bars: boolean; signal?: AbortSignal },
): Promise<CompanySyncResult[]> {
  const results: CompanySyncResult[] = [];
  for (const company of companies) {
    const multi = opts.bars
      ? new MultiBar(
          {
            format: ' {label} |{bar}| {value}',
            hideCursor: true,
            clearOnComplete: false,
            stream: process.stderr,
          },
          Presets.shades_classic,
        )
      : null;
    let bars: SingleBar[] = [];
    if (multi) {
      process.stderr.write(`${company.name} (${company.rut})\n`);
      bars = BARS.map((b) => multi.create(1, 0, { label: b.label.padEnd(13) }));
    }
    const onProgress = (p: JobProgress) => {
      BARS.forEach((b, i) => {
        const value = b.value(p.counts);
        bars[i].setTotal(Math.max(value, p.counts.fetched ?? 0, 1));
        bars[i].update(value);
      });
    };
    let outcome: JobOutcome;
    try {
      outcome = (await server.scheduler.runNow(SYNC_JOB_ID, company.id, {
        signal: opts.signal,
        onProgress: multi ? onProgress : undefined,
      })) ?? { status: 'failed', summary: 'El complemento no informó el resultado.', counts: {} };
    } finally {
      multi?.stop();
    }
    if (multi) onProgress({ phase: 'done', done: 0, total: null, counts: outcome.counts });
    results.push({ companyId: company.id, name: company.name, rut: company.rut, outcome });
  }
  return results;
}

const STATUS_LABELS: Record<JobOutcome['status'], string> = {
  succeeded: 'terminada',
  partial: 'con problemas',
  failed: 'fallida',
  interrupted: 'interrumpida',
  skipped: 'omitida',
};

/** The summary table, one line per company, then each company's summary sentence. */
export function summaryLines(results: readonly CompanySyncResult[]): string[] {
  const header = ['Empresa', 'RUT', 'Estado', 'Leídas', 'Centralizadas', 'Bloqueadas', 'Con error', 'Marcas'];
  const rows = results.map((r) => {
    const c = r.outcome.counts;
    return [
      r.name,
      r.rut,
      STATUS_LABELS[r.outcome.status],
      String(c.fetched ?? 0),
      String(c.posted ?? 0),
      String(c.blocked ?? 0),
      String(c.failed ?? 0),
      String(c.writeBacksDone ?? 0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...results.map((r) => `${r.name}: ${r.outcome.summary}`),
  ];
}

/** 0 when every run finished (with or without problems on some reports), 1 when one failed or was interrupted. */
export function exitCodeOf(results: readonly CompanySyncResult[]): number {
  return results.some((r) => r.outcome.status === 'failed' || r.outcome.status === 'interrupted') ? 1 : 0;
}
