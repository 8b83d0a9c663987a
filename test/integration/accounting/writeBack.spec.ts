import { expect } from 'chai';
import * as sinon from 'sinon';
import { INTERNAL_ERROR_MESSAGE } from '../../../plugin/errors/errors';
import { forEachDatabase } from '../../support/databases';
import { startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

const REPORT = '13421804';

type Detail = {
  report: { state: string; integrationMarkCode: string | null; lastError: string | null };
  writeBacks: { kind: string; attempts: number; lastError: string | null; doneAt: string | null }[];
};

forEachDatabase('write-back of integration marks through the outbox', (suite) => {
  const sandbox = useSandbox({ reports: 2, expensesPerReport: 2 });
  let bed: PostingBed;

  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await bed.ok('settings.put', { body: { ivaCreditAccount: '1110601001', importFrom: '2025-01-01' } });
    for (const [segment, key, body] of [
      ['invoice-categories', 'Combustible', { debitAccount: '4110201002', creditAccount: '2110701001' }],
      ['categories', 'Alimentación', { debitAccount: '4110205001', creditAccount: '2110701001' }],
      ['cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' }],
    ] as const) {
      const list = await bed.ok<{ items: { id: number; remoteKey: string }[] }>('mappings.list', {
        params: { kind: segment },
      });
      const item = list.items.find((i) => i.remoteKey === key)!;
      await bed.ok('mappings.put', { params: { kind: segment, id: String(item.id) }, body });
    }
    await bed.sync();
  });
  afterEach(() => bed.stop());

  it('treats an error inside an HTTP 200 body as a failure, shows it on the report, and retries until done', async function () {
    this.timeout(60_000);
    sandbox().setFaults({ rate: 1, kinds: ['error_body'], methods: ['setExpenseReportIntegration'] });
    const posted = await bed.call('reports.post', { params: { id: REPORT } });
    expect(posted.status).to.equal(201);

    let detail = await bed.ok<Detail>('reports.get', { params: { id: REPORT } });
    expect(detail.report).to.include({ state: 'posted', integrationMarkCode: null });
    const reportMark = detail.writeBacks.find((w) => w.kind === 'report_integration')!;
    expect(reportMark.doneAt).to.equal(null);
    expect(reportMark.attempts).to.equal(1);
    expect(reportMark.lastError).to.be.a('string').and.not.empty;
    // The expense marks went through: only the failing write waits.
    expect(detail.writeBacks.filter((w) => w.kind === 'expense_integration').every((w) => w.doneAt)).to.equal(
      true,
    );
    expect(
      sandbox()
        .listMarks('demo')
        .reports.find((m) => m.Id === Number(REPORT)),
    ).to.equal(undefined);

    // Rindegastos recovers; once the backoff has passed, the next drain (a sync) sends it.
    sandbox().setFaults(null);
    bed.host.clock.advance(2 * 60 * 60_000);
    await bed.sync();
    detail = await bed.ok<Detail>('reports.get', { params: { id: REPORT } });
    expect(detail.writeBacks.every((w) => w.doneAt)).to.equal(true);
    expect(detail.report.integrationMarkCode).to.be.a('string').and.not.empty;
    expect(
      sandbox()
        .listMarks('demo')
        .reports.find((m) => m.Id === Number(REPORT)),
    ).to.include({ IntegrationStatus: 1 });
  });

  it('does not resend a failed write-back before its backoff has passed', async function () {
    this.timeout(60_000);
    sandbox().setFaults({ rate: 1, kinds: ['error_body'], methods: ['setExpenseReportIntegration'] });
    await bed.ok('reports.post', { params: { id: REPORT } });
    sandbox().setFaults(null);
    await bed.sync();
    const detail = await bed.ok<Detail>('reports.get', { params: { id: REPORT } });
    expect(detail.writeBacks.find((w) => w.kind === 'report_integration')!.doneAt).to.equal(null);
  });

  it('shows a fixed Spanish message for an internal failure and logs its detail', async () => {
    // The host's ledger fails in a way the plugin knows nothing about (its text must stay internal).
    const submit = sinon
      .stub(bed.ledger.posting, 'submit')
      .rejects(new Error('SQLITE_BUSY: database is locked (insert into host_vouchers …)'));
    const res = await bed.call('reports.post', { params: { id: REPORT } });
    expect(res.status).to.equal(500);
    expect(res.body).to.deep.equal({ error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE } });
    submit.restore();

    const detail = await bed.ok<Detail>('reports.get', { params: { id: REPORT } });
    expect(detail.report).to.include({
      state: 'failed',
      lastError: `No se pudo centralizar: ${INTERNAL_ERROR_MESSAGE}`,
    });
    expect(bed.host.logger.text()).to.contain('SQLITE_BUSY: database is locked');
  });
});
