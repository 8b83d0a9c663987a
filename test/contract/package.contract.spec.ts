import { expect } from 'chai';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import packageJson from '../../package.json';
import { REPO_ROOT } from '../support/manifestContract';

const DIST = path.join(REPO_ROOT, 'dist');

/** The compiled files the ERP store installs (package.json `files`), as absolute paths. */
function shippedFiles(): string[] {
  const walk = (p: string): string[] =>
    fs.statSync(p).isDirectory() ? fs.readdirSync(p).flatMap((e) => walk(path.join(p, e))) : [p];
  return packageJson.files.filter((f) => f.startsWith('dist/')).flatMap((f) => walk(path.join(REPO_ROOT, f)));
}

/** `x` of every `require("x")` in a compiled file. */
function requiresOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the package the ERP store installs', () => {
  const shipped = new Set(shippedFiles());
  const files = [...shipped].filter((f) => f.endsWith('.js'));

  it('ships the plugin entry, its migrations and its manifest', () => {
    expect(files).to.include(path.join(REPO_ROOT, packageJson.main));
    expect(files.some((f) => f.startsWith(path.join(DIST, 'migrations') + path.sep))).to.equal(true);
    expect(packageJson.files).to.include.members(['manifest.json', 'dist/manifest.json']);
  });

  it('needs only its runtime dependencies and its own shipped files', () => {
    const runtime = new Set(Object.keys(packageJson.dependencies));
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of requiresOf(file)) {
        const where = `${path.relative(REPO_ROOT, file)} → ${spec}`;
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          const found = [target, `${target}.js`, path.join(target, 'index.js')].find((t) => shipped.has(t));
          if (!found) offenders.push(where);
        } else if (
          !spec.startsWith('node:') &&
          !builtinModules.includes(spec) &&
          !runtime.has(packageName(spec))
        ) {
          offenders.push(where);
        }
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
