import type { DependencyContainer } from 'tsyringe';
import { MappingService } from '../mapping/MappingService';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';

/** Pickers of Centralización and General: only what a voucher line can use. */
export function ledgerPickerRoutes(c: DependencyContainer): RouteSpec[] {
  const service = () => c.resolve(MappingService);
  return [
    route({
      id: 'ledger.accounts',
      method: 'GET',
      path: '/ledger/accounts',
      permission: Permissions.configure,
      async handle({ context }) {
        const accounts = await service().postableAccounts(context.companyId);
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
        const centers = await service().postableBusinessCenters(context.companyId);
        return {
          body: {
            businessCenters: centers.map((b) => ({ code: b.code, name: b.name, parentCode: b.parentCode })),
          },
        };
      },
    }),
  ];
}
