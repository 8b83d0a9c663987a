import type { DependencyContainer } from 'tsyringe';
import { ConnectionRepository } from '../connection/ConnectionRepository';
import { describeConnection } from '../connection/connectionStatus';
import { LicenseService } from '../installations/LicenseService';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

export function statusRoutes(c: DependencyContainer): RouteSpec[] {
  const license = c.resolve(LicenseService);
  const connections = c.resolve(ConnectionRepository);
  return [
    route({
      id: 'status.get',
      method: 'GET',
      path: '/status',
      permission: Permissions.view,
      async handle({ context }) {
        return {
          body: {
            license: { status: await license.status(context.companyId) },
            connection: describeConnection(await connections.find(context.companyId)),
            // Filled by the sync and the issues once they land.
            lastSync: null,
            openIssues: 0,
          },
        };
      },
    }),
  ];
}
