import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

/** Pickers of Centralización and General: only what a voucher line can use. */
export function ledgerPickerRoutes({ mappings }: RouteServices): RouteSpec[] {
  return [
    route({
      id: 'ledger.accounts',
      method: 'GET',
      path: '/ledger/accounts',
      permission: Permissions.configure,
      async handle({ context }) {
        const accounts = await mappings.postableAccounts(context.companyId);
        return {
          body: { accounts: accounts.map((a) => ({ code: a.code, name: a.name, requires: a.requires })) },
        };
      },
    }),
    route({
      id: 'ledger.businessCenters',
      method: 'GET',
      path: '/ledger/business-centers',
      permission: Permissions.configure,
      async handle({ context }) {
        const centers = await mappings.postableBusinessCenters(context.companyId);
        return {
          body: {
            businessCenters: centers.map((b) => ({ code: b.code, name: b.name, parentCode: b.parentCode })),
          },
        };
      },
    }),
  ];
}
