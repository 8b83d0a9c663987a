/**
 * The subscribers of one event of a service (settings saved, a mapping saved, sync progress).
 * `add` returns the function that removes the listener again.
 */
export class Listeners<L extends (...args: never[]) => unknown> {
  private readonly listeners: L[] = [];

  add(listener: L): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Calls every listener in order, each after the previous one settled. A listener that fails
   * goes to `onError` and the others still run: the event has already happened. Returns what
   * the listeners that succeeded answered, in order.
   */
  async emitSettled(args: Parameters<L>, onError: (err: unknown) => void): Promise<Awaited<ReturnType<L>>[]> {
    const answers: Awaited<ReturnType<L>>[] = [];
    for (const listener of this.listeners) {
      try {
        answers.push((await listener(...args)) as Awaited<ReturnType<L>>);
      } catch (err) {
        onError(err);
      }
    }
    return answers;
  }
}
