import type { DependencyContainer } from 'tsyringe';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { SettingsBody } from '../settings/SettingsDto';
import { SettingsService } from '../settings/SettingsService';
import { route, type RouteSpec } from './route';

export function settingsRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(SettingsService);
  return [
    route({
      id: 'settings.get',
      method: 'GET',
      path: '/settings',
      permission: Permissions.configure,
      async handle({ context }) {
        return { body: { settings: await service().get(context.companyId) } };
      },
    }),
    route<Record<string, never>, SettingsBody>({
      id: 'settings.put',
      method: 'PUT',
      path: '/settings',
      permission: Permissions.configure,
      body: SettingsBody,
      async handle({ context, body }) {
        return { body: { settings: await service().update(actorOf(context), { ...body }) } };
      },
    }),
  ];
}
