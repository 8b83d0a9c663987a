/**
 * Item 4 (DESIGN.md §13): Informes over 100,000 reports of one company, filtered and paged,
 * answers in p95 ≤ 50 ms — measured through the plugin's `reports.list` route handler (query
 * DTO validation, license and permission guard, InformesQuery.list), per query shape and
 * engine. The reports are written with a plain batched insert (not through the API).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { foldText } from '../plugin/rindegastos/extraFields';
import type { BenchConfig } from './config';
import { createBenchDatabase, type Engine } from './support/benchDatabase';
import { COMPANY, startBenchBed, type BenchBed } from './support/benchHost';
import { atMost, didNotRun, percentile, round, seconds, type TargetCheck } from './support/measure';
import { bar, note } from './support/progress';

export const P95_TARGET_MS = 50;
const ROWS_PER_INSERT = 500;
const PAGE_SIZE = '50';
/** Another tenant in the same tables, so company scoping is part of what is measured. */
const OTHER_COMPANY = 'c-bench-other';

const FIRST_NAMES = [
  'Octavio',
  'María',
  'Jorge',
  'Gabriela',
  'Camila',
  'Andrés',
  'Paula',
  'Ricardo',
  'Daniela',
  'Héctor',
  'Valentina',
  'Matías',
  'Francisca',
  'Sebastián',
  'Constanza',
  'Felipe',
  'Javiera',
  'Cristóbal',
  'Catalina',
  'Tomás',
];
const LAST_NAMES = [
  'Olivares',
  'Pérez',
  'Soto',
  'Ibáñez',
  'Rojas',
  'Vega',
  'Núñez',
  'Bravo',
  'Carrasco',
  'Leiva',
  'Ortiz',
  'Saavedra',
  'Figueroa',
  'Cortés',
  'Muñoz',
  'González',
  'Díaz',
  'Fuentes',
  'Contreras',
  'Sepúlveda',
];
const CENTERS = [
  'Faena Norte',
  'Faena Sur',
  'Mantención',
  'Comercial',
  'Ventas Regiones',
  'Administración y Finanzas',
];
const MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];
const FIRST_DAY = Date.UTC(2025, 0, 2);
const DAYS = 695; // up to 2026-11-27

/** Small deterministic PRNG (mulberry32): the same 100k reports on every run and engine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rut(body: number): string {
  let sum = 0;
  let m = 2;
  for (let n = body; n > 0; n = Math.floor(n / 10)) {
    sum += (n % 10) * m;
    m = m === 7 ? 2 : m + 1;
  }
  const dv = 11 - (sum % 11);
  const d = dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
  return `${body.toLocaleString('es-CL')}-${d}`;
}

function day(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

export const REPORT_ID_BASE = 13_500_000;

/**
 * Report i as the plugin would have stored it: the columns reportRows.ts writes, a folded
 * search_text built the way it builds it, and a raw payload of realistic size (~1 KB).
 */
function reportRow(companyId: string, i: number, total: number, at: string): Record<string, unknown> {
  const r = rng(i * 7919 + 17);
  const employee = Math.floor(r() * 400);
  const first = FIRST_NAMES[employee % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(employee / FIRST_NAMES.length) % LAST_NAMES.length];
  const employeeName = `${first} ${last}`;
  const employeeIdentification = rut(8_000_000 + employee * 31_337);
  const closeOffset = Math.min(DAYS, Math.floor((i * DAYS) / total) + Math.floor(r() * 3));
  const closeDate = day(closeOffset);
  const sendDate = day(Math.max(0, closeOffset - 1 - Math.floor(r() * 8)));
  const month = MONTHS[Number(closeDate.slice(5, 7)) - 1];
  const center = CENTERS[employee % CENTERS.length];
  const title =
    r() < 0.7
      ? `Rendición ${month} ${closeDate.slice(0, 4)} - ${center}`
      : `Viaje a ${center.toLowerCase()} semana ${1 + Math.floor(r() * 4)}`;
  const number = String(9001 + i);
  const remoteId = REPORT_ID_BASE + i;
  const roll = r();
  // Older reports are mostly posted; the recent ones still wait.
  const recent = closeOffset > DAYS - 40;
  const state =
    !recent && roll < 0.82
      ? 'posted'
      : roll < 0.9
        ? 'ready'
        : roll < 0.96
          ? 'blocked'
          : roll < 0.98
            ? 'imported'
            : roll < 0.99
              ? 'failed'
              : 'reversed';
  const nbr = 1 + Math.floor(r() * 25);
  const total_ = 5_000 + Math.floor(r() * 900_000);
  const hash = createHash('sha256').update(`${companyId}:${i}`).digest('hex');
  const raw = {
    Id: remoteId,
    Title: title,
    ReportNumber: number,
    SendDate: sendDate,
    CloseDate: closeDate,
    EmployeeId: 1000 + employee,
    EmployeeName: employeeName,
    EmployeeIdentification: employeeIdentification,
    ApproverId: 64,
    ApproverName: 'María Pérez',
    PolicyId: 4044 + (employee % 4),
    PolicyName: 'Departamento Maquinaria',
    Status: 1,
    CustomStatus: '',
    FundId: 0,
    FundName: '',
    ReportTotal: total_,
    ReportTotalApproved: total_,
    Currency: 'CLP',
    Note: 'Gastos de terreno del período, con respaldo en la carpeta compartida.',
    Integrated: state === 'posted' ? '1' : '0',
    IntegrationDate: '',
    IntegrationExternalCode: '',
    IntegrationInternalCode: '',
    NbrApprovedExpenses: nbr,
    NbrRejectedExpenses: 0,
    NbrExpenses: nbr,
    ExtraFields: [
      { Name: 'Tipo de rendición', Value: 'Reembolso', Code: 'REE' },
      { Name: 'Área', Value: center, Code: '' },
    ],
  };
  const posted = state === 'posted';
  return {
    company_id: companyId,
    remote_id: remoteId,
    number,
    title,
    employee_id: 1000 + employee,
    employee_name: employeeName,
    employee_identification: employeeIdentification,
    policy_id: raw.PolicyId,
    policy_name: raw.PolicyName,
    send_date: sendDate,
    close_date: closeDate,
    currency: 'CLP',
    status: 1,
    total_approved: total_,
    nbr_expenses: nbr,
    state,
    content_hash: hash,
    // As reportRows.ts searchTextOf builds it.
    search_text: foldText([number, employeeName, employeeIdentification, title].join(' ')).slice(0, 500),
    raw_json: JSON.stringify(raw),
    posted_voucher_id: posted ? `v-${i}` : null,
    posted_voucher_number: posted ? String(1 + i) : null,
    posted_at: posted ? at : null,
    posted_hash: posted ? hash : null,
    changed_after_post_at: null,
    last_error: state === 'failed' ? 'El ERP rechazó el comprobante: período cerrado' : null,
    integration_marked_at: posted ? at : null,
    integration_mark_code: posted ? String(1 + i) : null,
    imported_at: at,
    updated_at: at,
  };
}

export async function insertReports(
  db: Knex,
  companyId: string,
  count: number,
  label: string,
): Promise<number> {
  const at = new Date().toISOString();
  const progress = bar(label, count);
  const t0 = performance.now();
  try {
    await db.transaction(async (trx) => {
      for (let start = 0; start < count; start += ROWS_PER_INSERT) {
        const rows = [];
        for (let i = start; i < Math.min(count, start + ROWS_PER_INSERT); i++)
          rows.push(reportRow(companyId, i, count, at));
        await trx('rg_reports').insert(rows);
        progress.update(start + rows.length);
      }
    });
  } finally {
    progress.stop();
  }
  return seconds(t0);
}

interface Shape {
  name: string;
  /** Query parameters of sample k (varied, so no single plan or cache line is all that is timed). */
  query(k: number): Record<string, string>;
}

function shapes(reports: number): Shape[] {
  const pick = (k: number, list: readonly string[]) => list[k % list.length];
  const months = ['2025-03', '2025-07', '2025-11', '2026-02', '2026-06', '2026-09'];
  const lastDay = (ym: string) =>
    new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const deepPage = Math.max(2, Math.floor(reports / Number(PAGE_SIZE) / 2));
  return [
    { name: 'no filter, page 1', query: () => ({ pageSize: PAGE_SIZE }) },
    {
      name: 'date range (one month)',
      query: (k) => ({ from: `${pick(k, months)}-01`, to: lastDay(pick(k, months)), pageSize: PAGE_SIZE }),
    },
    {
      name: 'date range (one year)',
      query: (k) => ({
        from: k % 2 ? '2025-01-01' : '2025-07-01',
        to: k % 2 ? '2025-12-31' : '2026-06-30',
        pageSize: PAGE_SIZE,
      }),
    },
    { name: 'posted=no', query: () => ({ posted: 'no', pageSize: PAGE_SIZE }) },
    { name: 'posted=yes', query: () => ({ posted: 'yes', pageSize: PAGE_SIZE }) },
    { name: 'q: employee surname', query: (k) => ({ q: pick(k, LAST_NAMES), pageSize: PAGE_SIZE }) },
    {
      name: 'q: full employee name',
      query: (k) => ({ q: `${pick(k, FIRST_NAMES)} ${pick(k + 3, LAST_NAMES)}`, pageSize: PAGE_SIZE }),
    },
    { name: 'q: no match', query: (k) => ({ q: `zzqx${k}`, pageSize: PAGE_SIZE }) },
    {
      name: 'q: exact report id',
      query: (k) => ({ q: String(REPORT_ID_BASE + ((k * 7919) % reports)), pageSize: PAGE_SIZE }),
    },
    {
      name: 'q: report number',
      query: (k) => ({ q: String(9001 + ((k * 104_729) % reports)), pageSize: PAGE_SIZE }),
    },
    {
      name: 'date range + posted=no + q',
      query: (k) => ({
        from: '2025-06-01',
        to: '2026-05-31',
        posted: 'no',
        q: pick(k, LAST_NAMES),
        pageSize: PAGE_SIZE,
      }),
    },
    {
      name: `deep page (page ${deepPage})`,
      query: (k) => ({ page: String(deepPage - (k % 3)), pageSize: PAGE_SIZE }),
    },
  ];
}

interface ShapeResult {
  shape: string;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** `total` of the last sample: how many reports the filter matched. */
  matched: number;
  pass: boolean;
}

/** A slow shape stops after this long (with at least MIN_SAMPLES), so a miss cannot stall the run. */
const SHAPE_BUDGET_MS = 8_000;
const MIN_SAMPLES = 20;

async function measureShape(
  bed: BenchBed,
  shape: Shape,
  warmup: number,
  samples: number,
): Promise<ShapeResult> {
  const times: number[] = [];
  let matched = 0;
  const started = performance.now();
  for (let k = 0; k < warmup + samples; k++) {
    if (times.length >= MIN_SAMPLES && performance.now() - started > SHAPE_BUDGET_MS) break;
    const query = shape.query(k);
    const t0 = performance.now();
    const res = await bed.call('reports.list', { query });
    const ms = performance.now() - t0;
    if (res.status !== 200)
      throw new Error(
        `reports.list ${JSON.stringify(query)} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    if (k >= warmup) {
      times.push(ms);
      matched = (res.body as { total: number }).total;
    }
  }
  const p95 = round(percentile(times, 95), 2);
  return {
    shape: shape.name,
    samples: times.length,
    p50Ms: round(percentile(times, 50), 2),
    p95Ms: p95,
    maxMs: round(Math.max(...times), 2),
    matched,
    pass: p95 <= P95_TARGET_MS,
  };
}

async function runEngine(engine: Engine, config: BenchConfig) {
  const { reports, samplesPerShape, warmupPerShape } = config.informes;
  const database = await createBenchDatabase(engine);
  try {
    const bed = await startBenchBed(database.db);
    try {
      const insertSeconds = await insertReports(
        database.db,
        COMPANY,
        reports,
        `informes ${engine}: insert reports`,
      );
      await insertReports(
        database.db,
        OTHER_COMPANY,
        Math.ceil(reports / 10),
        `informes ${engine}: other company`,
      );
      // A long-running database has its WAL folded into the main file; 110k rows just written
      // in one transaction would otherwise be read through the WAL index.
      if (engine === 'sqlite') await database.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      note(`informes ${engine}: ${reports} reports inserted in ${insertSeconds}s; querying`);
      const results: ShapeResult[] = [];
      for (const shape of shapes(reports))
        results.push(await measureShape(bed, shape, warmupPerShape, samplesPerShape));
      const worst = results.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
      note(`informes ${engine}: worst p95 ${worst.p95Ms} ms (${worst.shape})`);
      return {
        engine,
        reports,
        otherCompanyReports: Math.ceil(reports / 10),
        insertSeconds,
        shapes: results,
      };
    } finally {
      await bed.stop();
    }
  } finally {
    await database.destroy();
  }
}

export async function runInformesBench(config: BenchConfig) {
  const engines = [];
  const failed: { engine: Engine; error: string }[] = [];
  const checks: TargetCheck[] = [];
  for (const engine of config.engines) {
    try {
      const e = await runEngine(engine, config);
      engines.push(e);
      for (const s of e.shapes) {
        checks.push(atMost(`informes.${engine}.p95Ms[${s.shape}]`, s.p95Ms, P95_TARGET_MS, 'ms'));
      }
    } catch (err) {
      const { check, error } = didNotRun(`informes.${engine}`, err);
      note(`informes ${engine} failed: ${err instanceof Error ? err.stack : error}`);
      failed.push({ engine, error });
      checks.push(check);
    }
  }
  return {
    description:
      `reports.list route handler (DTO, guard, InformesQuery.list: count + page ids + rows), pageSize ${PAGE_SIZE}, over ` +
      `${config.informes.reports} reports of one company (+10% of another company in the same tables), inserted with ` +
      `multi-row inserts of ${ROWS_PER_INSERT}. ${config.informes.warmupPerShape} warm-up calls, then ` +
      `${config.informes.samplesPerShape} timed calls per shape with varied parameters (fewer, at least ${MIN_SAMPLES}, when a ` +
      `shape takes over ${SHAPE_BUDGET_MS / 1000} s). No ANALYZE is run (as deployed).`,
    engines,
    failed,
    checks,
  };
}
