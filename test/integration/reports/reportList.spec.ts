import { expect } from 'chai';
import { createContainer } from '../../../plugin/di/container';
import type { RemoteReport } from '../../../plugin/reports/model';
import { foldText } from '../../../plugin/rindegastos/extraFields';
import { InformesQuery } from '../../../plugin/reports/InformesQuery';
import { ReportRepository } from '../../../plugin/reports/ReportRepository';
import { forEachDatabase } from '../../support/databases';
import { buildRemoteReport, generateRemoteReports } from '../../support/reportFactories';
import { testHost } from '../../support/testHost';

const COUNT = 300;
const reports = generateRemoteReports(COUNT, { expensesPerReport: 1 });
/** Every fourth report is posted. */
const postedIds = new Set(reports.filter((_, i) => i % 4 === 0).map((r) => r.report.Id));

/** Informes order, computed independently of the database: close date desc, then id desc. */
function newestFirst(items: RemoteReport[]): number[] {
  return [...items]
    .sort((a, b) =>
      a.report.CloseDate === b.report.CloseDate
        ? b.report.Id - a.report.Id
        : a.report.CloseDate < b.report.CloseDate
          ? 1
          : -1,
    )
    .map((r) => r.report.Id);
}

forEachDatabase(
  'InformesQuery.list (Informes)',
  (suite) => {
    let repo: ReportRepository;
    let informes: InformesQuery;

    before(async () => {
      await suite.db('rg_reports').delete();
      await suite.db('rg_expenses').delete();
      const c = createContainer(testHost({ db: suite.db }));
      repo = c.resolve(ReportRepository);
      informes = c.resolve(InformesQuery);
      await repo.upsertManyFromRemote('c1', reports.slice(0, 150));
      await repo.upsertManyFromRemote('c1', reports.slice(150));
      for (const id of postedIds) {
        const hash = (await repo.get('c1', id))!.contentHash;
        await repo.markPosted('c1', id, {
          voucherId: `v-${id}`,
          voucherNumber: String(id),
          postedAt: '2026-11-28T12:00:00.000Z',
          contentHash: hash,
        });
      }
      // Another company's report that matches every filter below must never show up.
      const other = buildRemoteReport({ Id: reports[0].report.Id, Title: reports[0].report.Title });
      await repo.upsertFromRemote('c2', other.report, other.expenses);
    });

    async function allIds(query: Parameters<InformesQuery['list']>[1]): Promise<number[]> {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const result = await informes.list('c1', { ...query, page, pageSize: 37 });
        ids.push(...result.items.map((r) => r.id));
        if (result.items.length < 37) return ids;
      }
    }

    it('lists newest close date first, then highest id, across pages, with the total', async () => {
      const first = await informes.list('c1', { page: 1, pageSize: 25 });
      expect(first).to.include({ total: COUNT, page: 1, pageSize: 25 });
      expect(first.items).to.have.length(25);
      expect(await allIds({})).to.deep.equal(newestFirst(reports));
    });

    it('returns an empty page past the end, still with the total', async () => {
      const result = await informes.list('c1', { page: 100, pageSize: 50 });
      expect(result.items).to.deep.equal([]);
      expect(result.total).to.equal(COUNT);
    });

    it('filters on the close date, both ends inclusive', async () => {
      const from = '2025-03-01';
      const to = '2025-05-31';
      const expected = newestFirst(
        reports.filter((r) => r.report.CloseDate >= from && r.report.CloseDate <= to),
      );
      expect(expected.length).to.be.within(10, COUNT - 10);
      expect(await allIds({ from, to })).to.deep.equal(expected);
      const edge = reports[10].report.CloseDate;
      const onEdge = await allIds({ from: edge, to: edge });
      expect(onEdge).to.include(reports[10].report.Id);
      expect((await informes.list('c1', { from: edge, to: edge })).total).to.equal(onEdge.length);
    });

    it('filters centralizado sí / no / todos', async () => {
      expect(await allIds({ posted: 'yes' })).to.deep.equal(
        newestFirst(reports.filter((r) => postedIds.has(r.report.Id))),
      );
      expect(await allIds({ posted: 'no' })).to.deep.equal(
        newestFirst(reports.filter((r) => !postedIds.has(r.report.Id))),
      );
      expect((await informes.list('c1', { posted: 'all' })).total).to.equal(COUNT);
    });

    it('finds text in the title ignoring case and accents', async () => {
      const expected = newestFirst(reports.filter((r) => r.report.Title.startsWith('Viaje a Santiago')));
      expect(await allIds({ q: 'VIAJE a sántiago' })).to.deep.equal(expected);
    });

    it('finds an employee by part of the name, accents or not', async () => {
      const expected = newestFirst(reports.filter((r) => foldText(r.report.EmployeeName).includes('munoz')));
      expect(expected.length).to.be.greaterThan(0);
      expect(await allIds({ q: 'muñoz' })).to.deep.equal(expected);
      expect(await allIds({ q: 'MUNOZ' })).to.deep.equal(expected);
    });

    it('finds a report by its number and by its exact Rindegastos id', async () => {
      const target = reports[123].report;
      expect(await allIds({ q: target.ReportNumber })).to.include(target.Id);
      expect(await allIds({ q: String(target.Id) })).to.deep.equal([target.Id]);
    });

    it('matches % and _ literally, not as wildcards', async () => {
      const withPercent = newestFirst(reports.filter((r) => r.report.Title.includes('50%')));
      expect(withPercent.length).to.be.greaterThan(0);
      expect(await allIds({ q: '50%' })).to.deep.equal(withPercent);
      expect(await allIds({ q: 'off_site' })).to.deep.equal(withPercent);
      expect(await allIds({ q: 'off%site' })).to.deep.equal([]);
      expect(await allIds({ q: '!' })).to.deep.equal([]);
    });

    it('combines every filter', async () => {
      const expected = newestFirst(
        reports.filter(
          (r) =>
            r.report.CloseDate >= '2025-02-01' &&
            r.report.CloseDate <= '2025-10-31' &&
            !postedIds.has(r.report.Id) &&
            foldText(r.report.EmployeeName).includes('maria'),
        ),
      );
      expect(expected.length).to.be.greaterThan(0);
      expect(await allIds({ from: '2025-02-01', to: '2025-10-31', posted: 'no', q: 'María' })).to.deep.equal(
        expected,
      );
    });

    it('gives summaries without the payload, with the posted voucher', async () => {
      const { items } = await informes.list('c1', { posted: 'yes', pageSize: 1 });
      expect(items[0]).to.not.have.property('raw');
      expect(items[0]).to.not.have.property('expenses');
      expect(items[0].postedVoucherNumber).to.equal(String(items[0].id));
    });

    it('bounds the page size', async () => {
      expect((await informes.list('c1', { pageSize: 10_000 })).pageSize).to.equal(500);
      expect((await informes.list('c1', { pageSize: 0, page: -3 })).items).to.have.length(1);
    });
  },
  { cleanEachTest: false },
);
