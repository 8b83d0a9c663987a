import { MappingBody } from '../mapping/MappingDto';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export function mappingRoutes({ mappings }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'mappings.list',
      method: 'GET',
      path: '/mappings/:kind',
      permission: Permissions.configure,
      async handle({ context, params }) {
        return { body: await mappings.list(context.companyId, params.kind ?? '') };
      },
    }),
    route<Record<string, never>, MappingBody>({
      id: 'mappings.put',
      method: 'PUT',
      path: '/mappings/:kind/:id',
      permission: Permissions.configure,
      body: MappingBody,
      async handle({ context, params, body }) {
        return {
          body: await mappings.set(actorOf(context), params.kind ?? '', params.id ?? '', { ...body }),
        };
      },
    }),
    route({
      id: 'mappings.acceptSuggestions',
      method: 'POST',
      path: '/mappings/suggestions/accept',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: await mappings.acceptSuggestions(actorOf(context)) };
      },
    }),
  ];
}
