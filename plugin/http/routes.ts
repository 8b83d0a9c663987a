import type { DependencyContainer } from 'tsyringe';
import { Tokens } from '../di/tokens';
import type { Logger } from '../host/Host';
import type { PluginRoute } from '../host/Plugin';
import { LicenseService } from '../installations/LicenseService';
import { PermissionGuard } from '../permissions/PermissionGuard';
import { toPluginRoute, type RouteSpec } from './route';
import { catalogRoutes } from './catalogRoutes';
import { connectionRoutes } from './connectionRoutes';
import { ledgerPickerRoutes } from './ledgerPickerRoutes';
import { mappingRoutes } from './mappingRoutes';
import { permissionRoutes } from './permissionRoutes';
import { reportRoutes } from './reportRoutes';
import { settingsRoutes } from './settingsRoutes';
import { statusRoutes } from './statusRoutes';
import { syncRoutes } from './syncRoutes';

/** Every plugin route, in one table. manifest.routes must list exactly these ids. */
export function routeSpecs(c: DependencyContainer): RouteSpec[] {
  return [
    ...statusRoutes(c),
    ...connectionRoutes(c),
    ...catalogRoutes(c),
    ...settingsRoutes(c),
    ...mappingRoutes(c),
    ...ledgerPickerRoutes(c),
    ...permissionRoutes(c),
    ...reportRoutes(c),
    ...syncRoutes(c),
  ];
}

export function buildRoutes(c: DependencyContainer): PluginRoute[] {
  const guards = {
    license: c.resolve(LicenseService),
    permissions: c.resolve(PermissionGuard),
    logger: c.resolve<Logger>(Tokens.Logger),
  };
  return routeSpecs(c).map((spec) => toPluginRoute(spec, guards));
}
