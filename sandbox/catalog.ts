/**
 * The companies the sandbox serves: policies with categories and account codes, extra fields with
 * options, taxes, users and funds. Hand-written where a test depends on exact values (the demo
 * company's worked example, chile-accounting.md §3), generated from the seed elsewhere.
 */
import { Rng, seedOf } from './random';
import { formatRut } from './rut';
import type { CategoryJson, ExtraFieldDefJson, FundJson, TaxJson, UserJson } from './types';

/** SII document codes (and company-defined ones) offered by "Tipo de Documento". */
export const DOCUMENT_TYPES = [
  { Code: '33', Value: 'Factura Electrónica' },
  { Code: '34', Value: 'Factura No Afecta o Exenta Electrónica' },
  { Code: '39', Value: 'Boleta Electrónica' },
  { Code: '41', Value: 'Boleta No Afecta o Exenta Electrónica' },
  { Code: 'H', Value: 'Boleta de Honorarios' },
  { Code: 'SD', Value: 'Sin documento tributario (ticket, peaje, estacionamiento)' },
  { Code: 'EXT', Value: 'Documento del exterior' },
] as const;

export type DocCode = (typeof DOCUMENT_TYPES)[number]['Code'];

export function documentTypeName(code: string): string {
  return DOCUMENT_TYPES.find((d) => d.Code === code)?.Value ?? code;
}

export interface CostCenter {
  Code: string;
  Value: string;
}

export interface CategoryDef extends CategoryJson {
  /** Document codes this kind of expense usually comes with, weighted. */
  docs: readonly (readonly [DocCode, number])[];
  /** Usual gross amount range in CLP. */
  min: number;
  max: number;
  /** Fuel: facturas carry the impuesto específico in OtherTaxes. */
  fuel?: boolean;
  /** Share of expenses paid abroad in USD. */
  usd?: number;
  notes: readonly string[];
  suppliers: readonly Supplier[];
}

export interface Supplier {
  name: string;
  rutBody: number;
}

export interface PolicyDef {
  Id: number;
  Name: string;
  Code: string;
  Description: string;
  IsActive: boolean;
  Currency: string;
  approverId: number;
  secondApproverId: number;
  categories: CategoryDef[];
  /** Weight of this policy for generated reports (0: never, e.g. inactive). */
  weight: number;
}

export interface CompanyProfile {
  key: string;
  name: string;
  /** The company id inside the JWT payload. */
  companyId: number;
  /** The admin who requested the API token (JWT user_id), also a valid IdAdmin. */
  adminUserId: number;
  reportIdBase: number;
  expenseIdBase: number;
  /** Ids for reports and expenses added through the control API without an Id. */
  addedReportIdBase: number;
  addedExpenseIdBase: number;
  firstReportNumber: number;
  policies: PolicyDef[];
  costCenters: CostCenter[];
  users: UserJson[];
  /** Policy id per user id (the policy their department reports under). */
  userPolicy: Map<number, number>;
  funds: FundJson[];
  taxes: TaxJson[];
}

const FUEL: Supplier[] = [
  { name: 'COPEC S.A.', rutBody: 99520000 },
  { name: 'Enex S.A. (Shell)', rutBody: 92011000 },
  { name: 'Esmax Distribución SpA (Aramco)', rutBody: 79588870 },
];
const FOOD: Supplier[] = [
  { name: 'Restaurant El Puerto Ltda.', rutBody: 76123456 },
  { name: 'Sodexo Chile S.A.', rutBody: 94623000 },
  { name: 'Juan Maestro (Gastronomía y Negocios S.A.)', rutBody: 96850860 },
  { name: 'Restaurant Don Peyo', rutBody: 77215300 },
  { name: 'Cencosud Retail S.A. (Jumbo)', rutBody: 81201000 },
];
const TRANSPORT: Supplier[] = [
  { name: 'Uber Chile SpA', rutBody: 76491765 },
  { name: 'Cabify Chile SpA', rutBody: 76178385 },
  { name: 'Radio Taxi Aeropuerto Ltda.', rutBody: 78456120 },
];
const AIR: Supplier[] = [
  { name: 'LATAM Airlines Group S.A.', rutBody: 89862200 },
  { name: 'Sky Airline S.A.', rutBody: 88417000 },
  { name: 'JetSMART SpA', rutBody: 76434830 },
];
const HOTEL: Supplier[] = [
  { name: 'Hotel Diego de Almagro Antofagasta', rutBody: 96895660 },
  { name: 'Hotel Terrado Suites Iquique', rutBody: 76062460 },
  { name: 'Hotel Enjoy Coquimbo', rutBody: 96970380 },
];
const ROAD: Supplier[] = [
  { name: 'Sociedad Concesionaria Autopista Central S.A.', rutBody: 96945440 },
  { name: 'Ruta del Maipo Sociedad Concesionaria S.A.', rutBody: 96875230 },
  { name: 'Estacionamientos Saba Chile S.A.', rutBody: 96783810 },
];
const PARTS: Supplier[] = [
  { name: 'Repuestos Automotrices Frenos Chile Ltda.', rutBody: 76555120 },
  { name: 'Salfa Ltda.', rutBody: 96619520 },
];
const OFFICE: Supplier[] = [
  { name: 'Dimerc S.A.', rutBody: 96670840 },
  { name: 'PC Factory S.A.', rutBody: 78885550 },
  { name: 'Librería Nacional Ltda.', rutBody: 77410270 },
];
const COURIER: Supplier[] = [
  { name: 'Chilexpress S.A.', rutBody: 96756430 },
  { name: 'Starken S.A.', rutBody: 76123980 },
];
const SOFTWARE: Supplier[] = [
  { name: 'Google Chile Ltda.', rutBody: 77575180 },
  { name: 'Adobe Systems Chile SpA', rutBody: 76543210 },
];
const ABROAD: Supplier[] = [
  { name: 'Marriott Lima Miraflores', rutBody: 0 },
  { name: 'American Airlines', rutBody: 0 },
  { name: 'Uber BV (São Paulo)', rutBody: 0 },
  { name: 'Hilton Buenos Aires', rutBody: 0 },
];

/**
 * NOTE: account codes come in the shapes companies type into Rindegastos: most carry a plan of
 * their own ("4-1-02-01-02"), some the ERP's 10-digit code as is ("4110205002") or with
 * separators ("41.102.03.002", "4-110-206-001"), so the demo's Cuentas list shows suggestions by
 * code and by name. Combustible and Alimentación keep the worked example's codes.
 */
function cat(
  Name: string,
  GroupName: string,
  GroupCode: string,
  AccountCode: string,
  extra: Omit<CategoryDef, 'Name' | 'GroupName' | 'GroupCode' | 'AccountCode' | 'Instructions'> & {
    Instructions?: string;
  },
): CategoryDef {
  return { Name, GroupName, GroupCode, AccountCode, Instructions: extra.Instructions ?? '', ...extra };
}

const COMBUSTIBLE = cat('Combustible', 'Vehículos', 'VEH', '4-1-02-01-02', {
  Instructions: 'Adjuntar factura con patente',
  docs: [
    ['33', 6],
    ['39', 4],
  ],
  min: 18_000,
  max: 95_000,
  fuel: true,
  notes: [
    'Carga camioneta faena norte',
    'Combustible visita a cliente',
    'Carga camión de apoyo',
    'Bencina traslado a obra',
  ],
  suppliers: FUEL,
});
const ALIMENTACION = cat('Alimentación', 'Viáticos', 'VIA', '4-1-02-05-01', {
  docs: [
    ['39', 7],
    ['33', 2],
    ['41', 1],
  ],
  min: 4_500,
  max: 48_000,
  notes: ['Almuerzo cliente', 'Colación en terreno', 'Cena equipo de faena', 'Desayuno reunión'],
  suppliers: FOOD,
});
const PEAJES = cat('Peajes y TAG', 'Vehículos', 'VEH', '41.102.03.002', {
  docs: [
    ['SD', 7],
    ['39', 3],
  ],
  min: 900,
  max: 9_800,
  notes: ['Peaje ruta 5 norte', 'Pase diario autopista', 'Peaje Lo Prado'],
  suppliers: ROAD,
});
const ESTACIONAMIENTO = cat('Estacionamiento', 'Vehículos', 'VEH', '41.102.03.002', {
  docs: [
    ['SD', 6],
    ['39', 4],
  ],
  min: 1_200,
  max: 14_000,
  notes: ['Estacionamiento reunión centro', 'Estacionamiento aeropuerto'],
  suppliers: ROAD,
});
const REPUESTOS = cat('Repuestos y mantención', 'Vehículos', 'VEH', '4-1-02-01-05', {
  Instructions: 'Factura a nombre de la empresa',
  docs: [
    ['33', 8],
    ['39', 2],
  ],
  min: 12_000,
  max: 380_000,
  notes: ['Cambio de pastillas de freno', 'Neumático de repuesto', 'Filtro y aceite'],
  suppliers: PARTS,
});
const ALOJAMIENTO = cat('Alojamiento', 'Viáticos', 'VIA', '4110205002', {
  docs: [
    ['33', 7],
    ['39', 2],
    ['41', 1],
  ],
  min: 38_000,
  max: 160_000,
  notes: ['Hotel visita faena', 'Alojamiento capacitación regional'],
  suppliers: HOTEL,
});
const TAXI = cat('Taxi y transporte', 'Traslados', 'TRA', '4-1-02-03-01', {
  docs: [
    ['39', 5],
    ['SD', 5],
  ],
  min: 3_000,
  max: 32_000,
  notes: ['Taxi aeropuerto', 'Traslado a reunión con cliente', 'Uber regreso de evento'],
  suppliers: TRANSPORT,
});
const PASAJES = cat('Pasajes aéreos nacionales', 'Traslados', 'TRA', '4-1-02-03-02', {
  docs: [
    ['33', 5],
    ['34', 5],
  ],
  min: 45_000,
  max: 290_000,
  notes: ['Pasaje Santiago–Antofagasta', 'Pasaje Santiago–Concepción', 'Cambio de fecha de vuelo'],
  suppliers: AIR,
});
const ATENCION = cat('Atención a clientes', 'Representación', 'REP', '4-1-02-08-01', {
  docs: [
    ['33', 5],
    ['39', 5],
  ],
  min: 15_000,
  max: 180_000,
  notes: ['Cena con cliente minero', 'Atención visita proveedor'],
  suppliers: FOOD,
});
const MATERIALES = cat('Materiales de oficina', 'Oficina', 'OFI', '4-110-206-001', {
  docs: [
    ['33', 5],
    ['39', 5],
  ],
  min: 2_500,
  max: 120_000,
  notes: ['Resmas y tóner', 'Archivadores', 'Mouse y teclado'],
  suppliers: OFFICE,
});
const COURIER_CAT = cat('Courier y correspondencia', 'Oficina', 'OFI', '4-1-02-06-02', {
  docs: [
    ['33', 4],
    ['39', 6],
  ],
  min: 3_500,
  max: 45_000,
  notes: ['Envío de documentos a faena', 'Despacho muestras'],
  suppliers: COURIER,
});
const SOFTWARE_CAT = cat('Software y suscripciones', 'Oficina', 'OFI', '4-1-02-06-03', {
  docs: [
    ['33', 6],
    ['EXT', 4],
  ],
  min: 9_000,
  max: 150_000,
  notes: ['Suscripción mensual', 'Licencia anual'],
  suppliers: SOFTWARE,
});
const HONORARIOS = cat('Honorarios', 'Servicios profesionales', 'HON', '4110207001', {
  Instructions: 'Boleta de honorarios electrónica con retención',
  docs: [['H', 1]],
  min: 80_000,
  max: 650_000,
  notes: ['Asesoría contable', 'Diseño de presentación', 'Traducción de contrato', 'Capacitación en terreno'],
  suppliers: [],
});
const PASAJES_INT = cat('Pasajes aéreos internacionales', 'Viajes internacionales', 'INT', '4-1-02-03-03', {
  docs: [
    ['EXT', 8],
    ['34', 2],
  ],
  min: 250_000,
  max: 1_400_000,
  usd: 0.8,
  notes: ['Viaje a feria minera Lima', 'Reunión casa matriz'],
  suppliers: ABROAD,
});
const ALOJAMIENTO_INT = cat('Alojamiento en el extranjero', 'Viajes internacionales', 'INT', '4-1-02-05-03', {
  docs: [['EXT', 1]],
  min: 80_000,
  max: 450_000,
  usd: 1,
  notes: ['Hotel feria internacional', 'Hotel visita cliente'],
  suppliers: ABROAD,
});
const ALIMENTACION_INT = cat(
  'Alimentación en el extranjero',
  'Viajes internacionales',
  'INT',
  '4-1-02-05-04',
  {
    docs: [['EXT', 1]],
    min: 9_000,
    max: 90_000,
    usd: 1,
    notes: ['Almuerzo de trabajo', 'Cena con distribuidor'],
    suppliers: ABROAD,
  },
);

export const DEMO_COST_CENTERS: CostCenter[] = [
  { Code: 'CC-100', Value: 'Gerencia General' },
  { Code: 'CC-110', Value: 'Administración y Finanzas' },
  { Code: 'CC-210', Value: 'Faena Norte' },
  { Code: 'CC-220', Value: 'Faena Sur' },
  { Code: 'CC-300', Value: 'Comercial' },
  { Code: 'CC-310', Value: 'Ventas Regiones' },
  { Code: 'CC-400', Value: 'Operaciones Santiago' },
  { Code: 'CC-500', Value: 'Mantención' },
];

/** Expense extra fields of every policy: the fields the posting rules read (§11). */
export function expenseFieldDefs(costCenters: CostCenter[]): ExtraFieldDefJson[] {
  return [
    {
      Name: 'Tipo de Documento',
      Type: 'list',
      DefaultValue: '',
      DefaultCode: '',
      Options: DOCUMENT_TYPES.map((d) => ({ Value: d.Value, Code: d.Code })),
    },
    { Name: 'Número de Documento', Type: 'text', DefaultValue: '', DefaultCode: '', Options: [] },
    { Name: 'RUT Proveedor', Type: 'text', DefaultValue: '', DefaultCode: '', Options: [] },
    {
      Name: 'Centro de Costo',
      Type: 'list',
      DefaultValue: '',
      DefaultCode: '',
      Options: costCenters.map((c) => ({ Value: c.Value, Code: c.Code })),
    },
  ];
}

export const REPORT_TYPES = [
  { Code: 'REE', Value: 'Reembolso' },
  { Code: 'FXR', Value: 'Fondo por rendir' },
  { Code: 'CCH', Value: 'Caja chica' },
] as const;

export function reportFieldDefs(): ExtraFieldDefJson[] {
  return [
    {
      Name: 'Tipo de rendición',
      Type: 'list',
      DefaultValue: 'Reembolso',
      DefaultCode: 'REE',
      Options: REPORT_TYPES.map((t) => ({ Value: t.Value, Code: t.Code })),
    },
    {
      Name: 'Área',
      Type: 'list',
      DefaultValue: '',
      DefaultCode: '',
      Options: DEPARTMENTS.map((d) => ({ Value: d.name, Code: d.code })),
    },
  ];
}

export const TAXES: TaxJson[] = [
  { Type: 1, Name: 'IVA', Value: 19 },
  { Type: 2, Name: 'Retención honorarios', Value: 15.25 },
  { Type: 3, Name: 'Impuesto específico combustibles', Value: 0 },
];

interface Department {
  name: string;
  code: string;
  policyId: number;
  costCenters: string[];
  positions: string[];
}

const DEPARTMENTS: Department[] = [
  {
    name: 'Operaciones',
    code: 'OPER',
    policyId: 4044,
    costCenters: ['CC-210', 'CC-220', 'CC-500'],
    positions: ['Jefe de faena', 'Supervisor de turno', 'Mecánico', 'Operador'],
  },
  {
    name: 'Comercial',
    code: 'COM',
    policyId: 4045,
    costCenters: ['CC-300', 'CC-310'],
    positions: ['Ejecutivo comercial', 'Jefe de ventas', 'Key account manager'],
  },
  {
    name: 'Administración',
    code: 'ADM',
    policyId: 4046,
    costCenters: ['CC-110', 'CC-400'],
    positions: ['Analista contable', 'Asistente administrativa', 'Jefe de finanzas'],
  },
  { name: 'Gerencia', code: 'GER', policyId: 4047, costCenters: ['CC-100'], positions: ['Gerente de área'] },
];

const FIRST_NAMES = [
  'Camila',
  'Valentina',
  'Francisca',
  'Javiera',
  'Constanza',
  'Catalina',
  'Fernanda',
  'Daniela',
  'Carolina',
  'Paula',
  'Macarena',
  'Josefa',
  'Matías',
  'Sebastián',
  'Benjamín',
  'Vicente',
  'Nicolás',
  'Felipe',
  'Joaquín',
  'Diego',
  'Cristóbal',
  'Tomás',
  'Ignacio',
  'Gonzalo',
  'Rodrigo',
  'Patricio',
  'Claudio',
  'Mauricio',
];
const LAST_NAMES = [
  'González',
  'Muñoz',
  'Rojas',
  'Díaz',
  'Pérez',
  'Soto',
  'Contreras',
  'Silva',
  'Martínez',
  'Sepúlveda',
  'Morales',
  'Rodríguez',
  'López',
  'Fuentes',
  'Hernández',
  'Torres',
  'Araya',
  'Flores',
  'Espinoza',
  'Valenzuela',
  'Castillo',
  'Tapia',
  'Reyes',
  'Gutiérrez',
  'Castro',
  'Pizarro',
  'Álvarez',
  'Vásquez',
  'Sánchez',
  'Fernández',
];

/** The "Área" option code of a department name ("" when unknown). */
export function departmentCode(name: string): string {
  return DEPARTMENTS.find((d) => d.name === name)?.code ?? '';
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function user(
  Id: number,
  first: string,
  last: string,
  rutBody: number,
  dept: Department,
  costingCode: string,
  position: string,
  admin: boolean,
  management: boolean,
  domain: string,
  createdAt: string,
  lastLogin: string,
): UserJson {
  return {
    Id,
    FirstName: first,
    LastName: last,
    Email: `${ascii(first[0])}${ascii(last.split(' ')[0]).replace(/[^a-z]/g, '')}@${domain}`,
    Identification: formatRut(rutBody),
    CostingCode: costingCode,
    EmployeeNumber: String(1000 + (Id % 1000)),
    Department: dept.name,
    Position: position,
    CreatedAt: createdAt,
    LastLogin: lastLogin,
    Role: [{ Admin: admin, Management: management }],
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function generatedUsers(
  seed: number,
  count: number,
  firstId: number,
  domain: string,
  departments: Department[],
): UserJson[] {
  const out: UserJson[] = [];
  for (let k = 0; k < count; k++) {
    const r = new Rng(seedOf(seed, 7, k));
    const dept = departments[k % departments.length];
    const first = r.pick(FIRST_NAMES);
    const last = `${r.pick(LAST_NAMES)} ${r.pick(LAST_NAMES)}`;
    const created = `202${r.int(2, 4)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))} ${pad(r.int(8, 18))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
    const login = `2026-${pad(r.int(8, 11))}-${pad(r.int(1, 27))} ${pad(r.int(7, 20))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
    out.push(
      user(
        firstId + k,
        first,
        last,
        r.int(9_000_000, 21_999_999),
        dept,
        r.pick(dept.costCenters),
        r.pick(dept.positions),
        false,
        r.chance(0.15),
        domain,
        created,
        login,
      ),
    );
  }
  return out;
}

function policy(
  Id: number,
  Name: string,
  Code: string,
  Description: string,
  approverId: number,
  secondApproverId: number,
  categories: CategoryDef[],
  weight: number,
  IsActive = true,
): PolicyDef {
  return {
    Id,
    Name,
    Code,
    Description,
    IsActive,
    Currency: 'CLP',
    approverId,
    secondApproverId,
    categories,
    weight,
  };
}

/** "Comercial Andes SpA" (key `demo`): the company of the demo and of the worked example. */
export function demoProfile(seed: number): CompanyProfile {
  const [oper, , adm, ger] = DEPARTMENTS;
  const fixed: UserJson[] = [
    user(
      61,
      'Octavio',
      'Olivares',
      12345678,
      oper,
      'CC-210',
      'Jefe de faena',
      false,
      true,
      'andes.cl',
      '2023-03-01 10:22:11',
      '2025-06-13 08:02:45',
    ),
    user(
      64,
      'María',
      'Pérez',
      13987654,
      adm,
      'CC-110',
      'Jefa de administración',
      true,
      true,
      'andes.cl',
      '2022-08-15 09:00:00',
      '2026-11-20 09:12:03',
    ),
    user(
      70,
      'Jorge',
      'Soto',
      10456789,
      ger,
      'CC-100',
      'Gerente de operaciones',
      false,
      true,
      'andes.cl',
      '2022-08-15 09:05:00',
      '2026-11-19 18:40:27',
    ),
    user(
      71,
      'Gabriela',
      'Ibáñez',
      15678234,
      ger,
      'CC-100',
      'Gerenta general',
      true,
      true,
      'andes.cl',
      '2022-08-15 09:10:00',
      '2026-11-02 11:03:55',
    ),
  ];
  const users = [...fixed, ...generatedUsers(seed, 32, 100, 'andes.cl', DEPARTMENTS)];
  const userPolicy = new Map<number, number>();
  for (const u of users) userPolicy.set(u.Id, DEPARTMENTS.find((d) => d.name === u.Department)!.policyId);
  return {
    key: 'demo',
    name: 'Comercial Andes SpA',
    companyId: 109,
    adminUserId: 64,
    reportIdBase: 13_500_000,
    expenseIdBase: 60_000_000,
    addedReportIdBase: 19_000_000,
    addedExpenseIdBase: 79_000_000,
    firstReportNumber: 9001,
    policies: [
      policy(
        4044,
        'Departamento Maquinaria',
        'MAQ',
        'Gastos de taller y faena',
        64,
        70,
        [COMBUSTIBLE, ALIMENTACION, PEAJES, ESTACIONAMIENTO, REPUESTOS, ALOJAMIENTO],
        5,
      ),
      policy(
        4045,
        'Ventas y Comercial',
        'VTA',
        'Gastos de la fuerza de ventas',
        70,
        71,
        [ALIMENTACION, TAXI, PASAJES, ATENCION, COMBUSTIBLE, ESTACIONAMIENTO],
        3,
      ),
      policy(
        4046,
        'Administración y Finanzas',
        'ADM',
        'Gastos de oficina y servicios profesionales',
        64,
        71,
        [MATERIALES, HONORARIOS, COURIER_CAT, SOFTWARE_CAT, ALIMENTACION],
        2,
      ),
      policy(
        4047,
        'Gerencia - Viajes',
        'GER',
        'Viajes nacionales e internacionales de gerencia',
        71,
        71,
        [PASAJES_INT, ALOJAMIENTO_INT, ALIMENTACION_INT, TAXI, PASAJES],
        1,
      ),
      policy(
        4040,
        'Política 2024 (inactiva)',
        'OLD',
        'Reemplazada por las políticas por área',
        64,
        70,
        [ALIMENTACION, TAXI],
        0,
        false,
      ),
    ],
    costCenters: DEMO_COST_CENTERS,
    users,
    userPolicy,
    funds: [
      fund(6820, 'Caja chica Antofagasta', 'CCH-ANF', 61, 64, 300_000, 59_500, '2025-05-02 09:14:31'),
      fund(6821, 'Fondo por rendir faena sur', 'FXR-SUR', 104, 64, 500_000, 212_300, '2025-07-11 15:40:02'),
      fund(6822, 'Caja chica casa matriz', 'CCH-STG', 64, 71, 200_000, 148_900, '2025-02-03 08:30:00'),
      fund(6823, 'Fondo feria Expomin', 'FXR-EXPO', 70, 71, 1_500_000, 1_500_000, '2026-03-20 12:00:00', 2),
    ],
    taxes: TAXES,
  };
}

/** A second company (key `other`) with its own token and data, to prove tokens are per company. */
export function otherProfile(seed: number): CompanyProfile {
  const depts = DEPARTMENTS.slice(1, 3).map((d) => ({ ...d, policyId: d.policyId === 4045 ? 5101 : 5102 }));
  const centers: CostCenter[] = [
    { Code: 'V-01', Value: 'Ventas' },
    { Code: 'A-01', Value: 'Administración' },
  ];
  const users = generatedUsers(seed, 8, 5001, 'pacifico.cl', depts).map((u, k) => ({
    ...u,
    CostingCode: k % 2 === 0 ? 'V-01' : 'A-01',
    Role: [{ Admin: k === 1, Management: k < 2 }],
  }));
  const userPolicy = new Map<number, number>();
  for (const u of users) userPolicy.set(u.Id, depts.find((d) => d.name === u.Department)!.policyId);
  return {
    key: 'other',
    name: 'Distribuidora Pacífico Ltda.',
    companyId: 2231,
    adminUserId: users[1].Id,
    reportIdBase: 15_000_000,
    expenseIdBase: 70_000_000,
    addedReportIdBase: 19_500_000,
    addedExpenseIdBase: 79_500_000,
    firstReportNumber: 101,
    policies: [
      policy(
        5101,
        'Ventas',
        'VEN',
        'Fuerza de ventas',
        users[1].Id,
        users[1].Id,
        [ALIMENTACION, TAXI, COMBUSTIBLE],
        2,
      ),
      policy(
        5102,
        'Administración',
        'ADM',
        'Oficina central',
        users[1].Id,
        users[1].Id,
        [MATERIALES, HONORARIOS],
        1,
      ),
    ],
    costCenters: centers,
    users,
    userPolicy,
    funds: [
      fund(
        7301,
        'Caja chica Valparaíso',
        'CCH-VAP',
        users[0].Id,
        users[1].Id,
        150_000,
        42_000,
        '2025-09-01 10:00:00',
      ),
    ],
    taxes: TAXES,
  };
}

function fund(
  Id: number,
  Title: string,
  Code: string,
  holder: number,
  creator: number,
  deposits: number,
  withdrawals: number,
  createdAt: string,
  status = 1,
): FundJson {
  return {
    Id,
    Title,
    Code,
    Currency: 'CLP',
    IdAssignTo: holder,
    IdCreator: creator,
    Deposits: deposits,
    Withdrawals: withdrawals,
    Balance: deposits - withdrawals,
    Status: status,
    CreatedAt: createdAt,
    ExpirationDate: '',
    FlexibleFund: '1',
    ManualDeposit: false,
    AutomaticBlock: false,
    Transactions: [
      {
        TransactionType: 1,
        TransactionTypeName: 'Depósito',
        TransactionAmount: deposits,
        TransactionDate: createdAt.slice(0, 10),
      },
    ],
  };
}
