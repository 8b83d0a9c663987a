import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, mapEverything, startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Run = { id: number; status: string; counts: Record<string, number>; error: string | null };

forEachDatabase('the sync reads its to-do from the database', (suite) => {
  const sandbox = useSandbox({ reports: 12, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
    await bed.sync(); // brings the configuration to map
    await mapEverything(bed);
  });
  afterEach(() => bed.stop());

  const states = async () => {
    const rows: { remote_id: unknown; state: string }[] = await suite
      .db('rg_reports')
      .where('company_id', COMPANY)
      .select('remote_id', 'state');
    return new Map(rows.map((r) => [Number(r.remote_id), r.state]));
  };
  const countIn = (m: Map<number, string>, state: string) =>
    [...m.values()].filter((s) => s === state).length;

  it('evaluates and posts the reports a crashed run left imported, and closes that run as interrupted', async () => {
    await bed.sync();
    const evaluated = await states();
    const ready = countIn(evaluated, 'ready');
    expect(ready, 'reports that build').to.be.greaterThan(0);
    // What a kill -9 between storing and evaluating leaves: reports stored, still `imported`,
    // unchanged in Rindegastos, and a run that says `running` forever.
    await suite.db('rg_reports').where('company_id', COMPANY).update({ state: 'imported' });
    const [deadId] = await suite.db('rg_sync_runs').insert({
      company_id: COMPANY,
      trigger_kind: 'scheduled',
      status: 'running',
      counts_json: JSON.stringify({ fetched: 12 }),
      problems_json: '[]',
      progress_json: JSON.stringify({ phase: 'import', done: 12, total: null }),
      error: null,
      started_at: bed.host.clock.now().toISOString(),
      finished_at: null,
    });
    // "Centralizar automáticamente" saved by the process that died: its re-evaluation never ran.
    await suite.db('rg_settings').insert({
      company_id: COMPANY,
      key: 'autoPost',
      value_json: 'true',
      updated_by: 'u-admin',
      updated_at: bed.host.clock.now().toISOString(),
    });
    const run = (await bed.sync()) as unknown as Run;

    const after = await states();
    console.log(
      `      injected: ${evaluated.size} reports back to imported, 1 run left running; verified: ${countIn(after, 'posted')} posted (of ${ready} that build), ${countIn(after, 'imported')} imported, ${countIn(after, 'ready')} ready`,
    );
    expect(run.counts.unchanged, JSON.stringify(run.counts)).to.equal(evaluated.size);
    expect(countIn(after, 'posted')).to.equal(ready);
    expect(countIn(after, 'imported') + countIn(after, 'ready')).to.equal(0);
    const dead = await suite
      .db('rg_sync_runs')
      .where({ id: Number(deadId) })
      .first();
    expect(dead.status).to.equal('interrupted');
    expect(dead.error).to.match(/se detuvo antes de terminar/);
    expect(JSON.parse(dead.progress_json).summary).to.match(
      /^Sincronización interrumpida: .*12 rendiciones leídas\.$/,
    );
    expect(JSON.parse(dead.counts_json)).to.deep.equal({ fetched: 12 });
  });

  it('posts a backlog in voucher-date order', async () => {
    await bed.ok('settings.put', { body: { autoPost: true } });
    await bed.sync();
    const vouchers = (await bed.ledger.listVouchers(COMPANY, { source: 'rindegastos' })).sort(
      (a, b) => a.fiscalYear - b.fiscalYear || a.number - b.number,
    );
    const dates = vouchers.map((v) => v.date);
    expect(new Set(dates).size, 'distinct voucher dates').to.be.greaterThan(1);
    expect(dates).to.deep.equal([...dates].sort());
  });

  it('makes an ERP refusal an open issue with its reason, retries it with backoff, and resolves it once it posts', async () => {
    await bed.sync();
    const ready = await suite
      .db('rg_reports')
      .where({ company_id: COMPANY, state: 'ready' })
      .orderBy('remote_id')
      .first('remote_id', 'close_date');
    const period = String(ready.close_date).slice(0, 7);
    // A refusal only the ERP knows of (the plugin names a closed period before posting): its own
    // rule in the posting pipeline's validate stage.
    const unhook = bed.ledger.posting.registerHook({
      name: 'erp-period-lock',
      async validate({ draft }) {
        return draft.date.startsWith(period)
          ? [{ code: 'closed_period', message: `El período ${period} está en proceso de cierre en el ERP` }]
          : [];
      },
    });
    await bed.ok('settings.put', { body: { autoPost: true } });
    let run = (await bed.sync()) as unknown as Run;
    expect(run.counts.failed).to.be.greaterThan(0);
    const failedId = Number(ready.remote_id);
    expect((await states()).get(failedId)).to.equal('failed');

    const issues = await bed.ok<{ groups: { code: string; message: string; reports: { id: number }[] }[] }>(
      'issues.list',
    );
    const refusal = issues.groups.find(
      (g) => g.code === 'posting_rejected' && g.reports.some((r) => r.id === failedId),
    );
    expect(refusal, JSON.stringify(issues.groups)).to.not.equal(undefined);
    expect(refusal!.message).to.include(`El ERP rechazó el comprobante`).and.include(period);
    const status = await bed.ok<{ openIssues: { reports: number } }>('status.get');
    expect(status.openIssues.reports).to.be.greaterThan(0);

    // Before the backoff has passed, a run does not try again.
    run = (await bed.sync()) as unknown as Run;
    expect(run.counts.failed).to.equal(0);
    const attempts = await suite
      .db('rg_reports')
      .where({ company_id: COMPANY, remote_id: failedId })
      .first('post_attempts');
    expect(Number(attempts.post_attempts)).to.equal(1);

    unhook();
    bed.host.clock.advance(2 * 60 * 60_000);
    run = (await bed.sync()) as unknown as Run;
    expect(run.counts.posted).to.be.greaterThan(0);
    expect((await states()).get(failedId)).to.equal('posted');
    const after = await bed.ok<{ groups: { code: string }[] }>('issues.list');
    expect(after.groups.filter((g) => g.code === 'posting_rejected')).to.deep.equal([]);
  });

  it('leaves a company to the process holding its lease, and takes over once that lease expires', async () => {
    const now = bed.host.clock.now().getTime();
    await suite.db('rg_leases').insert({
      company_id: COMPANY,
      holder: 'other-host:1234:x',
      expires_at: new Date(now + 60_000).toISOString(),
    });
    const busy = await bed.call('sync.run');
    expect(busy.status).to.equal(409);
    expect(JSON.stringify(busy.body)).to.include('en curso en otro proceso');

    bed.host.clock.advance(61_000);
    const run = (await bed.sync()) as unknown as Run;
    expect(run.status).to.be.oneOf(['succeeded', 'partial']);
    expect(await suite.db('rg_leases').where('company_id', COMPANY).first()).to.equal(undefined);
  });

  it('stops a run whose lease another process took, before its next write, as interrupted', async () => {
    sandbox().setFaults({ rate: 1, kinds: ['latency'], latencyMs: 30 });
    const { run } = await bed.ok<{ run: Run }>('sync.run');
    await suite.db('rg_leases').where('company_id', COMPANY).update({ holder: 'thief:1:y' });
    bed.host.clock.advance(30_000);
    let current: Run;
    for (;;) {
      ({ run: current } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(run.id) } }));
      if (current.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    sandbox().setFaults(null);
    expect(current.status).to.equal('interrupted');
    expect(current.error).to.include('otro proceso tomó la sincronización');
    expect((await suite.db('rg_leases').where('company_id', COMPANY).first()).holder).to.equal('thief:1:y');
  });
});
