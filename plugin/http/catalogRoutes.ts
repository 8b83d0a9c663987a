import type { DependencyContainer } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

export function catalogRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(CatalogService);
  return [
    route({
      id: 'catalog.import',
      method: 'POST',
      path: '/catalog/import',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: { import: await service().reimport(actorOf(context)) } };
      },
    }),
  ];
}
