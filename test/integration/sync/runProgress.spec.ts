import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Run = {
  id: number;
  status: string;
  counts: Record<string, number>;
  progress: { phase: string; done: number; total: number | null; summary?: string } | null;
};

forEachDatabase('a finished sync run', (suite) => {
  const sandbox = useSandbox({ reports: 8, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
  });
  afterEach(() => bed.stop());

  it('says in its progress that it finished and what it did, in GET /sync/runs/{id} and /status', async () => {
    const finished = (await bed.sync()) as unknown as Run;
    expect(finished.status).to.be.oneOf(['succeeded', 'partial']);
    const { fetched, blocked } = finished.counts;
    expect(fetched).to.be.greaterThan(0);

    const { run } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(finished.id) } });
    expect(run.progress).to.deep.include({ phase: 'done', done: fetched, total: fetched });
    expect(run.progress!.summary).to.match(/^Sincronización terminada/);
    expect(run.progress!.summary).to.include(`${fetched} rendiciones leídas`);
    expect(run.progress!.summary).to.include(`${blocked} bloqueada`);

    const status = await bed.ok<{ lastSync: Run }>('status.get');
    expect(status.lastSync.id).to.equal(run.id);
    expect(status.lastSync.progress).to.deep.equal(run.progress);
  });

  it('says a failed run finished too, why it failed and what it managed to do', async () => {
    sandbox().issueToken('demo');
    const failed = (await bed.sync()) as unknown as Run;
    expect(failed.status).to.equal('failed');
    const { run } = await bed.ok<{ run: Run }>('sync.runs.get', { params: { id: String(failed.id) } });
    expect(run.progress).to.deep.include({ phase: 'done', done: 0, total: 0 });
    expect(run.progress!.summary).to.match(
      /^Sincronización fallida: .+ Alcanzó a hacer: 0 rendiciones leídas\.$/,
    );
  });
});
