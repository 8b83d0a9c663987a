/**
 * Public entry of the plugin (manifest.main): lifecycle, routes, hooks and jobs.
 * An ERP host loads this module and calls it; nothing here knows which host it runs in.
 * It exports the plugin, its manifest and the host contract's types, nothing else: helpers the
 * standalone host shares with the plugin live in shared/.
 */
import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import manifestJson from '../manifest.json';
import { parseManifest } from './config/manifest';
import { createContainer } from './di/container';
import { migratePluginLatest, rollbackPluginMigrations } from './db/migrate';
import type { Host } from './host/Host';
import type { PluginModule, RunningPlugin, StoreOrder } from './host/Plugin';
import {
  HOOK_HANDLERS,
  JOB_HANDLERS,
  plugReevaluation,
  type HookHandlerId,
  type JobHandlerId,
} from './di/hooks';
import { buildRoutes } from './http/routes';
import { SyncService } from './sync/SyncService';
import { LicenseService } from './installations/LicenseService';
import { PermissionGuard } from './permissions/PermissionGuard';

export type * from './host';

/** The manifest, validated when the plugin loads: a broken manifest is a clear error naming the field. */
export const manifest = parseManifest(manifestJson);

const containers = new WeakMap<Host, DependencyContainer>();

function containerFor(host: Host): DependencyContainer {
  let c = containers.get(host);
  if (!c) {
    c = createContainer(host);
    containers.set(host, c);
  }
  return c;
}

export const plugin: PluginModule = {
  /** Creates or upgrades the plugin's tables. Idempotent. */
  async install(host: Host) {
    await migratePluginLatest(host.db);
  },

  async activate(host: Host, companyId: string, order: StoreOrder) {
    await containerFor(host).resolve(LicenseService).activate(companyId, order);
  },

  async deactivate(host: Host, companyId: string, reason: string) {
    await containerFor(host).resolve(LicenseService).deactivate(companyId, reason);
  },

  /** Marks every company uninstalled; drops the plugin's tables only with `purge`. */
  async uninstall(host: Host, opts: { purge: boolean }) {
    if (opts.purge) {
      await rollbackPluginMigrations(host.db);
      await host.db.schema.dropTableIfExists('rg_knex_migrations');
      await host.db.schema.dropTableIfExists('rg_knex_migrations_lock');
    } else {
      await containerFor(host).resolve(LicenseService).markAllUninstalled();
    }
    containers.delete(host);
  },

  async start(host: Host): Promise<RunningPlugin> {
    const c = containerFor(host);
    const guard = c.resolve(PermissionGuard);
    const license = c.resolve(LicenseService);
    const unplug = [
      ...manifest.hooks.map((h) => HOOK_HANDLERS[h.handler as HookHandlerId](c)),
      plugReevaluation(c),
      ...manifest.jobs.map((j) => JOB_HANDLERS[j.id as JobHandlerId](c, j)),
    ];
    return {
      routes: buildRoutes(c),
      permissionsOf: (companyId, user) => guard.permissionsOf(companyId, user),
      licenseStatus: (companyId) => license.status(companyId),
      async stop() {
        for (const off of unplug) off();
        await c.resolve(SyncService).idle();
        containers.delete(host);
      },
    };
  },
};

export default plugin;
