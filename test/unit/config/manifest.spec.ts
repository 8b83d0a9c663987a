import { expect } from 'chai';
import manifestJson from '../../../manifest.json';
import { parseManifest } from '../../../plugin/config/manifest';
import { ValidationError } from '../../../plugin/errors/errors';

function copy(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(manifestJson));
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map((p) => p.field);
    throw err;
  }
  return [];
}

describe('manifest validation at load', () => {
  it('accepts the shipped manifest', () => {
    expect(parseManifest(copy()).id).to.equal('rindegastos');
  });

  it('names the field when a required field is missing', () => {
    const m = copy();
    delete m.hostApi;
    expect(problemsOf(() => parseManifest(m))).to.include('manifest.hostApi');
  });

  it('rejects a version that is not semver', () => {
    const m = copy();
    m.version = 'uno';
    expect(problemsOf(() => parseManifest(m))).to.deep.equal(['manifest.version']);
  });

  it('rejects a menu that references an undeclared permission', () => {
    const m = copy() as { menus: { permission: string }[] };
    m.menus[0].permission = 'rindegastos.nada';
    expect(problemsOf(() => parseManifest(m))).to.deep.equal(['manifest.menus.0.permission']);
  });

  it('rejects a store block that is not activated on payment', () => {
    const m = copy() as { store: { activation: string } };
    m.store.activation = 'manual';
    expect(problemsOf(() => parseManifest(m))).to.include('manifest.store.activation');
  });

  it('rejects duplicated route ids', () => {
    const m = copy() as { routes: string[] };
    m.routes.push(m.routes[0]);
    expect(problemsOf(() => parseManifest(m))).to.deep.equal(['manifest.routes']);
  });
});
