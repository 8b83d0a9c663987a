import { Allow } from 'class-validator';
import type { DependencyContainer } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { ConnectionService } from '../connection/ConnectionService';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

/** `{ token }`; ConnectionService checks the value so its message never repeats the input. */
export class TokenBody {
  @Allow() token?: unknown;
}

// NOTE: services that need the Rindegastos client are resolved per call, so the route table
// can be built (manifest contract, pickers) in containers without a client factory.
export function connectionRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(ConnectionService);
  const catalog = () => c.resolve(CatalogService);
  return [
    route<Record<string, never>, TokenBody>({
      id: 'connection.put',
      method: 'PUT',
      path: '/connection',
      permission: Permissions.token,
      body: TokenBody,
      async handle({ context, body }) {
        return { body: await catalog().connect(actorOf(context), body.token) };
      },
    }),
    route({
      id: 'connection.delete',
      method: 'DELETE',
      path: '/connection',
      permission: Permissions.token,
      async handle({ context }) {
        return { body: { connection: await service().revoke(actorOf(context)) } };
      },
    }),
  ];
}
