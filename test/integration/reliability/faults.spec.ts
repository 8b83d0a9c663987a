import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, mapEverything, startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Run = { id: number; status: string; counts: Record<string, number>; error: string | null };

/** What must come out the same whatever the faults: each voucher's content, and the marks in Rindegastos. */
interface Outcome {
  vouchers: string[];
  marked: number[];
}

forEachDatabase('reliability: faults and a revoked token', (suite) => {
  const sandbox = useSandbox({ reports: 30, expensesPerReport: 2 });
  let bed: PostingBed;
  let clean: Outcome | undefined;
  afterEach(() => bed.stop());

  async function prepared(): Promise<PostingBed> {
    sandbox().reset();
    sandbox().setFaults(null);
    bed = await startPostingBed(suite.db, sandbox());
    await mapEverything(bed, { autoPost: true });
    return bed;
  }

  async function left(): Promise<{ reports: number; outbox: number }> {
    const [{ n: reports }] = await suite
      .db('rg_reports')
      .where('company_id', COMPANY)
      .whereIn('state', ['imported', 'ready', 'failed'])
      .count({ n: '*' });
    const [{ n: outbox }] = await suite.db('rg_outbox').whereNull('done_at').count({ n: '*' });
    return { reports: Number(reports), outbox: Number(outbox) };
  }

  /** Syncs until a run imports everything cleanly and nothing is left to do (bounded), letting every backoff pass. */
  async function runToCompletion(max: number): Promise<Run[]> {
    const runs: Run[] = [];
    for (let i = 0; i < max; i++) {
      const run = (await bed.sync()) as unknown as Run;
      runs.push(run);
      const rest = await left();
      if (run.status === 'succeeded' && rest.reports === 0 && rest.outbox === 0) break;
      bed.host.clock.advance(2 * 60 * 60_000);
    }
    return runs;
  }
  let blockedCount = 0;

  async function outcome(): Promise<Outcome> {
    const vouchers = (await bed.ledger.listVouchers(COMPANY, { source: 'rindegastos' }))
      .filter((v) => v.status === 'posted')
      .map((v) =>
        JSON.stringify([v.date, v.type, v.glosa, v.lines.map((l) => [l.accountCode, l.debit, l.credit])]),
      )
      .sort();
    const posted: { remote_id: unknown; posted_voucher_number: string }[] = await suite
      .db('rg_reports')
      .where({ company_id: COMPANY, state: 'posted' })
      .select('remote_id', 'posted_voucher_number');
    const marks = sandbox().listMarks('demo').reports;
    for (const r of posted) {
      const mine = marks.filter((m) => m.Id === Number(r.remote_id));
      expect(mine, `mark of report ${String(r.remote_id)}`).to.have.length(1);
      expect(mine[0]).to.include({ IntegrationStatus: 1, IntegrationCode: r.posted_voucher_number });
    }
    expect(marks.length).to.equal(posted.length);
    return { vouchers, marked: posted.map((r) => Number(r.remote_id)).sort((a, b) => a - b) };
  }

  it('a clean run posts every report that builds (the reference)', async function () {
    this.timeout(120_000);
    await prepared();
    const run = (await bed.sync()) as unknown as Run;
    expect(run.status).to.equal('succeeded');
    clean = await outcome();
    const [{ n }] = await suite
      .db('rg_reports')
      .where({ company_id: COMPANY, state: 'blocked' })
      .count({ n: '*' });
    blockedCount = Number(n);
    console.log(
      `      clean run: ${clean.vouchers.length} vouchers, ${clean.marked.length} reports marked, ${blockedCount} blocked`,
    );
    expect(clean.vouchers.length).to.be.greaterThan(0);
  });

  it('with 25% faults of every kind, runs to completion give the clean run’s ledger and marks, no duplicate', async function () {
    this.timeout(240_000);
    expect(clean, 'the clean run ran first').to.not.equal(undefined);
    await prepared();
    sandbox().setFaults({ rate: 0.25, seed: 11, latencyMs: 30, hangMs: 300, retryAfterSeconds: 1 });
    const runs = await runToCompletion(12);
    const faults = sandbox().faults();
    sandbox().setFaults(null);
    const got = await outcome();
    console.log(
      `      injected: 25% faults of ${faults.kinds.join(', ')} (seed ${faults.seed}); verified after ${runs.length} run(s) (${runs.map((r) => r.status).join(', ')}): ${got.vouchers.length} vouchers and ${got.marked.length} marks, equal to the clean run's ${clean!.vouchers.length} and ${clean!.marked.length}`,
    );
    expect(await left()).to.deep.equal({ reports: 0, outbox: 0 });
    expect(got).to.deep.equal(clean);
  });

  it('a token revoked mid-run stops that company, marks the connection invalid, loses nothing; a new token resumes', async function () {
    this.timeout(120_000);
    expect(clean, 'the clean run ran first').to.not.equal(undefined);
    await prepared();
    sandbox().setFaults({ rate: 1, kinds: ['latency'], latencyMs: 25, seed: 3 });
    const { run } = await bed.ok<{ run: Run }>('sync.run');
    let current: Run = run;
    while (current.status === 'running' && !(current.counts.fetched > 0)) {
      await new Promise((r) => setTimeout(r, 10));
      ({ run: current } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(run.id) } }));
    }
    const newToken = sandbox().issueToken('demo');
    while (current.status === 'running') {
      await new Promise((r) => setTimeout(r, 10));
      ({ run: current } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(run.id) } }));
    }
    sandbox().setFaults(null);
    const [{ n: stored }] = await suite.db('rg_reports').where('company_id', COMPANY).count({ n: '*' });
    const status = await bed.ok<{ connection: { status: string } }>('status.get');
    console.log(
      `      injected: token revoked after ${current.counts.fetched} reports read; verified: run ${current.status} ("${current.error}"), connection ${status.connection.status}, ${Number(stored)} reports kept`,
    );
    expect(current.status).to.equal('failed');
    expect(current.error).to.match(/token/i);
    expect(status.connection.status).to.equal('invalid');
    expect(Number(stored)).to.equal(current.counts.fetched);

    await bed.ok('connection.put', { body: { token: newToken } });
    const resumed = (await bed.sync()) as unknown as Run;
    expect(resumed.status).to.equal('succeeded');
    expect(await outcome()).to.deep.equal(clean);
  });
  it('a token revoked while reports are still being read stops the import, keeps what was stored; a new token resumes', async function () {
    this.timeout(120_000);
    expect(clean, 'the clean run ran first').to.not.equal(undefined);
    await prepared();
    sandbox().setFaults({ rate: 1, kinds: ['latency'], latencyMs: 25, seed: 5 });
    sandbox().resetStats();
    const { run } = await bed.ok<{ run: Run }>('sync.run');
    // Revoke once a few reports' expenses were read: the import is under way, nothing posted yet.
    while ((sandbox().stats().byMethod.getExpenses ?? 0) < 5) await new Promise((r) => setTimeout(r, 5));
    const readBefore = sandbox().stats().byMethod.getExpenses ?? 0;
    const newToken = sandbox().issueToken('demo');
    let current = run;
    while (current.status === 'running') {
      await new Promise((r) => setTimeout(r, 10));
      ({ run: current } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(run.id) } }));
    }
    sandbox().setFaults(null);
    const [{ n: stored }] = await suite.db('rg_reports').where('company_id', COMPANY).count({ n: '*' });
    const vouchers = await bed.ledger.listVouchers(COMPANY, { source: 'rindegastos' });
    const status = await bed.ok<{ connection: { status: string } }>('status.get');
    console.log(
      `      injected: token revoked after ${readBefore} expense reads (import under way); verified: run ${current.status}, connection ${status.connection.status}, ${Number(stored)} reports stored, ${vouchers.length} vouchers`,
    );
    expect(current.status).to.equal('failed');
    expect(current.error).to.match(/token/i);
    expect(status.connection.status).to.equal('invalid');
    expect(Number(stored)).to.equal(current.counts.fetched ?? 0);

    await bed.ok('connection.put', { body: { token: newToken } });
    const resumed = (await bed.sync()) as unknown as Run;
    expect(resumed.status).to.equal('succeeded');
    expect(await outcome()).to.deep.equal(clean);
  });
});
