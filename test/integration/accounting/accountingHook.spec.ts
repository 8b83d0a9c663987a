import { expect } from 'chai';
import type { PostingRejectedFault, VoucherDraft } from '../../../plugin/host/Ledger';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

function draft(lines: VoucherDraft['lines'], source = 'rindegastos'): VoucherDraft {
  return { source, type: 'TRASPASO', date: '2025-06-20', glosa: 'Prueba', currency: 'CLP', lines };
}

const BALANCED_UNMAPPED: VoucherDraft['lines'] = [
  {
    accountCode: '4110206001',
    debit: 1000,
    credit: 0,
    businessCenterCode: 'EMPGESGESADM000',
    glosa: 'Útiles',
  },
  {
    accountCode: '2110701001',
    debit: 0,
    credit: 1000,
    auxiliary: { rut: '12.345.678-5', name: 'Octavio Olivares' },
    glosa: 'Útiles',
  },
];

async function rejectionsOf(promise: Promise<unknown>): Promise<PostingRejectedFault['rejections']> {
  try {
    await promise;
  } catch (err) {
    expect((err as PostingRejectedFault).code).to.equal('POSTING_REJECTED');
    return (err as PostingRejectedFault).rejections;
  }
  throw new Error('the voucher was accepted');
}

forEachDatabase('the accounting hook in the host posting pipeline', (suite) => {
  const sandbox = useSandbox({ reports: 2, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
  });
  afterEach(() => bed.stop());

  it('rejects a rindegastos voucher whose accounts are not mapped in Centralización, naming each line', async () => {
    const rejections = await rejectionsOf(
      bed.ledger.posting.submit(COMPANY, draft(BALANCED_UNMAPPED), { idempotencyKey: 'k1' }),
    );
    const hook = rejections.filter((r) => r.code === 'hook_rejected');
    expect(hook.map((r) => r.lineIndex)).to.deep.equal([0, 1]);
    expect(hook[0].message).to.match(
      /Línea 1: la cuenta 4110206001 no está asignada en Contabilidad › Contabilidad › Rindegastos › Configuración › Centralización/,
    );
  });

  it('lets the same voucher through once its accounts are mapped, and never judges other sources', async () => {
    const list = await bed.ok<{ items: { id: number; remoteKey: string }[] }>('mappings.list', {
      params: { kind: 'categories' },
    });
    await bed.ok('mappings.put', {
      params: { kind: 'categories', id: String(list.items[0].id) },
      body: { debitAccount: '4110206001', creditAccount: '2110701001' },
    });
    const posted = await bed.ledger.posting.submit(COMPANY, draft(BALANCED_UNMAPPED), {
      idempotencyKey: 'k2',
    });
    expect(posted.status).to.equal('posted');
    const manual = await bed.ledger.posting.submit(
      COMPANY,
      draft([{ ...BALANCED_UNMAPPED[0], accountCode: '4110207001' }, BALANCED_UNMAPPED[1]], 'manual'),
      { idempotencyKey: 'k3' },
    );
    expect(manual.status).to.equal('posted');
  });

  it('rejects a mapped account that was deactivated in the chart after mapping', async () => {
    const list = await bed.ok<{ items: { id: number }[] }>('mappings.list', {
      params: { kind: 'categories' },
    });
    await bed.ok('mappings.put', {
      params: { kind: 'categories', id: String(list.items[0].id) },
      body: { debitAccount: '4110206001', creditAccount: '2110701001' },
    });
    await bed.ledger.updateAccount(COMPANY, '4110206001', { active: false });
    const rejections = await rejectionsOf(
      bed.ledger.posting.submit(COMPANY, draft(BALANCED_UNMAPPED), { idempotencyKey: 'k4' }),
    );
    expect(rejections.some((r) => r.code === 'hook_rejected' && /inactiva/.test(r.message))).to.equal(true);
  });

  it('stops checking once the plugin stops', async () => {
    await bed.stop();
    const posted = await bed.ledger.posting.submit(COMPANY, draft(BALANCED_UNMAPPED), {
      idempotencyKey: 'k5',
    });
    expect(posted.status).to.equal('posted');
    bed = await startPostingBed(suite.db, sandbox());
  });
});

forEachDatabase('Informes over HTTP routes', (suite) => {
  const sandbox = useSandbox({ reports: 12, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await bed.ok('settings.put', { body: { importFrom: '2025-01-01' } });
    await bed.sync();
  });
  afterEach(() => bed.stop());

  type Page = {
    items: { id: number; number: string; closeDate: string; posted: boolean; employeeName: string }[];
    total: number;
  };

  it('lists imported reports newest first, paged, and filters by date, posted and free text', async () => {
    const all = await bed.ok<Page>('reports.list', { query: { pageSize: '5' } });
    expect(all.items).to.have.length(5);
    expect(all.total).to.be.greaterThan(5);
    const dates = all.items.map((r) => r.closeDate);
    expect([...dates].sort().reverse()).to.deep.equal(dates);

    const page2 = await bed.ok<Page>('reports.list', { query: { pageSize: '5', page: '2' } });
    expect(page2.items.map((r) => r.id)).to.not.include.members(all.items.map((r) => r.id));

    const june = await bed.ok<Page>('reports.list', { query: { from: '2025-06-01', to: '2025-06-30' } });
    expect(june.items.map((r) => r.id)).to.include(13421804);
    expect(june.items.every((r) => r.closeDate >= '2025-06-01' && r.closeDate <= '2025-06-30')).to.equal(
      true,
    );

    expect(
      (await bed.ok<Page>('reports.list', { query: { q: '8842' } })).items.map((r) => r.id),
    ).to.deep.equal([13421804]);
    expect(
      (await bed.ok<Page>('reports.list', { query: { q: 'olivares' } })).items.map((r) => r.id),
    ).to.include(13421804);
    expect(
      (await bed.ok<Page>('reports.list', { query: { q: '13421804' } })).items.map((r) => r.id),
    ).to.deep.equal([13421804]);
    expect((await bed.ok<Page>('reports.list', { query: { posted: 'yes' } })).total).to.equal(0);
    expect((await bed.ok<Page>('reports.list', { query: { posted: 'no' } })).total).to.equal(all.total);
  });

  it('rejects malformed filters and unknown parameters with field-level messages', async () => {
    const res = await bed.call('reports.list', { query: { from: '20-06-2025', colour: 'red' } });
    expect(res.status).to.equal(400);
    const fields = (
      res.body as { error: { details: { fields: { field: string }[] } } }
    ).error.details.fields.map((f) => f.field);
    expect(fields).to.include.members(['query.from', 'query.colour']);
  });

  it('shows a report not yet posted with its expenses, its open issues and a preview of the voucher', async () => {
    const detail = await bed.ok<{
      expenses: unknown[];
      issues: unknown[];
      vouchers: unknown[];
      preview: { ok: boolean };
    }>('reports.get', { params: { id: '13421804' } });
    expect(detail.expenses).to.have.length(3);
    expect(detail.vouchers).to.deep.equal([]);
    expect(detail.preview.ok).to.equal(false);
    expect(detail.issues.length).to.be.greaterThan(0);
    expect((await bed.call('reports.get', { params: { id: '999' } })).status).to.equal(404);
  });

  it('records the sync run with its counts, and /status shows it', async () => {
    const status = await bed.ok<{
      lastSync: { status: string; counts: Record<string, number> };
      openIssues: { reports: number };
    }>('status.get');
    expect(status.lastSync.status).to.be.oneOf(['succeeded', 'partial']);
    expect(status.lastSync.counts.fetched).to.be.greaterThan(0);
    expect(status.openIssues.reports).to.be.greaterThan(0);
  });
});
