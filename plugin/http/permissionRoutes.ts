import { actorOf } from '../permissions/actor';
import { PermissionsBody } from '../permissions/PermissionService';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export function permissionRoutes({ permissions }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'permissions.list',
      method: 'GET',
      path: '/permissions',
      permission: Permissions.permissions,
      async handle({ context }) {
        return { body: await permissions.list(context.companyId) };
      },
    }),
    route<Record<string, never>, PermissionsBody>({
      id: 'permissions.put',
      method: 'PUT',
      path: '/permissions/:userId',
      permission: Permissions.permissions,
      body: PermissionsBody,
      async handle({ context, params, body }) {
        return { body: await permissions.set(actorOf(context), params.userId ?? '', body) };
      },
    }),
  ];
}
