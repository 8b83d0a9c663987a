import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export function statusRoutes({ license, connections, syncRuns, issues }: RouteServices): RouteSpec[] {
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
            connection: await connections.view(context.companyId),
            lastSync: await syncRuns.latest(context.companyId),
            openIssues: await issues.countOpen(context.companyId),
          },
        };
      },
    }),
  ];
}
