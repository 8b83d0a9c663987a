import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/manifestContract';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The relative imports of every .ts file under `folder` that `forbidden` refuses, as "file → import". */
function forbiddenImports(folder: string, forbidden: (target: string) => boolean): string[] {
  const offenders: string[] = [];
  for (const file of tsFiles(path.join(REPO_ROOT, folder))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from '([^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      if (m[1].startsWith('.') && forbidden(target))
        offenders.push(`${path.relative(REPO_ROOT, file)} → ${m[1]}`);
    }
  }
  return offenders;
}

describe('layout boundaries', () => {
  it('plugin/ never imports from host/ or sandbox/', () => {
    const offenders = forbiddenImports(
      'plugin',
      (target) =>
        target.startsWith(path.join(REPO_ROOT, 'host')) || target.startsWith(path.join(REPO_ROOT, 'sandbox')),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('host/ uses the plugin only through plugin/index.ts, as an ERP would', () => {
    const pluginDir = path.join(REPO_ROOT, 'plugin');
    const offenders = forbiddenImports(
      'host',
      (target) => target.startsWith(pluginDir + path.sep) && target !== path.join(pluginDir, 'index'),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('plugin/host/ holds types only', () => {
    for (const file of tsFiles(path.join(REPO_ROOT, 'plugin/host'))) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text, file).to.not.match(/^\s*(export\s+)?(const|let|var|function|class|enum)\s/m);
    }
  });
});
