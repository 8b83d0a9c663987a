import { expect } from 'chai';
import { orderedPages, yearWindows, type FetchedPage } from '../../../plugin/rindegastos/paging';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paging', () => {
  describe('orderedPages', () => {
    it('yields pages in order with at most `concurrency` requests in flight, even when later pages answer first', async () => {
      const pending = new Map<number, ReturnType<typeof deferred<FetchedPage<number>>>>();
      let inflight = 0;
      let peak = 0;
      const fetchPage = (page: number) => {
        const d = deferred<FetchedPage<number>>();
        pending.set(page, d);
        inflight++;
        peak = Math.max(peak, inflight);
        return d.promise.finally(() => inflight--);
      };
      const result = drain(orderedPages(fetchPage, 3));
      const answer = (page: number) =>
        pending.get(page)!.resolve({ items: [page * 10, page * 10 + 1], pages: 6 });
      const tick = () => new Promise((r) => setImmediate(r));
      answer(1);
      await tick();
      // Pages 2..4 are in flight; answer them out of order.
      answer(4);
      answer(3);
      await tick();
      answer(2);
      for (let p = 5; p <= 6; p++) {
        await tick();
        await tick();
        answer(p);
      }
      expect(await result).to.deep.equal([10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61]);
      expect(peak).to.equal(3);
    });

    it('stops at an empty page', async () => {
      const seen: number[] = [];
      const items = await drain(
        orderedPages(async (page) => {
          seen.push(page);
          return { items: page < 3 ? [page] : [], pages: 10 };
        }, 1),
      );
      expect(items).to.deep.equal([1, 2]);
      expect(seen).to.deep.equal([1, 2, 3]);
    });

    it('reads a single fetch for an empty first page', async () => {
      let calls = 0;
      const items = await drain(
        orderedPages(async () => {
          calls++;
          return { items: [], pages: 0 };
        }, 4),
      );
      expect([items, calls]).to.deep.equal([[], 1]);
    });

    it('propagates a failing page and leaves no unhandled rejection behind', async () => {
      const fetchPage = async (page: number): Promise<FetchedPage<number>> => {
        if (page === 3) throw new Error('page 3 failed');
        if (page === 4) throw new Error('page 4 failed too');
        return { items: [page], pages: 5 };
      };
      const seen: number[] = [];
      let caught: unknown;
      try {
        for await (const x of orderedPages(fetchPage, 4)) seen.push(x);
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).to.equal('page 3 failed');
      expect(seen).to.deep.equal([1, 2]);
    });

    it('starts nothing new once the consumer stops', async () => {
      const fetched: number[] = [];
      for await (const x of orderedPages(async (page) => {
        fetched.push(page);
        return { items: [page], pages: 50 };
      }, 2)) {
        if (x === 2) break;
      }
      expect(Math.max(...fetched)).to.be.at.most(4);
    });
  });

  describe('yearWindows', () => {
    it('splits a long range into consecutive windows of at most one year, no day twice', () => {
      expect(yearWindows('2024-03-15', '2026-06-01')).to.deep.equal([
        { since: '2024-03-15', until: '2025-03-14' },
        { since: '2025-03-15', until: '2026-03-14' },
        { since: '2026-03-15', until: '2026-06-01' },
      ]);
    });

    it('keeps a short range whole and handles a leap day', () => {
      expect(yearWindows('2025-06-01', '2025-06-01')).to.deep.equal([
        { since: '2025-06-01', until: '2025-06-01' },
      ]);
      expect(yearWindows('2024-02-29', '2025-12-31')[0]).to.deep.equal({
        since: '2024-02-29',
        until: '2025-02-28',
      });
      expect(yearWindows('2026-01-02', '2026-01-01')).to.deep.equal([]);
    });
  });
});
