import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { startPostingBed, type PostingBed, mapItem } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

const WORKED_REPORT = 13421804;
/** The worked example's Alimentación boleta ($18.500). */
const MEAL_EXPENSE = 75528979;

interface Detail {
  report: { state: string };
  issues: { code: string; message: string }[];
  vouchers: { lines: { debit: number }[] }[];
}

forEachDatabase('a posted report that changes in Rindegastos', (suite) => {
  const sandbox = useSandbox({ reports: 4, expensesPerReport: 2 });
  let bed: PostingBed;

  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await bed.ok('catalog.import');
    await bed.ok('settings.put', {
      body: { ivaCreditAccount: '1110601001', retentionAccount: '2110501002', importFrom: '2025-01-01' },
    });
    await mapItem(bed, 'invoice-categories', 'Combustible', {
      debitAccount: '4110201002',
      creditAccount: '2110701001',
    });
    await mapItem(bed, 'categories', 'Alimentación', {
      debitAccount: '4110205001',
      creditAccount: '2110701001',
    });
    await mapItem(bed, 'cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
    await bed.sync();
    expect((await bed.call('reports.post', { params: { id: String(WORKED_REPORT) } })).status).to.equal(201);
    // Rindegastos reopens the report (its integration mark is gone) and an amount changes.
    sandbox().clearMarks('demo');
    sandbox().updateExpense('demo', MEAL_EXPENSE, { Total: 20000, Net: 20000 });
  });
  afterEach(() => bed.stop());

  it('keeps the voucher and opens an issue naming what changed, until the voucher is eliminated', async () => {
    await bed.sync();
    const detail = await bed.ok<Detail>('reports.get', { params: { id: String(WORKED_REPORT) } });
    expect(detail.report.state).to.equal('posted');
    expect(detail.vouchers).to.have.length(1);
    const issue = detail.issues.find((i) => i.code === 'changed_after_posting');
    expect(issue?.message).to.match(
      /^El informe N° 8842 cambió en Rindegastos después de centralizado \(TRASPASO N° \d+\): el total aprobado pasó de \$78\.000 a \$79\.500\. El comprobante no se modificó: elimínelo y vuelva a centralizar/,
    );
    const grouped = await bed.ok<{ groups: { code: string; reports: { id: number }[] }[] }>('issues.list');
    expect(
      grouped.groups.find((g) => g.code === 'changed_after_posting')?.reports.map((r) => r.id),
    ).to.deep.equal([WORKED_REPORT]);

    // A second sync of the same change keeps one issue, not two.
    sandbox().clearMarks('demo');
    await bed.sync();
    const again = await bed.ok<Detail>('reports.get', { params: { id: String(WORKED_REPORT) } });
    expect(again.issues.filter((i) => i.code === 'changed_after_posting')).to.have.length(1);

    await bed.ok('reports.reverse', { params: { id: String(WORKED_REPORT) }, body: {} });
    const reversed = await bed.ok<Detail>('reports.get', { params: { id: String(WORKED_REPORT) } });
    expect(reversed.issues.filter((i) => i.code === 'changed_after_posting')).to.deep.equal([]);
  });

  it('reverses and posts it again with the new amounts when "recentralizar" is on', async () => {
    await bed.ok('settings.put', { body: { repostOnChange: true } });
    await bed.sync();
    const detail = await bed.ok<Detail>('reports.get', {
      params: { id: String(WORKED_REPORT) },
    });
    expect(detail.report.state).to.equal('posted');
    expect(detail.issues.filter((i) => i.code === 'changed_after_posting')).to.deep.equal([]);
    const debits = detail.vouchers.flatMap((v) => v.lines.map((l) => l.debit)).reduce((a, b) => a + b, 0);
    expect(debits).to.equal(79500);
  });
});
