import type { DependencyContainer } from 'tsyringe';
import { Permissions } from '../permissions/permissions';
import { SyncService } from '../sync/SyncService';
import { positiveIntegerParam } from '../validation/inputRules';
import { route, type RouteSpec } from './route';

/** Sync now, and its progress and outcome. */
export function syncRoutes(c: DependencyContainer): RouteSpec[] {
  return [
    route({
      id: 'sync.run',
      method: 'POST',
      path: '/sync',
      permission: Permissions.post,
      async handle({ context }) {
        return {
          status: 202,
          body: { run: await c.resolve(SyncService).start(context.companyId, 'manual') },
        };
      },
    }),
    route({
      id: 'sync.runs.get',
      method: 'GET',
      path: '/sync/runs/:id',
      permission: Permissions.post,
      async handle({ context, params }) {
        const id = positiveIntegerParam(params.id, 'id');
        return { body: { run: await c.resolve(SyncService).get(context.companyId, id) } };
      },
    }),
  ];
}
