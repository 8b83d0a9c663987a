/** Paging helpers: ordered pages with bounded concurrency, and one-year report windows. */

import { dayMs, dayOf } from './dates';

export interface FetchedPage<T> {
  items: T[];
  /** `Records.Pages` as the server reported it. */
  pages: number;
}

/**
 * Yields every item of every page in page order. Page 1 is fetched alone (it says how many pages
 * there are); the rest are fetched with at most `concurrency` requests in flight, ahead of the
 * consumer by at most that many pages, so memory stays bounded. Stops early on an empty page.
 * When the consumer stops or a page fails, pages still in flight are awaited quietly (their
 * failures are not unhandled rejections) and nothing new starts.
 */
export async function* orderedPages<T>(
  fetchPage: (page: number) => Promise<FetchedPage<T>>,
  concurrency: number,
): AsyncGenerator<T> {
  const first = await fetchPage(1);
  yield* first.items;
  if (first.items.length === 0) return;
  const total = first.pages;
  const limit = Math.max(1, Math.floor(concurrency));
  const inflight = new Map<number, Promise<FetchedPage<T>>>();
  let next = 2;
  const fill = () => {
    while (next <= total && inflight.size < limit) {
      const p = fetchPage(next);
      p.catch(() => undefined);
      inflight.set(next, p);
      next++;
    }
  };
  try {
    for (let page = 2; page <= total; page++) {
      fill();
      const current = inflight.get(page)!;
      const result = await current;
      inflight.delete(page);
      if (result.items.length === 0) return;
      // Refill before handing items over, so the next pages download while the consumer works.
      fill();
      yield* result.items;
    }
  } finally {
    next = total + 1;
    await Promise.allSettled(inflight.values());
  }
}

const DAY_MS = 86_400_000;

/**
 * Splits [since, until] (inclusive days) into consecutive windows of at most one year each: a
 * window starting on D ends on D + 1 year − 1 day, so no day is asked twice and every window
 * satisfies the documented "at most one year" rule of getExpenseReports.
 */
export function yearWindows(since: string, until: string): { since: string; until: string }[] {
  const end = dayMs(until);
  let start = dayMs(since);
  const out: { since: string; until: string }[] = [];
  while (start <= end) {
    const d = new Date(start);
    const nextStart = Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate());
    const windowEnd = Math.min(end, nextStart - DAY_MS);
    out.push({ since: dayOf(start), until: dayOf(windowEnd) });
    start = windowEnd + DAY_MS;
  }
  return out;
}
