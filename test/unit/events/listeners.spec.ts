import { expect } from 'chai';
import { Listeners } from '../../../plugin/events/Listeners';

describe('Listeners', () => {
  it('calls listeners in the order they were added and stops calling one once it is removed', async () => {
    const listeners = new Listeners<(n: number) => void>();
    const seen: string[] = [];
    const fail = (err: unknown) => {
      throw err;
    };
    listeners.add((n) => seen.push(`a${n}`));
    const offB = listeners.add((n) => seen.push(`b${n}`));
    await listeners.emitSettled([1], fail);
    offB();
    offB();
    await listeners.emitSettled([2], fail);
    expect(seen).to.deep.equal(['a1', 'b1', 'a2']);
  });

  it('waits for each listener in turn and still runs the others when one fails', async () => {
    const listeners = new Listeners<(n: number) => Promise<void>>();
    const seen: string[] = [];
    const errors: unknown[] = [];
    listeners.add(async (n) => {
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(`slow${n}`);
    });
    listeners.add(async () => {
      throw new Error('listener down');
    });
    listeners.add(async (n) => void seen.push(`last${n}`));
    await listeners.emitSettled([7], (err) => errors.push(err));
    expect(seen).to.deep.equal(['slow7', 'last7']);
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['listener down']);
  });
});
