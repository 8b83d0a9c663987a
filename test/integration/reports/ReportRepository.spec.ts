import { expect } from 'chai';
import knex, { type Knex } from 'knex';
import { createContainer } from '../../../plugin/di/container';
import { ValidationError } from '../../../plugin/errors/errors';
import { normalizeExpense, normalizeReport } from '../../../plugin/reports/normalize';
import { ReportRepository } from '../../../plugin/reports/ReportRepository';
import { forEachDatabase } from '../../support/databases';
import {
  buildApiBoleta,
  buildApiExpense,
  buildRemoteReport,
  generateRemoteReports,
} from '../../support/reportFactories';
import { rejectionOf } from '../../support/rejections';
import { FixedClock, testHost } from '../../support/testHost';

forEachDatabase('ReportRepository', (suite) => {
  let clock: FixedClock;
  let repo: ReportRepository;

  beforeEach(() => {
    clock = new FixedClock();
    repo = createContainer(testHost({ db: suite.db, clock })).resolve(ReportRepository);
  });

  async function snapshot() {
    return {
      reports: await suite.db('rg_reports').orderBy('id'),
      expenses: await suite.db('rg_expenses').orderBy('id'),
    };
  }

  describe('upsertFromRemote', () => {
    it('stores a new report with its expenses, normalized, as imported', async () => {
      const { report, expenses } = buildRemoteReport();
      const result = await repo.upsertFromRemote('c1', report, expenses);
      expect(result).to.include({
        reportId: 13421804,
        outcome: 'new',
        previousState: null,
        state: 'imported',
      });
      expect(result.changedAfterPost).to.equal(false);

      const stored = (await repo.get('c1', 13421804))!;
      expect(stored.input).to.deep.equal(normalizeReport(report));
      expect(stored).to.include({
        id: 13421804,
        number: '8842',
        employeeName: 'Octavio Olivares',
        policyId: 4044,
        closeDate: '2025-06-20',
        totalApproved: 78000,
        nbrExpenses: 2,
        state: 'imported',
        contentHash: result.contentHash,
        importedAt: '2026-11-28T12:00:00.000Z',
        postedVoucherId: null,
      });
      expect(stored.expenses.map((e) => e.id)).to.deep.equal([75528397, 75528979]);
      const [factura, boleta] = stored.expenses;
      expect(factura).to.include({
        reportId: 13421804,
        status: 1,
        net: 29580,
        tax: 5620,
        otherTaxes: 24300,
        total: 59500,
        documentTypeCode: '33',
        costCenterCode: 'CC-210',
        categoryCode: '4-1-02-01-02',
        originalAmount: 59500,
      });
      expect(factura.input).to.deep.equal(normalizeExpense({ ...expenses[0], ReportId: 13421804 }));
      expect(boleta).to.include({ documentTypeCode: '39', costCenterCode: 'CC-300', total: 18500 });
    });

    it('writes nothing for an unchanged report, even when only its integration mark differs', async () => {
      const { report, expenses } = buildRemoteReport();
      await repo.upsertFromRemote('c1', report, expenses);
      const before = await snapshot();

      clock.advance(3_600_000);
      const marked = {
        ...report,
        Integrated: true,
        IntegrationDate: '2025-06-30 12:00:00',
        IntegrationExternalCode: '812',
      };
      const markedExpenses = expenses.map((e) => ({
        ...e,
        IntegrationExternalCode: '812',
        Note: 'cambiada',
      }));
      const result = await repo.upsertFromRemote('c1', marked, markedExpenses);

      expect(result.outcome).to.equal('unchanged');
      expect(await snapshot()).to.deep.equal(before);
      expect((await repo.get('c1', report.Id))!.updatedAt).to.equal('2026-11-28T12:00:00.000Z');
    });

    it('updates a changed report, its hash and expenses, and sends it back to be evaluated', async () => {
      const { report, expenses } = buildRemoteReport();
      const first = await repo.upsertFromRemote('c1', report, expenses);
      await repo.setState('c1', report.Id, 'blocked');

      clock.advance(60_000);
      const changed = [{ ...expenses[0], Total: 60000, Net: 30080 }, expenses[1]];
      const result = await repo.upsertFromRemote(
        'c1',
        { ...report, Title: 'Rendición junio (corregida)' },
        changed,
      );

      expect(result).to.include({ outcome: 'changed', previousState: 'blocked', state: 'imported' });
      expect(result.contentHash).to.not.equal(first.contentHash);
      const stored = (await repo.get('c1', report.Id))!;
      expect(stored).to.include({
        contentHash: result.contentHash,
        state: 'imported',
        title: 'Rendición junio (corregida)',
        importedAt: '2026-11-28T12:00:00.000Z',
        updatedAt: '2026-11-28T12:01:00.000Z',
      });
      expect(stored.expenses[0]).to.include({ total: 60000, net: 30080 });
    });

    it('keeps a posted report posted and flags it when its content changes', async () => {
      const { report, expenses } = buildRemoteReport();
      const first = await repo.upsertFromRemote('c1', report, expenses);
      await repo.markPosted('c1', report.Id, {
        voucherId: 'v-1',
        voucherNumber: '812',
        postedAt: '2026-11-28T12:00:00.000Z',
        contentHash: first.contentHash,
      });

      clock.advance(60_000);
      const result = await repo.upsertFromRemote('c1', report, [expenses[0]]);

      expect(result).to.include({
        outcome: 'changed',
        previousState: 'posted',
        state: 'posted',
        changedAfterPost: true,
      });
      const stored = (await repo.get('c1', report.Id))!;
      expect(stored).to.include({
        state: 'posted',
        postedVoucherId: 'v-1',
        postedVoucherNumber: '812',
        postedHash: first.contentHash,
        changedAfterPostAt: '2026-11-28T12:01:00.000Z',
      });
      expect(stored.contentHash).to.equal(result.contentHash);
    });

    it('never overwrites a posting committed while a re-import of the same report runs', async function () {
      this.timeout(30_000);
      const { report, expenses } = buildRemoteReport();
      const first = await repo.upsertFromRemote('c1', report, expenses);
      await repo.setState('c1', report.Id, 'ready');

      // The posting runs on another connection (another worker) and commits while the import
      // is between reading the stored state and writing the new content.
      const otherDb = knex(suite.db.client.config as Knex.Config);
      try {
        const posting = await otherDb.transaction();
        await posting('rg_reports')
          .where({ company_id: 'c1', remote_id: report.Id })
          .update({ state: 'posted', posted_voucher_id: 'v-1', posted_hash: first.contentHash });
        const reimport = repo.upsertFromRemote('c1', report, [expenses[0]]).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        await posting.commit();
        const outcome = await reimport;

        const stored = (await repo.get('c1', report.Id))!;
        expect(stored.state).to.equal('posted');
        expect(stored.postedVoucherId).to.equal('v-1');
        if ('result' in outcome) {
          // MariaDB: the import waited for the row lock and saw the posting.
          expect(outcome.result).to.include({ outcome: 'changed', state: 'posted', changedAfterPost: true });
          expect(stored.changedAfterPostAt).to.not.equal(null);
        } else {
          // SQLite: the import's snapshot went stale and it failed instead; the next sync retries it.
          expect(suite.engine).to.equal('sqlite');
          expect(stored.contentHash).to.equal(first.contentHash);
        }
      } finally {
        await otherDb.destroy();
      }
    });

    it('removes expenses no longer in the report and moves an expense that changed report', async () => {
      const a = buildRemoteReport({ Id: 1 }, [buildApiExpense({ Id: 11 }), buildApiBoleta({ Id: 12 })]);
      const b = buildRemoteReport({ Id: 2 }, [buildApiBoleta({ Id: 21 })]);
      await repo.upsertFromRemote('c1', a.report, a.expenses);
      await repo.upsertFromRemote('c1', b.report, b.expenses);

      await repo.upsertFromRemote('c1', a.report, [a.expenses[0]]);
      await repo.upsertFromRemote('c1', b.report, [...b.expenses, { ...a.expenses[0], Id: 12, ReportId: 2 }]);

      expect((await repo.get('c1', 1))!.expenses.map((e) => e.id)).to.deep.equal([11]);
      expect((await repo.get('c1', 2))!.expenses.map((e) => e.id)).to.deep.equal([12, 21]);
      const [{ n }] = await suite.db('rg_expenses').count({ n: '*' });
      expect(Number(n)).to.equal(3);
    });

    it('refuses a report without a usable id and names it, writing nothing', async () => {
      const { report, expenses } = buildRemoteReport();
      const noId = { ...report, Id: 'abc' } as unknown as typeof report;
      const noIdError = await rejectionOf(repo.upsertFromRemote('c1', noId, expenses));
      expect(noIdError).to.be.instanceOf(ValidationError);
      expect((noIdError as Error).message).to.match(/Id válido.*"abc"/);

      const badExpense = { ...expenses[1], Id: null } as unknown as (typeof expenses)[number];
      const badExpenseError = await rejectionOf(
        repo.upsertFromRemote('c1', report, [expenses[0], badExpense]),
      );
      expect(badExpenseError).to.be.instanceOf(ValidationError);
      expect((badExpenseError as Error).message).to.match(/gasto N° 2 del informe 13421804/);
      expect(await suite.db('rg_reports').pluck('remote_id')).to.deep.equal([]);
    });

    it('stores unreadable amounts as null columns while the builder input keeps them unreadable', async () => {
      const { report, expenses } = buildRemoteReport();
      const odd = {
        ...expenses[0],
        Total: 'abc',
        Net: 29580.5,
        IssueDate: 'ayer',
      } as unknown as (typeof expenses)[number];
      await repo.upsertFromRemote('c1', { ...report, CloseDate: '20/06/2025' }, [odd]);

      const stored = (await repo.get('c1', report.Id))!;
      expect(stored.closeDate).to.equal(null);
      expect(stored.input.closeDate).to.equal('20/06/2025');
      expect(stored.expenses[0]).to.include({ total: null, net: null, issueDate: null });
      expect(stored.expenses[0].input.total).to.be.NaN;
      expect(stored.expenses[0].input.net).to.equal(29580.5);
      expect(stored.expenses[0].input.issueDate).to.equal('ayer');
    });

    it('cuts text too long for its column but keeps it whole in the builder input', async () => {
      const { report, expenses } = buildRemoteReport();
      const title = 'Rendición '.repeat(80);
      await repo.upsertFromRemote('c1', { ...report, Title: title, ReportNumber: '9'.repeat(100) }, expenses);
      const stored = (await repo.get('c1', report.Id))!;
      expect(stored.title).to.have.length(500);
      expect(stored.number).to.have.length(64);
      expect(stored.input.title).to.equal(title.trim());
    });

    /** An expense whose document type and cost center are in fields named "Documento" and "CeCo". */
    const ownFieldNamesExpense = () =>
      buildApiExpense({
        ExtraFields: [
          { Name: 'Documento', Value: 'Boleta', Code: '39' },
          { Name: 'CeCo', Value: 'Ventas', Code: 'V-1' },
        ],
      });

    it('reads the document-type and cost-center columns from the configured field names', async () => {
      const { report } = buildRemoteReport();
      const expense = ownFieldNamesExpense();
      await repo.upsertFromRemote('c1', report, [expense], {
        documentTypeField: 'Documento',
        costCenterField: 'CECO',
      });
      expect((await repo.get('c1', report.Id))!.expenses[0]).to.include({
        documentTypeCode: '39',
        costCenterCode: 'V-1',
      });
    });

    it('recomputes the stored codes from the payloads when the field names change, hashes untouched', async () => {
      const { report } = buildRemoteReport();
      const expense = ownFieldNamesExpense();
      const ownNames = { documentTypeField: 'Documento', costCenterField: 'CeCo' };
      await repo.upsertFromRemote('c1', report, [expense], ownNames);
      await repo.upsertFromRemote('c2', report, [expense], ownNames);
      const hash = (await repo.get('c1', report.Id))!.contentHash;

      const names = { documentTypeField: 'Tipo de Documento', costCenterField: 'Centro de Costo' };
      expect(await repo.recomputeExtraFieldCodes('c1', names)).to.equal(1);
      expect((await repo.get('c1', report.Id))!.expenses[0]).to.include({
        documentTypeCode: '',
        costCenterCode: '',
      });
      expect(await repo.recomputeExtraFieldCodes('c1', names)).to.equal(0);
      // Another company keeps its own.
      expect((await repo.get('c2', report.Id))!.expenses[0]).to.include({
        documentTypeCode: '39',
        costCenterCode: 'V-1',
      });

      expect(
        await repo.recomputeExtraFieldCodes('c1', {
          documentTypeField: 'documento',
          costCenterField: 'ceco',
        }),
      ).to.equal(1);
      const stored = (await repo.get('c1', report.Id))!;
      expect(stored.expenses[0]).to.include({ documentTypeCode: '39', costCenterCode: 'V-1' });
      expect(stored.contentHash).to.equal(hash);
    });

    it('keeps companies apart: the same Rindegastos id is a different report per company', async () => {
      const { report, expenses } = buildRemoteReport();
      await repo.upsertFromRemote('c1', report, expenses);
      const other = await repo.upsertFromRemote('c2', { ...report, Title: 'Otra empresa' }, expenses);
      expect(other.outcome).to.equal('new');
      expect((await repo.get('c1', report.Id))!.title).to.equal('Rendición junio - faena norte');
      expect((await repo.get('c2', report.Id))!.title).to.equal('Otra empresa');
      expect(await repo.get('c3', report.Id)).to.equal(null);
    });
  });

  describe('upsertManyFromRemote', () => {
    it('stores a page of 100 reports with 25 expenses each, then finds them all unchanged', async () => {
      const page = generateRemoteReports(100, { expensesPerReport: 25 });
      const first = await repo.upsertManyFromRemote('c1', page);
      expect(first.rejected).to.deep.equal([]);
      expect(first.results.map((r) => r.outcome)).to.deep.equal(Array(100).fill('new'));
      const [{ n }] = await suite.db('rg_expenses').where({ company_id: 'c1' }).count({ n: '*' });
      expect(Number(n)).to.equal(2500);

      const before = await snapshot();
      clock.advance(1000);
      const again = await repo.upsertManyFromRemote('c1', page);
      expect(new Set(again.results.map((r) => r.outcome))).to.deep.equal(new Set(['unchanged']));
      expect(await snapshot()).to.deep.equal(before);
    });

    it('writes only the changed reports of a page and skips the ones without ids', async () => {
      const page = generateRemoteReports(20);
      await repo.upsertManyFromRemote('c1', page);
      clock.advance(1000);
      const next = page.map((item, i) =>
        i % 5 === 0 ? { ...item, report: { ...item.report, EmployeeName: 'Nuevo Nombre' } } : item,
      );
      const broken = buildRemoteReport({ Id: 0 });
      const { results, rejected } = await repo.upsertManyFromRemote('c1', [...next, broken]);

      expect(rejected).to.have.length(1);
      expect(rejected[0].reportId).to.equal(null);
      expect(rejected[0].problems[0]).to.match(/El informe no tiene un Id válido/);
      const changed = results.filter((r) => r.outcome === 'changed').map((r) => r.reportId);
      expect(changed).to.deep.equal([0, 5, 10, 15].map((i) => page[i].report.Id));
      const updated = await suite
        .db('rg_reports')
        .where('updated_at', '>', '2026-11-28T12:00:00.000Z')
        .pluck('remote_id');
      expect(updated.map(Number).sort()).to.deep.equal(changed);
    });

    it('stores a report listed twice in one page once, as its last copy', async () => {
      const { report, expenses } = buildRemoteReport();
      const { results } = await repo.upsertManyFromRemote('c1', [
        { report, expenses },
        { report: { ...report, Title: 'Última copia' }, expenses: [...expenses, expenses[0]] },
      ]);
      expect(results).to.have.length(1);
      const stored = (await repo.get('c1', report.Id))!;
      expect(stored.title).to.equal('Última copia');
      expect(stored.expenses).to.have.length(2);
    });
  });

  describe('states and marks', () => {
    beforeEach(async () => {
      await repo.upsertManyFromRemote('c1', generateRemoteReports(6, { firstId: 1 }));
    });

    it('sets the state and the last error, and says when the report does not exist', async () => {
      expect(await repo.setState('c1', 1, 'failed', { lastError: 'El ERP no respondió.' })).to.equal(true);
      expect((await repo.get('c1', 1))!).to.include({ state: 'failed', lastError: 'El ERP no respondió.' });
      await repo.setState('c1', 1, 'ready');
      expect((await repo.get('c1', 1))!.lastError).to.equal('El ERP no respondió.');
      await repo.setState('c1', 1, 'ready', { lastError: null });
      expect((await repo.get('c1', 1))!.lastError).to.equal(null);
      expect(await repo.setState('c1', 999, 'ready')).to.equal(false);
      expect(await repo.setState('c2', 1, 'ready')).to.equal(false);
    });

    it('records the voucher when posted and clears the last error', async () => {
      await repo.setState('c1', 2, 'failed', { lastError: 'x' });
      const hash = (await repo.get('c1', 2))!.contentHash;
      await repo.markPosted('c1', 2, {
        voucherId: 'v-9',
        voucherNumber: '9',
        postedAt: '2026-11-28T12:00:00.000Z',
        contentHash: hash,
      });
      expect((await repo.get('c1', 2))!).to.include({
        state: 'posted',
        postedVoucherId: 'v-9',
        postedVoucherNumber: '9',
        postedHash: hash,
        changedAfterPostAt: null,
        lastError: null,
      });
    });

    it('flags at once a report posted from content that changed meanwhile', async () => {
      await repo.markPosted('c1', 2, {
        voucherId: 'v-9',
        voucherNumber: '9',
        postedAt: '2026-11-28T12:00:00.000Z',
        contentHash: 'f'.repeat(64),
      });
      expect((await repo.get('c1', 2))!.changedAfterPostAt).to.equal('2026-11-28T12:00:00.000Z');
    });

    it('returns a reversed report to the state the caller chose, only when it was posted', async () => {
      const hash = (await repo.get('c1', 3))!.contentHash;
      expect(await repo.markReversed('c1', 3, 'ready')).to.equal(false);
      await repo.markPosted('c1', 3, {
        voucherId: 'v-3',
        voucherNumber: '3',
        postedAt: '2026-11-28T12:00:00.000Z',
        contentHash: hash,
      });
      expect(await repo.markReversed('c1', 3, 'blocked')).to.equal(true);
      expect((await repo.get('c1', 3))!).to.include({
        state: 'blocked',
        postedVoucherId: null,
        postedVoucherNumber: null,
        postedAt: null,
        postedHash: null,
      });
      expect(await repo.markReversed('c1', 3, 'ready')).to.equal(false);
    });

    it('records the integration mark without touching the content hash', async () => {
      const before = (await repo.get('c1', 4))!;
      await repo.markIntegrated('c1', 4, { code: '812', at: '2026-11-28T12:05:00.000Z' });
      const marked = (await repo.get('c1', 4))!;
      expect(marked).to.include({
        integrationMarkCode: '812',
        integrationMarkedAt: '2026-11-28T12:05:00.000Z',
      });
      expect(marked.contentHash).to.equal(before.contentHash);
      await repo.clearIntegrationMark('c1', 4);
      expect((await repo.get('c1', 4))!).to.include({ integrationMarkCode: null, integrationMarkedAt: null });
    });

    it('finds reports by state in id order, a page at a time, with their expenses', async () => {
      for (const id of [2, 3, 5, 6]) await repo.setState('c1', id, 'ready');
      await repo.setState('c1', 4, 'failed');
      const firstPage = await repo.findByStates('c1', ['ready', 'failed'], 2);
      expect(firstPage.map((r) => r.id)).to.deep.equal([2, 3]);
      expect(firstPage[0].expenses).to.have.length(2);
      const secondPage = await repo.findByStates('c1', ['ready', 'failed'], 10, 3);
      expect(secondPage.map((r) => r.id)).to.deep.equal([4, 5, 6]);
      expect(await repo.findByStates('c2', ['imported'], 10)).to.deep.equal([]);
      expect(await repo.findByStates('c1', [], 10)).to.deep.equal([]);
    });

    it('gets several reports by id, ignoring unknown ones', async () => {
      const reports = await repo.getMany('c1', [5, 1, 77, 5]);
      expect(reports.map((r) => r.id)).to.deep.equal([1, 5]);
      expect(reports.every((r) => r.expenses.length === 2)).to.equal(true);
    });

    it('counts reports per state, zeros included', async () => {
      await repo.setState('c1', 1, 'blocked');
      await repo.setState('c1', 2, 'blocked');
      expect(await repo.countByState('c1')).to.deep.equal({
        imported: 4,
        blocked: 2,
        ready: 0,
        posted: 0,
        reversed: 0,
        failed: 0,
      });
    });
  });
});
