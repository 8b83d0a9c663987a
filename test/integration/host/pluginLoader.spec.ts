import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_API_VERSION } from '../../../host/config';
import {
  assertCompatible,
  checkManifest,
  loadPluginPackage,
  packageRoot,
  PluginLoadError,
} from '../../../host/pluginLoader';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators, startTestHost } from '../../support/hostHarness';

const realManifest = () => JSON.parse(fs.readFileSync(path.join(packageRoot(), 'manifest.json'), 'utf8'));

const tempDirs: string[] = [];
after(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A plugin package in a temp dir whose main throws when required: proves the host never ran it. */
function fakePackage(manifest: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-plugin-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'main.js'), "throw new Error('plugin code ran');");
  return dir;
}

describe('host plugin loader', () => {
  it('loads this repository’s plugin: manifest checked, lifecycle present', () => {
    const pkg = loadPluginPackage(packageRoot(), HOST_API_VERSION);
    expect(pkg.manifest.id).to.equal('rindegastos');
    expect(pkg.manifest.store.path).to.deep.equal(['Integraciones', 'Funcionalidades']);
    expect(pkg.module.install).to.be.a('function');
  });

  it('refuses an incompatible hostApi before running any plugin code, naming both versions', () => {
    const dir = fakePackage({ ...realManifest(), hostApi: '^2.0.0', main: 'main.js' });
    expect(() => loadPluginPackage(dir, HOST_API_VERSION))
      .to.throw(PluginLoadError)
      .with.property('message')
      .that.includes('requiere la API de host ^2.0.0')
      .and.includes('este host ofrece la versión 1.0.0');
  });

  it('accepts any 1.x host for ^1.0.0 and refuses 0.9 and 2.0', () => {
    const manifest = checkManifest(realManifest());
    expect(() => assertCompatible(manifest, '1.4.2')).to.not.throw();
    expect(() => assertCompatible(manifest, '0.9.0')).to.throw(PluginLoadError);
    expect(() => assertCompatible(manifest, '2.0.0')).to.throw(PluginLoadError);
  });

  it('lists every manifest problem at once', () => {
    const broken = { ...realManifest(), version: 'uno', hostApi: 'cualquiera', store: { sku: 'X' } };
    expect(() => checkManifest(broken))
      .to.throw(PluginLoadError)
      .with.property('message')
      .that.includes('version')
      .and.includes('hostApi')
      .and.includes('store');
  });

  it('refuses a menu module path that escapes the package', () => {
    const m = realManifest();
    m.menus[0] = { ...m.menus[0], element: 'rg-informes', module: '../../etc/passwd' };
    expect(() => checkManifest(m)).to.throw(PluginLoadError, /module/);
  });

  it('says to build when manifest.main is missing', () => {
    const dir = fakePackage({ ...realManifest(), main: 'dist/nothing.js' });
    expect(() => loadPluginPackage(dir, HOST_API_VERSION)).to.throw(PluginLoadError, /npm run build/);
  });
});

forEachDatabase(
  'host refuses an incompatible plugin at start',
  (suite) => {
    it('createHostServer fails with the clear hostApi message', async () => {
      const dir = fakePackage({ ...realManifest(), hostApi: '>=3.0.0', main: 'main.js' });
      await expect(startTestHost(suite.db, { pluginRoot: dir })).to.be.rejectedWith(
        PluginLoadError,
        /requiere la API de host >=3\.0\.0/,
      );
    });
  },
  { migrators: hostMigrators },
);
