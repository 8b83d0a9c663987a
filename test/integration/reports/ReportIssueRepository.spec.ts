import { expect } from 'chai';
import { createContainer } from '../../../plugin/di/container';
import { ReportIssueRepository } from '../../../plugin/reports/ReportIssueRepository';
import { ReportRepository } from '../../../plugin/reports/ReportRepository';
import { forEachDatabase } from '../../support/databases';
import { buildProblem, generateRemoteReports } from '../../support/reportFactories';
import { FixedClock, testHost } from '../../support/testHost';

const combustible = buildProblem();
const peajes = buildProblem({
  message: 'La categoría «Peajes» no tiene cuentas Debe/Haber.',
  subject: { kind: 'category', key: 'Peajes' },
  expenseIds: [2],
});
const costCenter = buildProblem({
  code: 'unmapped_cost_center',
  message: 'El centro de costo CC-210 no tiene Centro de Negocios.',
  subject: { kind: 'cost_center', key: 'CC-210' },
  expenseIds: [3, 1],
});

forEachDatabase('ReportIssueRepository', (suite) => {
  let clock: FixedClock;
  let issues: ReportIssueRepository;

  beforeEach(async () => {
    clock = new FixedClock();
    const c = createContainer(testHost({ db: suite.db, clock }));
    issues = c.resolve(ReportIssueRepository);
    await c.resolve(ReportRepository).upsertManyFromRemote('c1', generateRemoteReports(5, { firstId: 1 }));
  });

  describe('replaceOpenIssues', () => {
    it('stores the problems of a report as its open issues', async () => {
      expect(await issues.replaceOpenIssues('c1', 1, [combustible, costCenter])).to.deep.equal({
        opened: 2,
        resolved: 0,
      });
      const open = await issues.openIssuesOf('c1', 1);
      expect(open.map((i) => i.code)).to.deep.equal(['unmapped_category', 'unmapped_cost_center']);
      expect(open[1]).to.deep.include({
        reportId: 1,
        subject: { kind: 'cost_center', key: 'CC-210' },
        message: costCenter.message,
        expenseIds: [1, 3],
        createdAt: '2026-11-28T12:00:00.000Z',
        resolvedAt: null,
      });
    });

    it('resolves what is no longer reported, adds what is new, and leaves the rest as it was', async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible, costCenter]);
      clock.advance(60_000);
      expect(await issues.replaceOpenIssues('c1', 1, [costCenter, peajes])).to.deep.equal({
        opened: 1,
        resolved: 1,
      });

      const open = await issues.openIssuesOf('c1', 1);
      expect(open.map((i) => [i.subject.key, i.createdAt])).to.deep.equal([
        ['CC-210', '2026-11-28T12:00:00.000Z'],
        ['Peajes', '2026-11-28T12:01:00.000Z'],
      ]);
      const resolved = await suite
        .db('rg_report_issues')
        .whereNotNull('resolved_at')
        .select('subject_key', 'resolved_at');
      expect(resolved).to.deep.equal([
        { subject_key: 'Combustible', resolved_at: '2026-11-28T12:01:00.000Z' },
      ]);
    });

    it('writes nothing when the problems are the same as the open issues', async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible]);
      const before = await suite.db('rg_report_issues').orderBy('id');
      clock.advance(60_000);
      expect(await issues.replaceOpenIssues('c1', 1, [combustible, combustible])).to.deep.equal({
        opened: 0,
        resolved: 0,
      });
      expect(await suite.db('rg_report_issues').orderBy('id')).to.deep.equal(before);
    });

    it('resolves every issue when the report has no problems left', async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible, costCenter]);
      await issues.replaceOpenIssues('c1', 1, []);
      expect(await issues.openIssuesOf('c1', 1)).to.deep.equal([]);
    });

    it('cuts a code or subject longer than its column instead of refusing the issue', async () => {
      const long = buildProblem({
        code: 'x'.repeat(65) as typeof combustible.code,
        subject: { kind: 'category', key: 'K'.repeat(300) },
      });
      await issues.replaceOpenIssues('c1', 1, [long]);
      const [open] = await issues.openIssuesOf('c1', 1);
      expect(open.code).to.have.length(64);
      expect(open.subject.key).to.have.length(200);
    });

    it('rolls back the resolutions when the new issues cannot be stored', async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible]);
      // The database refuses a null message, after the old issue was resolved in the same transaction.
      const unstorable = { ...peajes, message: null } as unknown as typeof peajes;
      let failed = false;
      try {
        await issues.replaceOpenIssues('c1', 1, [unstorable]);
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect((await issues.openIssuesOf('c1', 1)).map((i) => i.subject.key)).to.deep.equal(['Combustible']);
    });

    it('keeps each company to its own issues', async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible]);
      await issues.replaceOpenIssues('c2', 1, []);
      expect(await issues.openIssuesOf('c1', 1)).to.have.length(1);
      expect(await issues.openIssuesOf('c2', 1)).to.deep.equal([]);
    });
  });

  describe('grouping', () => {
    beforeEach(async () => {
      await issues.replaceOpenIssues('c1', 1, [combustible, costCenter]);
      await issues.replaceOpenIssues('c1', 2, [combustible]);
      await issues.replaceOpenIssues('c1', 3, [combustible, peajes]);
      await issues.replaceOpenIssues('c1', 4, [costCenter]);
      await issues.replaceOpenIssues('c1', 5, [peajes]);
      await issues.replaceOpenIssues('c1', 5, []);
      await issues.replaceOpenIssues('c2', 9, [peajes]);
    });

    it('lists each open cause once with the reports it blocks, most blocking first', async () => {
      const groups = await issues.groupedOpenIssues('c1');
      expect(
        groups.map((g) => [g.code, g.subject.key, g.reportCount, g.reports.map((r) => r.id)]),
      ).to.deep.equal([
        ['unmapped_category', 'Combustible', 3, [3, 2, 1]],
        ['unmapped_cost_center', 'CC-210', 2, [4, 1]],
        ['unmapped_category', 'Peajes', 1, [3]],
      ]);
      expect(groups[0].message).to.equal(combustible.message);
      expect(groups[0].reports[2]).to.deep.equal({ id: 1, number: '1000', title: 'Rendición faena norte 0' });
    });

    it('caps the reports listed per cause but still counts them all', async () => {
      const [first] = await issues.groupedOpenIssues('c1', { reportsPerGroup: 2 });
      expect(first.reportCount).to.equal(3);
      expect(first.reports.map((r) => r.id)).to.deep.equal([3, 2]);
    });

    it('names the reports a subject blocks, for re-evaluating exactly those', async () => {
      expect(await issues.reportsBlockedBy('c1', 'category', 'Combustible')).to.deep.equal([1, 2, 3]);
      expect(await issues.reportsBlockedBy('c1', 'category', 'Peajes')).to.deep.equal([3]);
      expect(await issues.reportsBlockedBy('c1', 'cost_center', 'Combustible')).to.deep.equal([]);
    });

    it('counts open issues, causes and blocked reports', async () => {
      expect(await issues.countOpen('c1')).to.deep.equal({ issues: 6, causes: 3, reports: 4, warnings: 0 });
      expect(await issues.countOpen('c3')).to.deep.equal({ issues: 0, causes: 0, reports: 0, warnings: 0 });
    });

    it('keeps advertencias apart: listed after the errors, counted on their own, blocking nothing', async () => {
      const stale = {
        code: 'stale_expense' as const,
        message: 'Advertencia: el gasto 7 tiene fecha 2025-03-01, 111 días antes del cierre.',
        subject: { kind: 'expense' as const, key: '7' },
        expenseIds: [7],
      };
      await issues.replaceOpenIssues('c1', 6, [], undefined, [stale]);
      expect(await issues.countOpen('c1')).to.deep.equal({ issues: 6, causes: 3, reports: 4, warnings: 1 });
      const groups = await issues.groupedOpenIssues('c1');
      expect(groups.map((g) => [g.severity, g.code])).to.deep.equal([
        ['error', 'unmapped_category'],
        ['error', 'unmapped_cost_center'],
        ['error', 'unmapped_category'],
        ['advertencia', 'stale_expense'],
      ]);
      expect((await issues.openIssuesOf('c1', 6)).map((i) => [i.severity, i.code])).to.deep.equal([
        ['advertencia', 'stale_expense'],
      ]);
      // The same problem as an error is another issue: the warning is resolved, the error opened.
      await issues.replaceOpenIssues('c1', 6, [stale]);
      expect((await issues.openIssuesOf('c1', 6)).map((i) => i.severity)).to.deep.equal(['error']);
    });

    it('returns nothing for a company without open issues', async () => {
      expect(await issues.groupedOpenIssues('c3')).to.deep.equal([]);
    });
  });
});
