import type { DependencyContainer } from 'tsyringe';
import type { PluginRoute } from '../host/Plugin';
import { toPluginRoute, type RouteSpec } from './route';
import { bookRoutes } from './bookRoutes';
import { catalogRoutes } from './catalogRoutes';
import { connectionRoutes } from './connectionRoutes';
import { ledgerPickerRoutes } from './ledgerPickerRoutes';
import { mappingRoutes } from './mappingRoutes';
import { permissionRoutes } from './permissionRoutes';
import { reportRoutes } from './reportRoutes';
import { resolveRouteServices, type RouteServices } from './routeServices';
import { settingsRoutes } from './settingsRoutes';
import { statusRoutes } from './statusRoutes';
import { syncRoutes } from './syncRoutes';

function specsOf(services: RouteServices): RouteSpec[] {
  return [
    ...statusRoutes(services),
    ...connectionRoutes(services),
    ...catalogRoutes(services),
    ...settingsRoutes(services),
    ...mappingRoutes(services),
    ...ledgerPickerRoutes(services),
    ...permissionRoutes(services),
    ...reportRoutes(services),
    ...syncRoutes(services),
    ...bookRoutes(services),
  ];
}

/** Every plugin route, in one table. manifest.routes must list exactly these ids. */
export function routeSpecs(c: DependencyContainer): RouteSpec[] {
  return specsOf(resolveRouteServices(c));
}

export function buildRoutes(c: DependencyContainer): PluginRoute[] {
  const services = resolveRouteServices(c);
  const guards = { license: services.license, permissions: services.guard, logger: services.logger };
  return specsOf(services).map((spec) => toPluginRoute(spec, guards));
}
