import { NotFoundError } from '../errors/errors';
import { Permissions } from '../permissions/permissions';
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
        const id = Number(params.id);
        if (!Number.isSafeInteger(id))
          throw new NotFoundError(`No existe la sincronización ${params.id ?? ''}.`);
        return { body: { run: await sync.get(context.companyId, id) } };
      },
    }),
  ];
}
