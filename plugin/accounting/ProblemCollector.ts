import type { Problem, ProblemSubject } from './model';

/** Renders a problem's Spanish message from every detail gathered under the same cause. */
export type ProblemRenderer = (details: readonly string[]) => string;

interface PendingProblem {
  code: Problem['code'];
  subject: ProblemSubject;
  expenseIds: number[];
  details: string[];
  render: ProblemRenderer;
}

/**
 * Gathers every problem of a build. Problems with the same code and subject are one cause
 * (one unmapped category blocks many expenses), so they merge: expense ids and details are
 * unioned in order of appearance and the message is rendered once, at the end, from all details.
 */
export class ProblemCollector {
  private readonly pending = new Map<string, PendingProblem>();

  add(
    code: Problem['code'],
    subject: ProblemSubject,
    render: ProblemRenderer,
    opts: { expenseIds?: readonly number[]; detail?: string } = {},
  ): void {
    const key = `${code}\u0000${subject.kind}\u0000${subject.key}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { code, subject: { ...subject }, expenseIds: [], details: [], render };
      this.pending.set(key, entry);
    }
    for (const id of opts.expenseIds ?? []) if (!entry.expenseIds.includes(id)) entry.expenseIds.push(id);
    if (opts.detail !== undefined && !entry.details.includes(opts.detail)) entry.details.push(opts.detail);
  }

  get size(): number {
    return this.pending.size;
  }

  list(): Problem[] {
    return [...this.pending.values()].map((p) => ({
      code: p.code,
      message: p.render(p.details),
      subject: p.subject,
      expenseIds: [...p.expenseIds],
    }));
  }
}

/** "a", "a y b", "a, b y c" */
export function joinSpanish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} y ${items[items.length - 1]}`;
}
