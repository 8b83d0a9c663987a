import type { DependencyContainer } from 'tsyringe';
import { actorOf } from '../permissions/actor';
import { PermissionsBody, PermissionService } from '../permissions/PermissionService';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

export function permissionRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(PermissionService);
  return [
    route({
      id: 'permissions.list',
      method: 'GET',
      path: '/permissions',
      permission: Permissions.permissions,
      async handle({ context }) {
        return { body: await service().list(context.companyId) };
      },
    }),
    route<Record<string, never>, PermissionsBody>({
      id: 'permissions.put',
      method: 'PUT',
      path: '/permissions/:userId',
      permission: Permissions.permissions,
      body: PermissionsBody,
      async handle({ context, params, body }) {
        return { body: await service().set(actorOf(context), params.userId ?? '', body) };
      },
    }),
  ];
}
