import { expect } from 'chai';
import type { JobOutcome, ScheduledJob } from '../../../plugin/host/Host';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

forEachDatabase('the scheduled sync job', (suite) => {
  const sandbox = useSandbox({ reports: 4, expensesPerReport: 2 });
  let bed: PostingBed;
  let job: ScheduledJob;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox(), 'demo', {
      register(j) {
        job = j;
        return () => undefined;
      },
    });
  });
  afterEach(() => bed.stop());

  const run = async () =>
    (await job.run({ companyId: COMPANY, signal: new AbortController().signal })) as JobOutcome;

  it('is declared and registered, refreshes the configuration, then syncs every interval; a changed interval counts from the next run', async () => {
    expect(job.id).to.equal('rindegastos.sync');
    sandbox().addCategory('demo', 4044, { Name: 'Peajes', AccountCode: '4-1-02-03-09' });
    expect(await job.intervalMs(COMPANY)).to.equal(1_000); // never ran: due now

    const first = await run();
    expect(first.status).to.be.oneOf(['succeeded', 'partial']);
    expect(first.counts.fetched).to.be.greaterThan(0);
    expect(first.summary).to.match(/^Sincronización terminada/);
    const categories = await bed.ok<{ items: { remoteKey: string; name: string }[] }>('mappings.list', {
      params: { kind: 'categories' },
    });
    expect(categories.items.map((i) => i.name)).to.include('Peajes');
    const [{ trigger_kind: trigger }] = await suite.db('rg_sync_runs').orderBy('id', 'desc').limit(1);
    expect(trigger).to.equal('scheduled');

    // 15 minutes by default: not due yet, and the host is asked to check again within a minute.
    expect(await job.intervalMs(COMPANY)).to.equal(60_000);
    expect((await run()).status).to.equal('skipped');

    await bed.ok('settings.put', { body: { syncIntervalMinutes: 1 } });
    bed.host.clock.advance(61_000);
    expect(await job.intervalMs(COMPANY)).to.equal(1_000);
    expect((await run()).status).to.be.oneOf(['succeeded', 'partial']);
  });

  it('skips a company without a valid token; an operator run (manual) reports it as a failed run', async () => {
    await bed.ok('connection.delete');
    const scheduled = await run();
    expect(scheduled.status).to.equal('skipped');
    expect(scheduled.summary).to.include('token');
    const manual = (await job.run({
      companyId: COMPANY,
      signal: new AbortController().signal,
      manual: true,
    })) as JobOutcome;
    expect(manual.status).to.equal('failed');
    expect(manual.summary).to.match(/^Sincronización fallida/);
  });
});
