import { Permissions } from '../permissions/permissions';
import { positiveIntegerParam } from '../../shared/validation/inputRules';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

/** Sync now, and its progress and outcome. */
export function syncRoutes({ sync }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'sync.run',
      method: 'POST',
      path: '/sync',
      permission: Permissions.post,
      async handle({ context }) {
        return {
          status: 202,
          body: { run: await sync.start(context.companyId, 'manual') },
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
        return { body: { run: await sync.get(context.companyId, id) } };
      },
    }),
  ];
}
