import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { SettingsBody } from '../settings/SettingsDto';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

export function settingsRoutes({ settings }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'settings.get',
      method: 'GET',
      path: '/settings',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: { settings: await settings.get(context.companyId) } };
      },
    }),
    route<Record<string, never>, SettingsBody>({
      id: 'settings.put',
      method: 'PUT',
      path: '/settings',
      permission: Permissions.configure,
      body: SettingsBody,
      async handle({ context, body }) {
        return { body: { settings: await settings.update(actorOf(context), { ...body }) } };
      },
    }),
  ];
}
