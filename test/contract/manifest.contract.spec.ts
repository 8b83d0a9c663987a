import { expect } from 'chai';
import { HOOK_HANDLERS, JOB_HANDLERS } from '../../plugin/di/hooks';
import { createKnex } from '../../shared/db/database';
import { createContainer } from '../../plugin/di/container';
import { routeSpecs } from '../../plugin/http/routes';
import { manifest } from '../../plugin/index';
import { ALL_PERMISSIONS } from '../../plugin/permissions/permissions';
import { parseManifest } from '../../plugin/config/manifest';
import packageJson from '../../package.json';
import { manifestProblems, type ImplementedIds } from '../support/manifestContract';
import { testHost } from '../support/testHost';

describe('manifest contract', () => {
  const db = createKnex('sqlite::memory:');
  after(() => db.destroy());

  function implemented(): ImplementedIds {
    const c = createContainer(testHost({ db }));
    return {
      version: packageJson.version,
      permissions: ALL_PERMISSIONS,
      routes: routeSpecs(c).map((r) => r.id),
      jobs: Object.keys(JOB_HANDLERS),
      hookHandlers: Object.keys(HOOK_HANDLERS),
    };
  }

  it('references only ids that exist, and declares every one that does', () => {
    expect(manifestProblems(manifest, implemented())).to.deep.equal([]);
  });

  it('fails when the version differs from package.json', () => {
    const broken = parseManifest({ ...JSON.parse(JSON.stringify(manifest)), version: '9.9.9' });
    expect(manifestProblems(broken, implemented())).to.deep.equal([
      `version 9.9.9 differs from package.json ${packageJson.version}`,
    ]);
  });

  it('fails on a dangling route, permission, job or menu module', () => {
    const plain = JSON.parse(JSON.stringify(manifest));
    plain.routes.push('reports.teleport');
    plain.jobs.push({ id: 'rindegastos.ghost', every: '15m', timeoutSeconds: 60 });
    plain.menus[0].element = 'rg-ghost';
    plain.menus[0].module = 'dist/ui/ghost.js';
    const problems = manifestProblems(parseManifest(plain), implemented());
    expect(problems).to.include('route reports.teleport is declared but does not exist');
    expect(problems).to.include('job rindegastos.ghost is declared but does not exist');
    expect(
      problems.some((p) => p.startsWith('menu rindegastos.informes module dist/ui/ghost.js has no source')),
    ).to.equal(true);
  });

  it('fails when a route exists that the manifest does not declare', () => {
    const plain = JSON.parse(JSON.stringify(manifest));
    plain.routes = plain.routes.filter((id: string) => id !== 'status.get');
    expect(manifestProblems(parseManifest(plain), implemented())).to.include(
      'route status.get exists but is not declared',
    );
  });

  it('declares exactly the permission constants', () => {
    expect(manifest.permissions.map((p) => p.id)).to.have.members([...ALL_PERMISSIONS]);
  });
});
