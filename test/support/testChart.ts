/**
 * A small chart of accounts and business-center tree for configuration tests: the accounts of
 * DESIGN.md §10 plus the cases validation must refuse (a grouping account, an inactive account,
 * a grouping center, an inactive center). Unit tests read it as data; database tests create it in
 * the real BuiltinLedger with `createTestChart`, through the ledger's own admin methods.
 */
import type { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import type { AccountRequirements, BusinessCenter, LedgerAccount } from '../../plugin/host/Ledger';

const none: AccountRequirements = { businessCenter: false, auxiliary: false, document: false };

function account(
  code: string,
  name: string,
  requires: Partial<AccountRequirements> = {},
  extra: Partial<LedgerAccount> = {},
): LedgerAccount {
  return { code, name, postable: true, active: true, requires: { ...none, ...requires }, ...extra };
}

export function demoChart(): LedgerAccount[] {
  const expense = { businessCenter: true };
  return [
    account('1110000000', 'Activo circulante', {}, { postable: false }),
    account('1110601001', 'IVA crédito fiscal', { auxiliary: true, document: true }),
    account('1110701001', 'Fondos por rendir', { auxiliary: true }),
    account('2110501002', 'Retención honorarios por pagar'),
    account('2110701001', 'Cuentas por pagar al personal', { auxiliary: true }),
    account('4110200000', 'Gastos de administración y ventas', {}, { postable: false }),
    account('4110201002', 'Combustibles', expense),
    account('4110203001', 'Pasajes y traslados', expense),
    account('4110205001', 'Alimentación y viáticos', expense),
    account('4110206001', 'Materiales de oficina', expense),
    account('4110207001', 'Honorarios', expense),
    account('4110299001', 'Gastos varios (cerrada)', expense, { active: false }),
  ];
}

function center(
  code: string,
  name: string,
  parentCode: string | null,
  postable = true,
  active = true,
): BusinessCenter {
  return { code, name, parentCode, postable, active };
}

/** Parents before children, as the ledger requires. */
export function demoBusinessCenters(): BusinessCenter[] {
  return [
    center('EMP000000000000', 'Empresa', null, false),
    center('EMPNEG000000000', 'Negocios', 'EMP000000000000', false),
    center('EMPNEGVTA000000', 'Ventas', 'EMPNEG000000000', false),
    center('EMPNEGVTAVTA000', 'Ventas directas', 'EMPNEGVTA000000'),
    center('EMPGES000000000', 'Gestión', 'EMP000000000000', false),
    center('EMPGESGES000000', 'Gestión general', 'EMPGES000000000', false),
    center('EMPGESGESADM000', 'Administración', 'EMPGESGES000000'),
    center('EMPGESGESOLD000', 'Sucursal cerrada', 'EMPGESGES000000', true, false),
  ];
}

/** Creates the test chart for a company in the real ledger, as an accountant would in the ERP. */
export async function createTestChart(ledger: BuiltinLedger, companyId: string): Promise<void> {
  await Promise.all(demoChart().map((a) => ledger.createAccount(companyId, a)));
  for (const c of demoBusinessCenters()) await ledger.createBusinessCenter(companyId, c);
}
