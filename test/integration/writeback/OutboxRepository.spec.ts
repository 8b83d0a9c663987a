import { expect } from 'chai';
import knex, { type Knex } from 'knex';
import { createContainer } from '../../../plugin/di/container';
import { OutboxRepository, type NewOutboxItem } from '../../../plugin/writeback/OutboxRepository';
import { forEachDatabase } from '../../support/databases';
import { FixedClock, testHost } from '../../support/testHost';

const NOW = new Date('2026-11-28T12:00:00.000Z');

function mark(overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  return {
    companyId: 'c1',
    kind: 'report_integration',
    targetId: 13421804,
    reportId: 13421804,
    payload: { IntegrationStatus: 1, IntegrationCode: '812', postingId: 1 },
    ...overrides,
  };
}

forEachDatabase('OutboxRepository', (suite) => {
  let clock: FixedClock;
  let outbox: OutboxRepository;

  function repoOn(db: Knex): OutboxRepository {
    return createContainer(testHost({ db, clock })).resolve(OutboxRepository);
  }

  beforeEach(() => {
    clock = new FixedClock(new Date(NOW));
    outbox = repoOn(suite.db);
  });

  describe('enqueue', () => {
    it('queues a write-back due now', async () => {
      const { item, created } = await outbox.enqueue(mark());
      expect(created).to.equal(true);
      expect(item).to.deep.include({
        companyId: 'c1',
        kind: 'report_integration',
        targetId: 13421804,
        reportId: 13421804,
        payload: { IntegrationCode: '812', IntegrationStatus: 1, postingId: 1 },
        attempts: 0,
        nextAttemptAt: NOW.toISOString(),
        doneAt: null,
        claimToken: null,
      });
    });

    it('never queues the same write-back twice, whatever the key order of its payload', async () => {
      const first = await outbox.enqueue(mark());
      await outbox.markDone('c1', first.item.id);
      const again = await outbox.enqueue(
        mark({ payload: { postingId: 1, IntegrationCode: '812', IntegrationStatus: 1 } }),
      );
      expect(again.created).to.equal(false);
      expect(again.item.id).to.equal(first.item.id);
      const [{ n }] = await suite.db('rg_outbox').count({ n: '*' });
      expect(Number(n)).to.equal(1);
    });

    it('queues separately what differs in payload, target, kind or company', async () => {
      const items = [
        mark(),
        mark({ payload: { IntegrationStatus: 0, IntegrationCode: '', postingId: 1 } }),
        mark({ targetId: 75528397, kind: 'expense_integration' }),
        mark({ kind: 'expense_integration' }),
        mark({ companyId: 'c2' }),
      ];
      for (const item of items) expect((await outbox.enqueue(item)).created).to.equal(true);
    });

    it('leaves nothing queued when the caller transaction rolls back', async () => {
      try {
        await suite.db.transaction(async (trx) => {
          await outbox.enqueue(mark(), trx);
          throw new Error('posting failed');
        });
      } catch {
        // expected
      }
      expect(await outbox.due('c1', NOW, 10)).to.deep.equal([]);
    });
  });

  describe('enqueueMany', () => {
    it('queues every write-back once, skipping what is already queued or listed twice', async () => {
      const already = await outbox.enqueue(mark({ kind: 'expense_integration', targetId: 2 }));
      const created = await outbox.enqueueMany([
        mark(),
        mark({ kind: 'expense_integration', targetId: 1 }),
        mark({ kind: 'expense_integration', targetId: 2 }),
        mark({
          kind: 'expense_integration',
          targetId: 1,
          payload: { postingId: 1, IntegrationCode: '812', IntegrationStatus: 1 },
        }),
        mark({
          kind: 'expense_integration',
          targetId: 3,
          payload: { IntegrationStatus: 0, IntegrationCode: '' },
        }),
      ]);
      expect(created).to.equal(3);
      const due = await outbox.due('c1', NOW, 10);
      expect(due.map((i) => `${i.kind}:${i.targetId}`)).to.have.members([
        'report_integration:13421804',
        'expense_integration:1',
        'expense_integration:2',
        'expense_integration:3',
      ]);
      expect(due.find((i) => i.targetId === 2)?.id).to.equal(already.item.id);
      expect(due.find((i) => i.targetId === 3)).to.deep.include({
        payload: { IntegrationCode: '', IntegrationStatus: 0 },
        attempts: 0,
        nextAttemptAt: NOW.toISOString(),
      });
      expect(await outbox.enqueueMany([mark(), mark({ kind: 'expense_integration', targetId: 1 })])).to.equal(
        0,
      );
    });

    it('leaves nothing queued when the caller transaction rolls back', async () => {
      try {
        await suite.db.transaction(async (trx) => {
          await outbox.enqueueMany([mark(), mark({ kind: 'expense_integration', targetId: 1 })], trx);
          throw new Error('posting failed');
        });
      } catch {
        // expected
      }
      expect(await outbox.due('c1', NOW, 10)).to.deep.equal([]);
    });
  });

  describe('draining', () => {
    it('lists due items oldest first, per company or for all companies', async () => {
      await outbox.enqueue(mark({ targetId: 1 }));
      clock.advance(1000);
      await outbox.enqueue(mark({ targetId: 2, companyId: 'c2' }));
      await outbox.enqueue(mark({ targetId: 3 }));
      const later = new Date(NOW.getTime() + 5000);
      expect((await outbox.due('c1', later, 10)).map((i) => i.targetId)).to.deep.equal([1, 3]);
      expect((await outbox.due(undefined, later, 10)).map((i) => i.targetId)).to.deep.equal([1, 2, 3]);
      expect((await outbox.due(undefined, later, 2)).map((i) => i.targetId)).to.deep.equal([1, 2]);
      expect((await outbox.due(undefined, NOW, 10)).map((i) => i.targetId)).to.deep.equal([1]);
    });

    it('counts the failed attempt, keeps the error, and waits until the next attempt is due', async () => {
      const { item } = await outbox.enqueue(mark());
      const [claimed] = await outbox.claim({ now: NOW, limit: 10, leaseMs: 60_000 });
      const retryAt = new Date(NOW.getTime() + 30_000);
      expect(await outbox.markFailed('c1', claimed.id, 'Rindegastos respondió 503', retryAt)).to.equal(true);

      expect(await outbox.due('c1', new Date(NOW.getTime() + 29_999), 10)).to.deep.equal([]);
      const [due] = await outbox.due('c1', retryAt, 10);
      expect(due).to.deep.include({
        id: item.id,
        attempts: 1,
        lastError: 'Rindegastos respondió 503',
        nextAttemptAt: retryAt.toISOString(),
        claimToken: null,
        claimedUntil: null,
      });
      await outbox.markFailed('c1', item.id, 'otra vez', retryAt);
      expect((await outbox.pendingOf('c1', 13421804))[0].attempts).to.equal(2);
    });

    it('marks an item done once, and done items are no longer pending or due', async () => {
      const { item } = await outbox.enqueue(mark());
      await outbox.enqueue(mark({ kind: 'expense_integration', targetId: 75528397 }));
      expect(await outbox.markDone('c1', item.id)).to.equal(true);
      expect(await outbox.markDone('c1', item.id)).to.equal(false);
      expect(await outbox.markFailed('c1', item.id, 'tarde', NOW)).to.equal(false);
      expect((await outbox.pendingOf('c1', 13421804)).map((i) => i.targetId)).to.deep.equal([75528397]);
      expect((await outbox.historyOf('c1', 13421804)).map((i) => i.doneAt)).to.deep.equal([
        NOW.toISOString(),
        null,
      ]);
      expect(await outbox.countPending('c1')).to.equal(1);
      expect(await outbox.markDone('c2', item.id)).to.equal(false);
    });

    it('hides a claimed item from other drainers until its claim expires', async () => {
      await outbox.enqueue(mark());
      const first = await outbox.claim({ now: NOW, limit: 10, leaseMs: 60_000 });
      expect(first).to.have.length(1);
      expect(first[0].claimToken).to.be.a('string');
      expect(first[0].claimedUntil).to.equal('2026-11-28T12:01:00.000Z');

      expect(
        await outbox.claim({ now: new Date(NOW.getTime() + 59_999), limit: 10, leaseMs: 60_000 }),
      ).to.deep.equal([]);
      expect(await outbox.due('c1', new Date(NOW.getTime() + 59_999), 10)).to.deep.equal([]);

      const afterExpiry = await outbox.claim({
        now: new Date(NOW.getTime() + 60_000),
        limit: 10,
        leaseMs: 60_000,
      });
      expect(afterExpiry.map((i) => i.id)).to.deep.equal([first[0].id]);
      expect(afterExpiry[0].claimToken).to.not.equal(first[0].claimToken);
    });

    it('claims only the given company when asked', async () => {
      await outbox.enqueue(mark());
      await outbox.enqueue(mark({ companyId: 'c2' }));
      const claimed = await outbox.claim({ companyId: 'c2', now: NOW, limit: 10, leaseMs: 60_000 });
      expect(claimed.map((i) => i.companyId)).to.deep.equal(['c2']);
    });

    it('never hands the same item to two drainers running at once on separate connections', async function () {
      this.timeout(60_000);
      const total = 120;
      for (let i = 0; i < total; i++)
        await outbox.enqueue(mark({ targetId: 1000 + i, companyId: `c${i % 3}` }));
      // A second pool on the same database: the other drainer is another process for all that matters.
      const otherDb = knex(suite.db.client.config as Knex.Config);
      try {
        const drainers = [outbox, repoOn(otherDb)];
        const handed = await Promise.all(
          drainers.map(async (drainer) => {
            const got: number[] = [];
            for (;;) {
              const batch = await drainer.claim({ now: NOW, limit: 7, leaseMs: 600_000 });
              if (batch.length === 0 && (await drainer.due(undefined, NOW, 1)).length === 0) return got;
              for (const item of batch) {
                got.push(item.id);
                expect(await drainer.markDone(item.companyId, item.id)).to.equal(true);
              }
            }
          }),
        );
        const all = handed.flat();
        expect(all).to.have.length(total);
        expect(new Set(all).size).to.equal(total);
        expect(await outbox.countPending()).to.equal(0);
      } finally {
        await otherDb.destroy();
      }
    });
  });
});
