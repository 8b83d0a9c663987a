import type { DependencyContainer } from 'tsyringe';
import { MappingBody } from '../mapping/MappingDto';
import { MappingService } from '../mapping/MappingService';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

export function mappingRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(MappingService);
  return [
    route({
      id: 'mappings.list',
      method: 'GET',
      path: '/mappings/:kind',
      permission: Permissions.configure,
      async handle({ context, params }) {
        return { body: await service().list(context.companyId, params.kind ?? '') };
      },
    }),
    route<Record<string, never>, MappingBody>({
      id: 'mappings.put',
      method: 'PUT',
      path: '/mappings/:kind/:id',
      permission: Permissions.configure,
      body: MappingBody,
      async handle({ context, params, body }) {
        const item = await service().set(actorOf(context), params.kind ?? '', params.id ?? '', { ...body });
        return { body: { item } };
      },
    }),
    route({
      id: 'mappings.acceptSuggestions',
      method: 'POST',
      path: '/mappings/suggestions/accept',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: await service().acceptSuggestions(actorOf(context)) };
      },
    }),
  ];
}
