import type { DependencyContainer } from 'tsyringe';
import { ConnectionRepository } from '../connection/ConnectionRepository';
import { describeConnection } from '../connection/connectionStatus';
import { LicenseService } from '../installations/LicenseService';
import { Permissions } from '../permissions/permissions';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { SyncRunRepository } from '../sync/SyncRunRepository';
import { route, type RouteSpec } from './route';

export function statusRoutes(c: DependencyContainer): RouteSpec[] {
  const license = c.resolve(LicenseService);
  const connections = c.resolve(ConnectionRepository);
  const syncRuns = c.resolve(SyncRunRepository);
  const issues = c.resolve(ReportIssueRepository);
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
            lastSync: await syncRuns.latest(context.companyId),
            openIssues: await issues.countOpen(context.companyId),
          },
        };
      },
    }),
  ];
}
