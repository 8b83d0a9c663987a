import { expect } from 'chai';
import { createContainer } from '../../../plugin/di/container';
import { SyncRunRepository, type SyncProblem } from '../../../plugin/sync/SyncRunRepository';
import { forEachDatabase } from '../../support/databases';
import { FixedClock, testHost } from '../../support/testHost';

forEachDatabase('SyncRunRepository', (suite) => {
  let clock: FixedClock;
  let runs: SyncRunRepository;

  beforeEach(() => {
    clock = new FixedClock();
    runs = createContainer(testHost({ db: suite.db, clock })).resolve(SyncRunRepository);
  });

  it('starts a running run with nothing counted yet', async () => {
    const run = await runs.start('c1', 'manual');
    expect(run).to.deep.include({
      companyId: 'c1',
      trigger: 'manual',
      status: 'running',
      counts: {},
      problems: [],
      progress: null,
      error: null,
      startedAt: '2026-11-28T12:00:00.000Z',
      finishedAt: null,
      durationMs: null,
    });
    expect(run.id).to.be.a('number');
    expect(await runs.get('c1', run.id)).to.deep.equal(run);
  });

  it('records progress while running and the outcome once finished', async () => {
    const run = await runs.start('c1', 'scheduled');
    expect(
      await runs.updateProgress('c1', run.id, { phase: 'import', done: 100, total: 250 }, { new: 90 }),
    ).to.equal(true);
    expect((await runs.get('c1', run.id))!).to.deep.include({
      progress: { phase: 'import', done: 100, total: 250 },
      counts: { new: 90 },
    });

    clock.advance(12_500);
    const problems: SyncProblem[] = [
      { code: 'posting_failed', message: 'El periodo 2025-06 está cerrado.', reportId: 7 },
    ];
    const finished = await runs.finish('c1', run.id, {
      status: 'partial',
      counts: { new: 240, unchanged: 10, posted: 239, failed: 1 },
      problems,
    });
    expect(finished).to.deep.include({
      status: 'partial',
      counts: { new: 240, unchanged: 10, posted: 239, failed: 1 },
      problems,
      finishedAt: '2026-11-28T12:00:12.500Z',
      durationMs: 12_500,
    });
  });

  it('finishes a run once, and ignores progress after it finished', async () => {
    const run = await runs.start('c1', 'cli');
    await runs.finish('c1', run.id, { status: 'failed', counts: {}, error: 'Rindegastos rechazó el token.' });
    expect(await runs.finish('c1', run.id, { status: 'succeeded', counts: {} })).to.equal(null);
    expect(await runs.updateProgress('c1', run.id, { phase: 'post', done: 1, total: 1 })).to.equal(false);
    expect((await runs.get('c1', run.id))!).to.deep.include({
      status: 'failed',
      error: 'Rindegastos rechazó el token.',
    });
  });

  it('keeps a bounded number of problems and says how many more there were', async () => {
    const run = await runs.start('c1', 'manual');
    const problems = Array.from({ length: 1500 }, (_, i) => ({
      code: 'x',
      message: `problema ${i}`,
      reportId: i,
    }));
    const finished = (await runs.finish('c1', run.id, { status: 'partial', counts: {}, problems }))!;
    expect(finished.problems).to.have.length(1000);
    expect(finished.problems[999]).to.deep.equal({
      code: 'more_problems',
      message: '… y 501 problemas más.',
    });
  });

  it('gives the latest runs of the company only', async () => {
    const first = await runs.start('c1', 'scheduled');
    clock.advance(1000);
    await runs.start('c2', 'manual');
    clock.advance(1000);
    const second = await runs.start('c1', 'manual');
    expect((await runs.latest('c1'))!.id).to.equal(second.id);
    expect((await runs.list('c1')).map((r) => r.id)).to.deep.equal([second.id, first.id]);
    expect(await runs.latest('c3')).to.equal(null);
    expect(await runs.get('c2', first.id)).to.equal(null);
  });

  it('closes as interrupted, with what they had done, the runs a dead process left running', async () => {
    const stale = await runs.start('c1', 'scheduled');
    await runs.updateProgress('c1', stale.id, { phase: 'import', done: 40, total: null }, { fetched: 40 });
    const other = await runs.start('c2', 'scheduled');
    const closed = await runs.interruptRunning(
      'c1',
      'El proceso que la ejecutaba se detuvo.',
      (counts) => `leídas ${counts.fetched}`,
    );
    expect(closed).to.equal(1);
    const after = (await runs.get('c1', stale.id))!;
    expect(after).to.deep.include({ status: 'interrupted', error: 'El proceso que la ejecutaba se detuvo.' });
    expect(after.counts).to.deep.equal({ fetched: 40 });
    expect(after.progress).to.deep.equal({ phase: 'done', done: 40, total: null, summary: 'leídas 40' });
    expect((await runs.get('c2', other.id))!.status).to.equal('running');
  });
});
