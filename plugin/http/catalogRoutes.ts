import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export function catalogRoutes({ catalog }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'catalog.import',
      method: 'POST',
      path: '/catalog/import',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: { import: await catalog.reimport(actorOf(context)) } };
      },
    }),
  ];
}
