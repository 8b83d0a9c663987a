import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import type { Problem, ProblemSubject } from '../accounting/model';
import { Tokens } from '../di/tokens';
import type { Clock } from '../host/Host';
import { chunks, clip, num } from '../db/sql';

const TABLE = 'rg_report_issues';

/** "error" blocks the report; "advertencia" is shown and never blocks. */
export type IssueSeverity = 'error' | 'advertencia';

/** A builder problem stored against a report. Open while `resolvedAt` is null. */
export interface ReportIssue {
  id: number;
  /** Rindegastos report id. */
  reportId: number;
  severity: IssueSeverity;
  code: Problem['code'];
  subject: ProblemSubject;
  message: string;
  expenseIds: number[];
  createdAt: string;
  resolvedAt: string | null;
}

/** One cause (code + subject) with the reports it blocks. */
export interface IssueGroup {
  severity: IssueSeverity;
  code: Problem['code'];
  subject: ProblemSubject;
  /** The message of one of its issues (they name the same cause). */
  message: string;
  /** How many reports this cause blocks. */
  reportCount: number;
  /** The most recent of them (highest id first), at most `reportsPerGroup`. */
  reports: { id: number; number: string; title: string }[];
}

export interface OpenIssueCounts {
  /** Open issue rows. */
  issues: number;
  /** Distinct causes (code + subject). */
  causes: number;
  /** Reports with at least one open blocking issue. */
  reports: number;
  /** Open advertencias (not counted above: they block nothing). */
  warnings: number;
}

interface IssueRow {
  id: number;
  company_id: string;
  report_id: number;
  severity: string;
  code: string;
  subject_kind: string;
  subject_key: string;
  message: string;
  expense_ids_json: string;
  created_at: string;
  resolved_at: string | null;
}

function toIssue(row: IssueRow): ReportIssue {
  return {
    id: num(row.id),
    reportId: num(row.report_id),
    severity: row.severity === 'advertencia' ? 'advertencia' : 'error',
    code: row.code as Problem['code'],
    subject: { kind: row.subject_kind as ProblemSubject['kind'], key: row.subject_key },
    message: row.message,
    expenseIds: JSON.parse(row.expense_ids_json) as number[],
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}

function toRow(
  companyId: string,
  reportId: number,
  p: Problem,
  severity: IssueSeverity,
  createdAt: string,
): Omit<IssueRow, 'id'> {
  return {
    company_id: companyId,
    report_id: reportId,
    severity,
    code: clip(p.code, 64),
    subject_kind: clip(p.subject.kind, 32),
    subject_key: clip(p.subject.key, 200),
    message: p.message,
    expense_ids_json: JSON.stringify([...p.expenseIds].sort((a, b) => a - b)),
    created_at: createdAt,
    resolved_at: null,
  };
}

/** Two issues are the same when everything the user reads about them is the same. */
function identity(
  row: Pick<IssueRow, 'severity' | 'code' | 'subject_kind' | 'subject_key' | 'message' | 'expense_ids_json'>,
) {
  return [row.severity, row.code, row.subject_kind, row.subject_key, row.message, row.expense_ids_json].join(
    '\u0000',
  );
}

/** Open problems of reports, grouped by cause for the Issues view and for targeted re-evaluation. */
@injectable()
export class ReportIssueRepository {
  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  /**
   * Makes `problems` the report's open issues, in one transaction: issues no longer reported
   * are resolved, new ones inserted, and those still reported stay untouched (keeping their
   * `createdAt`, i.e. since when the report is blocked). An empty list resolves everything.
   * `warnings` are stored the same way as advertencias.
   */
  async replaceOpenIssues(
    companyId: string,
    reportId: number,
    problems: readonly Problem[],
    trx: Knex = this.db,
    warnings: readonly Problem[] = [],
  ): Promise<{ opened: number; resolved: number }> {
    const at = this.clock.now().toISOString();
    return trx.transaction(async (t) => {
      const open = await t<IssueRow>(TABLE)
        .where({ company_id: companyId, report_id: reportId })
        .whereNull('resolved_at');
      const wanted = new Map<string, Omit<IssueRow, 'id'>>();
      const all: [Problem, IssueSeverity][] = [
        ...problems.map((p): [Problem, IssueSeverity] => [p, 'error']),
        ...warnings.map((p): [Problem, IssueSeverity] => [p, 'advertencia']),
      ];
      for (const [p, severity] of all) {
        const row = toRow(companyId, reportId, p, severity, at);
        wanted.set(identity(row), row);
      }
      const kept = new Set<string>();
      const resolveIds: number[] = [];
      for (const row of open) {
        const id = identity(row);
        if (wanted.has(id) && !kept.has(id)) kept.add(id);
        else resolveIds.push(num(row.id));
      }
      for (const ids of chunks(resolveIds, 500)) {
        await t(TABLE).where('company_id', companyId).whereIn('id', ids).update({ resolved_at: at });
      }
      const inserts = [...wanted.entries()].filter(([id]) => !kept.has(id)).map(([, row]) => row);
      for (const part of chunks(inserts, 200)) await t(TABLE).insert(part);
      return { opened: inserts.length, resolved: resolveIds.length };
    });
  }

  /**
   * Opens `problem` on the report beside its other open issues, one open issue per code: an
   * open issue of the same code is resolved and replaced by this one.
   */
  async openIssue(companyId: string, reportId: number, problem: Problem): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.db.transaction(async (t) => {
      await t(TABLE)
        .where({ company_id: companyId, report_id: reportId, code: problem.code })
        .whereNull('resolved_at')
        .update({ resolved_at: at });
      await t(TABLE).insert(toRow(companyId, reportId, problem, 'error', at));
    });
  }

  async openIssuesOf(companyId: string, reportId: number, trx: Knex = this.db): Promise<ReportIssue[]> {
    const rows = await trx<IssueRow>(TABLE)
      .where({ company_id: companyId, report_id: reportId })
      .whereNull('resolved_at')
      .orderBy('id');
    return rows.map(toIssue);
  }

  /**
   * Every open cause once, with how many reports it blocks and the most recent of them;
   * causes blocking the most reports first.
   */
  async groupedOpenIssues(companyId: string, opts: { reportsPerGroup?: number } = {}): Promise<IssueGroup[]> {
    const perGroup = Math.max(1, Math.floor(opts.reportsPerGroup ?? 20));
    const groups = (await this.db(TABLE)
      .where('company_id', companyId)
      .whereNull('resolved_at')
      .groupBy('severity', 'code', 'subject_kind', 'subject_key')
      .select('severity', 'code', 'subject_kind', 'subject_key')
      .max({ message: 'message' })
      .countDistinct({ n: 'report_id' })
      .orderBy([
        { column: 'severity', order: 'desc' },
        { column: 'n', order: 'desc' },
        { column: 'code' },
        { column: 'subject_kind' },
        { column: 'subject_key' },
      ])) as unknown as {
      severity: string;
      code: string;
      subject_kind: string;
      subject_key: string;
      message: string;
      n: unknown;
    }[];
    if (groups.length === 0) return [];

    // The first reports of each cause in one statement: distinct (cause, report) pairs,
    // numbered per cause by a window function (SQLite ≥ 3.25 and MariaDB ≥ 10.2 both have them).
    const top: {
      code: string;
      subject_kind: string;
      subject_key: string;
      report_id: unknown;
      number: string | null;
      title: string | null;
    }[] = await this.db
      .with('pairs', (q) =>
        q
          .from(TABLE)
          .where('company_id', companyId)
          .whereNull('resolved_at')
          .distinct('code', 'subject_kind', 'subject_key', 'report_id'),
      )
      .with('ranked', (q) =>
        q
          .from('pairs')
          .select('code', 'subject_kind', 'subject_key', 'report_id')
          .rowNumber('rn', (w) =>
            w.orderBy('report_id', 'desc').partitionBy(['code', 'subject_kind', 'subject_key']),
          ),
      )
      .from('ranked as k')
      .leftJoin('rg_reports as r', (j) =>
        j.on('r.remote_id', '=', 'k.report_id').andOnVal('r.company_id', companyId),
      )
      .where('k.rn', '<=', perGroup)
      .select('k.code', 'k.subject_kind', 'k.subject_key', 'k.report_id', 'r.number', 'r.title')
      .orderBy([{ column: 'k.report_id', order: 'desc' }]);

    const key = (r: { code: string; subject_kind: string; subject_key: string }) =>
      [r.code, r.subject_kind, r.subject_key].join('\u0000');
    const reportsOf = new Map<string, IssueGroup['reports']>();
    for (const r of top) {
      const list = reportsOf.get(key(r)) ?? [];
      list.push({ id: num(r.report_id), number: r.number ?? '', title: r.title ?? '' });
      reportsOf.set(key(r), list);
    }
    return groups.map((g) => ({
      severity: g.severity === 'advertencia' ? 'advertencia' : 'error',
      code: g.code as Problem['code'],
      subject: { kind: g.subject_kind as ProblemSubject['kind'], key: g.subject_key },
      message: g.message,
      reportCount: num(g.n),
      reports: reportsOf.get(key(g)) ?? [],
    }));
  }

  /** Ids of the reports an open issue about this subject blocks (what a new mapping must re-evaluate). */
  async reportsBlockedBy(
    companyId: string,
    subjectKind: ProblemSubject['kind'],
    subjectKey: string,
    trx: Knex = this.db,
  ): Promise<number[]> {
    const rows: { report_id: unknown }[] = await trx(TABLE)
      .where({
        company_id: companyId,
        severity: 'error',
        subject_kind: subjectKind,
        subject_key: clip(subjectKey, 200),
      })
      .whereNull('resolved_at')
      .distinct('report_id')
      .orderBy('report_id');
    return rows.map((r) => num(r.report_id));
  }

  async countOpen(companyId: string): Promise<OpenIssueCounts> {
    const open = () => this.db(TABLE).where('company_id', companyId).whereNull('resolved_at');
    const [totals] = await open()
      .where('severity', 'error')
      .count({ issues: '*' })
      .countDistinct({ reports: 'report_id' });
    const [causes] = await this.db
      .from(
        open()
          .where('severity', 'error')
          .groupBy('code', 'subject_kind', 'subject_key')
          .select('code')
          .as('causes'),
      )
      .count({ n: '*' });
    const [warnings] = await open().where('severity', 'advertencia').count({ n: '*' });
    return {
      issues: num(totals.issues),
      causes: num(causes.n),
      reports: num(totals.reports),
      warnings: num(warnings.n),
    };
  }
}
