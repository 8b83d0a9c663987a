import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Detail = {
  report: { state: string };
  issues: { code: string; message: string; expenseIds: number[] }[];
};

forEachDatabase('bad input from Rindegastos becomes typed issues on its report, never a crash', (suite) => {
  const sandbox = useSandbox({ reports: 4, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await bed.ok('settings.put', { body: { ivaCreditAccount: '1110601001', importFrom: '2025-01-01' } });
  });
  afterEach(() => bed.stop());

  it('stores a report whose expense carries a wrong-typed and a negative amount, blocked with both named', async () => {
    sandbox().updateExpense('demo', 75528397, { Total: '59.500' as unknown as number });
    sandbox().updateExpense('demo', 75528979, { Total: -18500 });
    const run = await bed.sync();
    expect(run.status).to.not.equal('failed');
    const detail = await bed.ok<Detail>('reports.get', { params: { id: '13421804' } });
    expect(detail.report.state).to.equal('blocked');
    const invalid = detail.issues.filter(
      (i) => i.code === 'invalid_amount' || i.code === 'inconsistent_amounts',
    );
    expect(invalid.flatMap((i) => i.expenseIds)).to.include.members([75528397, 75528979]);
    expect(invalid.every((i) => /\d/.test(i.message))).to.equal(true);
    // The other reports were imported as usual.
    expect(run.counts.fetched).to.be.greaterThan(1);
    expect((await bed.ledger.listVouchers('c-andes', { source: 'rindegastos' })).length).to.equal(0);
  });

  it('blocks a report with an invalid employee RUT where the credit account requires an auxiliary', async () => {
    sandbox().updateReport('demo', 13421804, { EmployeeIdentification: '12.345.678-9' });
    for (const [segment, key, body] of [
      ['invoice-categories', 'Combustible', { debitAccount: '4110201002', creditAccount: '2110701001' }],
      ['categories', 'Alimentación', { debitAccount: '4110205001', creditAccount: '2110701001' }],
      ['cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' }],
    ] as const) {
      const list = await bed.ok<{ items: { id: number; remoteKey: string }[] }>('mappings.list', {
        params: { kind: segment },
      });
      await bed.ok('mappings.put', {
        params: { kind: segment, id: String(list.items.find((i) => i.remoteKey === key)!.id) },
        body,
      });
    }
    await bed.sync();
    const detail = await bed.ok<Detail>('reports.get', { params: { id: '13421804' } });
    expect(detail.report.state).to.equal('blocked');
    expect(detail.issues.map((i) => i.code)).to.include('invalid_employee_rut');
    const post = await bed.call('reports.post', { params: { id: '13421804' } });
    expect(post.status).to.equal(422);
    expect((await bed.ledger.listVouchers('c-andes', { source: 'rindegastos' })).length).to.equal(0);
  });
});
