/**
 * A ledger for configuration tests: the chart of accounts and business centers of DESIGN.md
 * §10 (plus a grouping account and an inactive one), with no posting.
 */
import type {
  AccountRequirements,
  BusinessCenter,
  Ledger,
  LedgerAccount,
  LedgerLimits,
  PostingPipeline,
} from '../../plugin/host/Ledger';

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

export class MemoryLedger implements Ledger {
  readonly limits: LedgerLimits = { glosaMaxLength: 100 };
  readonly posting: PostingPipeline = new Proxy({} as PostingPipeline, {
    get(_t, prop) {
      throw new Error(`ledger.posting.${String(prop)} is not in this test`);
    },
  });

  constructor(
    public accounts: LedgerAccount[] = demoChart(),
    public businessCenters: BusinessCenter[] = demoBusinessCenters(),
  ) {}

  async listAccounts(_companyId: string): Promise<LedgerAccount[]> {
    return structuredClone(this.accounts);
  }

  async listBusinessCenters(_companyId: string): Promise<BusinessCenter[]> {
    return structuredClone(this.businessCenters);
  }

  /** Changes one account in place (deactivate it, make it a grouping account …). */
  setAccount(code: string, change: Partial<LedgerAccount>): void {
    const a = this.accounts.find((x) => x.code === code);
    if (!a) throw new Error(`no account ${code} in the memory ledger`);
    Object.assign(a, change);
  }
}
