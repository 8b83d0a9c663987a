import { Allow } from 'class-validator';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

/** `{ token }`; ConnectionService checks the value so its message never repeats the input. */
export class TokenBody {
  @Allow() token?: unknown;
}

export function connectionRoutes({ connections, catalog }: RouteServices): RouteSpec[] {
  return [
    route<Record<string, never>, TokenBody>({
      id: 'connection.put',
      method: 'PUT',
      path: '/connection',
      permission: Permissions.token,
      body: TokenBody,
      async handle({ context, body }) {
        return { body: await catalog.connect(actorOf(context), body.token) };
      },
    }),
    route({
      id: 'connection.delete',
      method: 'DELETE',
      path: '/connection',
      permission: Permissions.token,
      async handle({ context }) {
        return { body: { connection: await connections.revoke(actorOf(context)) } };
      },
    }),
  ];
}
