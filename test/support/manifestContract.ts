import fs from 'node:fs';
import path from 'node:path';
import type { ManifestDto } from '../../plugin/config/manifest';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface ImplementedIds {
  version: string;
  permissions: readonly string[];
  routes: readonly string[];
  jobs: readonly string[];
  hookHandlers: readonly string[];
}

/** Every way the manifest can disagree with the code; an empty list means it is honest. */
export function manifestProblems(manifest: ManifestDto, implemented: ImplementedIds): string[] {
  const problems: string[] = [];
  if (manifest.version !== implemented.version) {
    problems.push(`version ${manifest.version} differs from package.json ${implemented.version}`);
  }
  const diff = (what: string, declared: readonly string[], actual: readonly string[]) => {
    for (const id of declared)
      if (!actual.includes(id)) problems.push(`${what} ${id} is declared but does not exist`);
    for (const id of actual)
      if (!declared.includes(id)) problems.push(`${what} ${id} exists but is not declared`);
  };
  diff(
    'permission',
    manifest.permissions.map((p) => p.id),
    implemented.permissions,
  );
  diff('route', manifest.routes, implemented.routes);
  diff(
    'job',
    manifest.jobs.map((j) => j.id),
    implemented.jobs,
  );
  diff(
    'hook handler',
    manifest.hooks.map((h) => h.handler),
    implemented.hookHandlers,
  );
  for (const menu of manifest.menus) {
    if (!implemented.permissions.includes(menu.permission))
      problems.push(`menu ${menu.id} permission ${menu.permission} does not exist`);
    if (menu.module) {
      // The module is built from its TypeScript source under plugin/ui/.
      const source = path.join(REPO_ROOT, 'plugin/ui', path.basename(menu.module).replace(/\.js$/, '.ts'));
      if (!fs.existsSync(source))
        problems.push(`menu ${menu.id} module ${menu.module} has no source ${source}`);
      if (menu.element && !definedElements().has(menu.element))
        problems.push(`menu ${menu.id} element ${menu.element} is not defined in plugin/ui`);
    }
  }
  return problems;
}

/** The custom element names plugin/ui defines (`@customElement('rg-…')`). */
function definedElements(): Set<string> {
  const dir = path.join(REPO_ROOT, 'plugin/ui');
  const names = new Set<string>();
  if (!fs.existsSync(dir)) return names;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/@customElement\('([^']+)'\)/g))
      names.add(m[1]);
  }
  return names;
}
