import { expect } from 'chai';
import { createKnex } from '../../shared/db/database';
import { createContainer, SINGLETONS } from '../../plugin/di/container';
import { Tokens } from '../../plugin/di/tokens';
import { resolveRouteServices } from '../../plugin/http/routeServices';
import { testHost } from '../support/testHost';

describe('composition root', () => {
  const db = createKnex('sqlite::memory:');
  after(() => db.destroy());

  it('resolves every token and every registered class from the real root', () => {
    const c = createContainer(testHost({ db }));
    for (const token of Object.values(Tokens)) {
      expect(c.resolve(token), String(token)).to.not.equal(undefined);
    }
    for (const cls of SINGLETONS) {
      const instance = c.resolve(cls);
      expect(instance, cls.name).to.be.instanceOf(cls);
      // Explicit @inject on every parameter: no dependency may be silently undefined.
      for (const [key, value] of Object.entries(instance as object)) {
        expect(value, `${cls.name}.${key}`).to.not.equal(undefined);
      }
    }
  });

  it('gives the routes their collaborators from the root: the registered singletons, none undefined', () => {
    const c = createContainer(testHost({ db }));
    const registered = new Set<unknown>(SINGLETONS.map((cls) => c.resolve(cls)));
    for (const [name, service] of Object.entries(resolveRouteServices(c))) {
      expect(service, name).to.not.equal(undefined);
      if (name !== 'logger')
        expect(registered.has(service), `${name} is a registered singleton`).to.equal(true);
    }
  });

  it('gives each host its own singletons', () => {
    const a = createContainer(testHost({ db }));
    const b = createContainer(testHost({ db }));
    const cls = SINGLETONS[0];
    expect(a.resolve(cls)).to.equal(a.resolve(cls));
    expect(a.resolve(cls)).to.not.equal(b.resolve(cls));
  });
});
