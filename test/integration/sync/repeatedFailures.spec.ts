import { expect } from 'chai';
import { SyncService } from '../../../plugin/sync/SyncService';
import { COMPANY, connect, createTestbed, type Testbed } from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

forEachDatabase('a sync that keeps failing does not flood the log', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
    await connect(bed);
  });

  async function syncOnce() {
    await bed.container.resolve(SyncService).runNow(COMPANY, 'scheduled');
  }

  const linesOf = (msg: string) =>
    bed.host.logger.lines
      .filter((l) => l.msg === msg)
      .map((l) => (l.obj as { occurrences?: number }).occurrences);

  it('logs the same failure once with a count, reminds at 10, and says when it recovers', async () => {
    bed.fake.networkDown = true;
    for (let i = 0; i < 12; i++) await syncOnce();
    expect((await suite.db('rg_sync_runs').where({ status: 'failed' })).length).to.equal(12);
    expect(linesOf('sync failed')).to.deep.equal([1]);
    expect(linesOf('sync failed (still failing)')).to.deep.equal([10]);

    bed.fake.networkDown = false;
    await syncOnce();
    expect(linesOf('sync failed: recovered')).to.deep.equal([12]);
    // The next failure is news again.
    bed.fake.networkDown = true;
    await syncOnce();
    expect(linesOf('sync failed')).to.deep.equal([1, 1]);
  });
});
