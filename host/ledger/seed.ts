import type { Knex } from 'knex';
import type { BusinessCenter, LedgerAccount } from '../../plugin/index';
import { LedgerRepository } from './LedgerRepository';

type Needs = 'bc' | 'aux' | 'doc';

/**
 * A compact Chilean chart of accounts in Defontana's 10-digit shape. Grouping accounts use the
 * prefix of their children (class `1`, group `11`, subgroup `11106` → leaf `1110601001`) and take
 * no lines. Every `41…` expense account requires a business center, as cost accounting expects.
 */
const CHART: [code: string, name: string, needs?: Needs[]][] = [
  ['1', 'ACTIVOS'],
  ['11', 'ACTIVO CIRCULANTE'],
  ['11101', 'DISPONIBLE'],
  ['1110101001', 'Caja general'],
  ['1110101002', 'Caja chica', ['aux']],
  ['1110102001', 'Banco Estado cuenta corriente'],
  ['1110102002', 'Banco de Chile cuenta corriente'],
  ['11103', 'DEUDORES POR VENTAS'],
  ['1110301001', 'Clientes nacionales', ['aux', 'doc']],
  ['11106', 'IMPUESTOS POR RECUPERAR'],
  ['1110601001', 'IVA crédito fiscal', ['aux', 'doc']],
  ['1110601002', 'Pagos provisionales mensuales (PPM)'],
  ['11107', 'ANTICIPOS Y FONDOS POR RENDIR'],
  ['1110701001', 'Fondos por rendir', ['aux']],
  ['1110701002', 'Anticipos a proveedores', ['aux', 'doc']],
  ['1110701003', 'Préstamos al personal', ['aux']],
  ['12', 'ACTIVO FIJO'],
  ['12101', 'ACTIVO FIJO'],
  ['1210101001', 'Equipos computacionales'],
  ['1210101002', 'Muebles y útiles'],
  ['2', 'PASIVOS'],
  ['21', 'PASIVO CIRCULANTE'],
  ['21101', 'PROVEEDORES'],
  ['2110101001', 'Proveedores nacionales', ['aux', 'doc']],
  ['21105', 'IMPUESTOS Y RETENCIONES POR PAGAR'],
  ['2110501001', 'IVA débito fiscal'],
  ['2110501002', 'Retención honorarios por pagar'],
  ['2110501003', 'Impuesto único trabajadores por pagar'],
  ['21107', 'OBLIGACIONES CON EL PERSONAL'],
  ['2110701001', 'Cuentas por pagar al personal', ['aux']],
  ['2110701002', 'Remuneraciones por pagar', ['aux']],
  ['3', 'PATRIMONIO'],
  ['31', 'CAPITAL Y RESULTADOS'],
  ['31101', 'CAPITAL'],
  ['3110101001', 'Capital pagado'],
  ['3110101002', 'Resultados acumulados'],
  ['4', 'RESULTADOS PÉRDIDA'],
  ['41', 'GASTOS DE ADMINISTRACIÓN Y VENTAS'],
  ['41101', 'REMUNERACIONES'],
  ['4110101001', 'Sueldos y salarios', ['bc']],
  ['41102', 'GASTOS GENERALES'],
  ['4110201001', 'Arriendo de oficinas', ['bc']],
  ['4110201002', 'Combustibles', ['bc']],
  ['4110202001', 'Mantención de vehículos', ['bc']],
  ['4110203001', 'Pasajes y traslados', ['bc']],
  ['4110203002', 'Peajes y estacionamientos', ['bc']],
  ['4110204001', 'Gastos de representación', ['bc']],
  ['4110205001', 'Alimentación y viáticos', ['bc']],
  ['4110205002', 'Alojamiento', ['bc']],
  ['4110206001', 'Materiales de oficina', ['bc']],
  ['4110206002', 'Artículos de aseo', ['bc']],
  ['4110207001', 'Honorarios', ['bc']],
  ['4110208001', 'Telefonía e internet', ['bc']],
  ['4110209001', 'Gastos bancarios', ['bc']],
  ['5', 'RESULTADOS GANANCIA'],
  ['51', 'INGRESOS DE EXPLOTACIÓN'],
  ['51101', 'VENTAS'],
  ['5110101001', 'Ventas nacionales'],
];

/**
 * Defontana-style business centers: 15 characters in five 3-character segments, padded with 0.
 * Only leaves are postable; one leaf is inactive, as old centers are in a real company.
 */
const CENTERS: [code: string, name: string, active?: boolean][] = [
  ['EMP000000000000', 'Comercial Andes SpA'],
  ['EMPNEG000000000', 'Negocio'],
  ['EMPNEGVTA000000', 'Ventas'],
  ['EMPNEGVTAVTA000', 'Ventas terreno'],
  ['EMPNEGVTAMKT000', 'Marketing'],
  ['EMPNEGVTAEXP000', 'Exportaciones (discontinuado)', false],
  ['EMPNEGOPE000000', 'Operaciones'],
  ['EMPNEGOPELOG000', 'Logística y despacho'],
  ['EMPNEGOPEBOD000', 'Bodega central'],
  ['EMPGES000000000', 'Gestión'],
  ['EMPGESGES000000', 'Gerencia y administración'],
  ['EMPGESGESGER000', 'Gerencia general'],
  ['EMPGESGESADM000', 'Administración'],
  ['EMPGESGESFIN000', 'Finanzas y contabilidad'],
  ['EMPGESTIC000000', 'Tecnología'],
  ['EMPGESTICSOP000', 'Soporte TI'],
];

function seedAccounts(): LedgerAccount[] {
  return CHART.map(([code, name, needs = []]) => ({
    code,
    name,
    postable: code.length === 10,
    active: true,
    requires: {
      businessCenter: needs.includes('bc'),
      auxiliary: needs.includes('aux'),
      document: needs.includes('doc'),
    },
  }));
}

/** The parent of a center is the code with its last non-zero segment zeroed. */
function parentOf(code: string): string | null {
  const segments = code.match(/.{3}/g) ?? [];
  const last = segments.map((s) => s !== '000').lastIndexOf(true);
  if (last <= 0) return null;
  return [...segments.slice(0, last), ...segments.slice(last).map(() => '000')].join('');
}

function seedBusinessCenters(): BusinessCenter[] {
  const codes = new Set(CENTERS.map(([code]) => code));
  return CENTERS.map(([code, name, active = true]) => ({
    code,
    name,
    parentCode: parentOf(code),
    postable: ![...codes].some((other) => other !== code && parentOf(other) === code),
    active,
  }));
}

/** The seeded chart, for callers that need to know it (demo output, tests). */
export const CHILEAN_CHART: readonly LedgerAccount[] = seedAccounts();
export const CHILEAN_BUSINESS_CENTERS: readonly BusinessCenter[] = seedBusinessCenters();

/**
 * Seeds a company's chart of accounts and business-center tree. Idempotent: rows that exist are
 * left as the company edited them, missing ones are added.
 */
export async function seedChileanLedger(
  db: Knex,
  companyId: string,
  now: string = new Date().toISOString(),
): Promise<{ accounts: number; businessCenters: number }> {
  const repo = new LedgerRepository(db);
  await repo.insertMissingAccounts(companyId, [...CHILEAN_CHART], now);
  await repo.insertMissingBusinessCenters(companyId, [...CHILEAN_BUSINESS_CENTERS], now);
  return { accounts: CHILEAN_CHART.length, businessCenters: CHILEAN_BUSINESS_CENTERS.length };
}
