import { expect } from 'chai';
import fc from 'fast-check';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, mapEverything, startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Run = { status: string; counts: Record<string, number> };

// NOTE: a malformed IssueDate is left out: the voucher date comes from the report, and the builder
// only needs an expense's own date on some documents, so a bad one need not block.
/** One malformed field of one expense, as Rindegastos might send it. */
type Corruption = { field: 'Total' | 'Currency'; value: unknown };

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    field: fc.constant('Total' as const),
    value: fc.oneof(
      fc.constant(null),
      fc.string({ minLength: 1, maxLength: 6 }).map((s) => `x${s}`),
      fc.constant({}),
    ),
  }),
  fc.record({
    field: fc.constant('Currency' as const),
    value: fc.oneof(fc.constantFrom('ZZZ', 'Q', ''), fc.integer()),
  }),
);

forEachDatabase('reliability: garbage in from Rindegastos', (suite) => {
  const sandbox = useSandbox({ reports: 20, expensesPerReport: 2 });
  let bed: PostingBed;
  afterEach(() => bed.stop());

  it('gives typed issues on the malformed reports, posts the others, and never an unbalanced or partial voucher', async function () {
    this.timeout(120_000);
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await mapEverything(bed);
    await bed.sync();
    const expenses: { remote_id: unknown; report_id: unknown }[] = await suite
      .db('rg_expenses')
      .where('company_id', COMPANY)
      .orderBy('remote_id')
      .select('remote_id', 'report_id');
    const reportIds = [...new Set(expenses.map((e) => Number(e.report_id)))];
    // One malformed field on the first expense of every other report, generated with a fixed seed.
    const targets = reportIds.filter((_, i) => i % 2 === 0);
    const generated = fc.sample(corruption, { numRuns: targets.length, seed: 424242 });
    const injected = targets.map((reportId, i) => {
      const expenseId = Number(expenses.find((e) => Number(e.report_id) === reportId)!.remote_id);
      sandbox().updateExpense('demo', expenseId, { [generated[i].field]: generated[i].value } as never);
      return { reportId, expenseId, ...generated[i] };
    });
    const stored = (await bed.sync()) as unknown as Run;
    expect(stored.status).to.not.equal('failed');
    await bed.ok('settings.put', { body: { autoPost: true } });
    const run = (await bed.sync()) as unknown as Run;
    expect(run.status).to.not.equal('failed');

    const states = new Map(
      (await suite.db('rg_reports').where('company_id', COMPANY).select('remote_id', 'state')).map(
        (r: { remote_id: unknown; state: string }) => [Number(r.remote_id), r.state],
      ),
    );
    const issues: { report_id: unknown; code: string }[] = await suite
      .db('rg_report_issues')
      .where('company_id', COMPANY)
      .whereNull('resolved_at')
      .select('report_id', 'code');
    const vouchers = (await bed.ledger.listVouchers(COMPANY, { source: 'rindegastos' })).filter(
      (v) => v.status === 'posted',
    );
    const codes = [...new Set(issues.map((i) => i.code))].sort();
    console.log(
      `      injected: ${injected.length} malformed fields (${injected.map((c) => `${c.field}=${JSON.stringify(c.value)}`).join(', ')}); verified: ${injected.filter((c) => states.get(c.reportId) === 'blocked').length} blocked with issues ${codes.join(', ')}, ${[...states.values()].filter((s) => s === 'posted').length} others posted in ${vouchers.length} balanced vouchers`,
    );
    for (const c of injected) {
      expect(
        states.get(c.reportId),
        `report ${c.reportId} with ${c.field}=${JSON.stringify(c.value)}`,
      ).to.equal('blocked');
      expect(issues.some((i) => Number(i.report_id) === c.reportId)).to.equal(true);
    }
    const clean = reportIds.filter((id) => !targets.includes(id));
    for (const id of clean) expect(states.get(id), `report ${id}`).to.be.oneOf(['posted', 'blocked']);
    expect(clean.filter((id) => states.get(id) === 'posted').length).to.be.greaterThan(0);
    for (const v of vouchers) {
      const debit = v.lines.reduce((sum, l) => sum + l.debit, 0);
      const credit = v.lines.reduce((sum, l) => sum + l.credit, 0);
      expect(debit, `voucher ${v.number}`).to.equal(credit).and.be.greaterThan(0);
    }
    expect(vouchers.length).to.equal([...states.values()].filter((s) => s === 'posted').length);
  });
});
