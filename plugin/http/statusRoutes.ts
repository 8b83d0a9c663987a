import type { DependencyContainer } from 'tsyringe';
import { LicenseService } from '../installations/LicenseService';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

export function statusRoutes(c: DependencyContainer): RouteSpec[] {
  const license = c.resolve(LicenseService);
  return [
    route({
      id: 'status.get',
      method: 'GET',
      path: '/status',
      permission: Permissions.view,
      async handle({ context }) {
        return { body: { license: { status: await license.status(context.companyId) } } };
      },
    }),
  ];
}
