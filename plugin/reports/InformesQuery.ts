import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { foldText } from '../rindegastos/extraFields';
import { containsPattern, LIKE_ESCAPE, num } from '../db/sql';
import { REPORT_STATES, type ReportListQuery, type ReportPage } from './model';
import { REPORTS, SUMMARY_COLUMNS, toReportSummary, type ReportRow, type SummaryRow } from './reportRows';

const MAX_PAGE_SIZE = 500;

/** The Informes list: the one query over a company's reports with filters, free text and paging. */
@injectable()
export class InformesQuery {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  /**
   * Informes: newest close date first (then highest id), filtered by close-date range (inclusive),
   * posted or not, and free text; with the total count for paging. Lists never read raw_json.
   */
  async list(companyId: string, query: ReportListQuery = {}): Promise<ReportPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const text = query.q?.trim() ?? '';
    // An exact Rindegastos id is looked up first, so the filter below refers to the row id,
    // which every index carries: the list stays an index-only walk (remote_id is not in the
    // search index's entries on SQLite).
    const exactRow: { id: number } | undefined = /^\d{1,15}$/.test(text)
      ? await this.db(REPORTS)
          .where({ company_id: companyId, remote_id: Number(text) })
          .first('id')
      : undefined;
    const filtered = () => {
      const q = this.db<ReportRow>(REPORTS).where('company_id', companyId);
      if (query.from) q.where('close_date', '>=', query.from);
      if (query.to) q.where('close_date', '<=', query.to);
      if (query.posted === 'yes') q.where('state', 'posted');
      // IN (every other state) rather than <>: both indexes holding the state serve it.
      if (query.posted === 'no')
        q.whereIn(
          'state',
          REPORT_STATES.filter((s) => s !== 'posted'),
        );
      if (text) {
        q.where((w) => {
          w.whereRaw(`?? like ? escape '${LIKE_ESCAPE}'`, ['search_text', containsPattern(foldText(text))]);
          if (exactRow) w.orWhere('id', exactRow.id);
        });
      }
      return q;
    };
    const [{ n }] = await filtered().count({ n: '*' });
    // NOTE: the page is found first as row ids alone, an index-only walk of rg_reports_informes,
    // and only those rows are read ("deferred join"). Selecting the columns directly makes
    // MariaDB read every row it walks past to test the filters — it does not push conditions
    // into a descending index scan — which costs a second on 100k reports for a rare text.
    const pageIds = await filtered()
      .select('id')
      .orderBy([
        { column: 'close_date', order: 'desc' },
        { column: 'remote_id', order: 'desc' },
      ])
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const ids = pageIds.map((r: { id: unknown }) => num(r.id));
    const rows: (SummaryRow & { id: unknown })[] = ids.length
      ? await this.db(REPORTS)
          .where('company_id', companyId)
          .whereIn('id', ids)
          .select(['id', ...SUMMARY_COLUMNS])
      : [];
    const position = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => position.get(num(a.id))! - position.get(num(b.id))!);
    return { items: rows.map(toReportSummary), total: num(n), page, pageSize };
  }
}
