import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import type { PluginModule } from '../plugin/index';

/** The parts of a plugin manifest this host reads. */
export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  hostApi: string;
  main: string;
  store: {
    sku: string;
    title: string;
    description: string;
    path: string[];
    activation: 'on-payment';
    priceClp: number;
    billing: 'monthly' | 'one-time';
    priceIncludesIva: boolean;
  };
  permissions: { id: string; label: string }[];
  menus: {
    id: string;
    path: string[];
    route: string;
    permission: string;
    element?: string;
    module?: string;
  }[];
  /** Where the voucher list links this plugin's vouchers (source = id) back to their origin. */
  voucherOrigin?: { route: string };
  routes: string[];
  jobs: { id: string; every?: string; cron?: string; timeoutSeconds: number }[];
}

export interface PluginPackage {
  /** Directory holding manifest.json; `main` and menu modules are relative to it. */
  root: string;
  manifest: PluginManifest;
  module: PluginModule;
}

/** A plugin the host refuses to load; the message says what is wrong and what to do. */
export class PluginLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PluginLoadError';
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The host's own check of a manifest: what the host relies on to mount the plugin. The plugin
 * validates its manifest in full when it is imported; the host never trusts that alone.
 */
export function checkManifest(plain: unknown, source = 'manifest.json'): PluginManifest {
  const problems: string[] = [];
  if (!isObject(plain)) throw new PluginLoadError(`${source} no es un objeto JSON.`);
  const m = plain;
  if (!isString(m.id) || !/^[a-z][a-z0-9-]*$/.test(m.id)) problems.push('id: minúsculas, dígitos y guiones');
  if (!isString(m.name)) problems.push('name: falta');
  if (!isString(m.version) || !semver.valid(m.version)) problems.push('version: no es semver');
  if (!isString(m.hostApi) || !semver.validRange(m.hostApi)) problems.push('hostApi: no es un rango semver');
  if (!isString(m.main)) problems.push('main: falta');
  const store = m.store;
  if (
    !isObject(store) ||
    !isString(store.sku) ||
    !isString(store.title) ||
    typeof store.description !== 'string' ||
    !isStringArray(store.path) ||
    store.activation !== 'on-payment' ||
    !Number.isSafeInteger(store.priceClp) ||
    (store.priceClp as number) <= 0 ||
    (store.billing !== 'monthly' && store.billing !== 'one-time') ||
    typeof store.priceIncludesIva !== 'boolean'
  ) {
    problems.push(
      'store: requiere sku, title, description, path, activation "on-payment", priceClp entero positivo, billing "monthly" u "one-time" y priceIncludesIva (true o false)',
    );
  }
  if (
    !Array.isArray(m.permissions) ||
    !m.permissions.every((p) => isObject(p) && isString(p.id) && isString(p.label))
  ) {
    problems.push('permissions: lista de { id, label }');
  }
  const permissionIds = new Set(
    Array.isArray(m.permissions) ? m.permissions.map((p) => (p as { id?: unknown }).id) : [],
  );
  if (!Array.isArray(m.menus)) problems.push('menus: debe ser una lista');
  else {
    m.menus.forEach((menu, i) => {
      if (
        !isObject(menu) ||
        !isString(menu.id) ||
        !isStringArray(menu.path) ||
        menu.path.length < 2 ||
        !isString(menu.route) ||
        !/^\/[a-z0-9/-]+$/.test(menu.route) ||
        !isString(menu.permission)
      ) {
        problems.push(`menus.${i}: requiere id, path (2+ niveles), route y permission`);
        return;
      }
      if (!permissionIds.has(menu.permission))
        problems.push(`menus.${i}: permiso no declarado ${menu.permission}`);
      if ((menu.element === undefined) !== (menu.module === undefined)) {
        problems.push(`menus.${i}: element y module van juntos`);
      }
      if (
        menu.module !== undefined &&
        (!isString(menu.module) || menu.module.split(/[\\/]/).includes('..'))
      ) {
        problems.push(`menus.${i}: module debe ser una ruta dentro del paquete`);
      }
    });
  }
  if (
    m.voucherOrigin !== undefined &&
    !(
      isObject(m.voucherOrigin) &&
      isString(m.voucherOrigin.route) &&
      /^\/[a-z0-9/-]+\/\{voucherId\}$/.test(m.voucherOrigin.route)
    )
  ) {
    problems.push('voucherOrigin: requiere route, una ruta que termina en /{voucherId}');
  }
  if (!isStringArray(m.routes)) problems.push('routes: lista de ids');
  if (!Array.isArray(m.jobs)) problems.push('jobs: debe ser una lista');
  if (problems.length) {
    throw new PluginLoadError(`El manifiesto ${source} no es válido:\n  - ${problems.join('\n  - ')}`);
  }
  return m as unknown as PluginManifest;
}

/** Refuses a plugin written for another version of the host API, saying both versions. */
export function assertCompatible(manifest: PluginManifest, hostApiVersion: string): void {
  if (!semver.satisfies(hostApiVersion, manifest.hostApi)) {
    throw new PluginLoadError(
      `El complemento "${manifest.name}" (${manifest.id} ${manifest.version}) requiere la API de host ${manifest.hostApi}, ` +
        `pero este host ofrece la versión ${hostApiVersion}. Instale una versión del complemento compatible con ${hostApiVersion} o actualice el host.`,
    );
  }
}

function isPluginModule(v: unknown): v is PluginModule {
  return (
    isObject(v) &&
    (['install', 'activate', 'deactivate', 'uninstall', 'start'] as const).every(
      (k) => typeof v[k] === 'function',
    )
  );
}

/**
 * Loads a plugin package as an ERP does: read manifest.json, check it and its hostApi, then
 * require `main` and check it exports the lifecycle. Nothing of the plugin runs before the checks pass.
 */
export function loadPluginPackage(root: string, hostApiVersion: string): PluginPackage {
  const manifestFile = path.join(root, 'manifest.json');
  let plain: unknown;
  try {
    plain = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new PluginLoadError(`No se pudo leer ${manifestFile}: ${(err as Error).message}`, { cause: err });
  }
  const manifest = checkManifest(plain, manifestFile);
  assertCompatible(manifest, hostApiVersion);
  const mainFile = path.resolve(root, manifest.main);
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(mainFile);
  } catch (err) {
    throw new PluginLoadError(
      `No se pudo cargar ${mainFile} (manifest.main) del complemento ${manifest.id}: ${(err as Error).message}. ¿Compiló el proyecto (npm run build)?`,
      { cause: err },
    );
  }
  const candidate = isObject(exported) ? (exported.plugin ?? exported.default) : undefined;
  if (!isPluginModule(candidate)) {
    throw new PluginLoadError(
      `${mainFile} no exporta "plugin" con install, activate, deactivate, uninstall y start.`,
    );
  }
  return { root, manifest, module: candidate };
}

/** The package root (where manifest.json and package.json live), from the compiled host in dist/. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    // dist/ holds copies of both JSON files (resolveJsonModule emits them); the root is above it.
    if (
      path.basename(dir) !== 'dist' &&
      fs.existsSync(path.join(dir, 'manifest.json')) &&
      fs.existsSync(path.join(dir, 'package.json'))
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new PluginLoadError(`No se encontró manifest.json sobre ${from}.`);
    dir = parent;
  }
}
