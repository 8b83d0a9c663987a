import type { Problem } from '../../plugin/accounting/model';
import type { RemoteReport } from '../../plugin/reports/model';
import type { Expense, ExpenseReport } from '../../plugin/rindegastos/api';

/** A v1 expense as rindegastos-api.md §4.3 shows it (the COPEC factura), with overrides. */
export function buildApiExpense(overrides: Partial<Expense> = {}): Expense {
  return {
    Id: 75528397,
    Status: 1,
    Supplier: 'COPEC S.A.',
    IssueDate: '2025-06-09',
    OriginalAmount: 59500,
    OriginalCurrency: 'CLP',
    ExchangeRate: 1,
    Net: 29580,
    Tax: 5620,
    TaxName: 'IVA',
    OtherTaxes: 24300,
    RetentionName: '',
    Retention: 0,
    Total: 59500,
    Currency: 'CLP',
    Reimbursable: true,
    Category: 'Combustible',
    CategoryCode: '4-1-02-01-02',
    CategoryGroup: 'Vehículos',
    CategoryGroupCode: 'VEH',
    Note: 'Carga camioneta faena norte',
    IntegrationDate: '',
    IntegrationExternalCode: '',
    ExtraFields: [
      { Name: 'Tipo de Documento', Value: 'Factura Electrónica', Code: '33' },
      { Name: 'Número de Documento', Value: '1234567', Code: '' },
      { Name: 'RUT Proveedor', Value: '99.520.000-7', Code: '' },
      { Name: 'Centro de Costo', Value: 'Faena Norte', Code: 'CC-210' },
    ],
    Files: [],
    NbrFiles: 1,
    ReportId: 13421804,
    ExpensePolicyId: 4044,
    UserId: 61,
    ...overrides,
  };
}

/** A boleta (document 39) for `Total` pesos. */
export function buildApiBoleta(overrides: Partial<Expense> = {}): Expense {
  const total = overrides.Total ?? 18500;
  return buildApiExpense({
    Id: 75528979,
    Supplier: 'Restaurant El Puerto',
    IssueDate: '2025-06-10',
    OriginalAmount: total,
    Net: total,
    Tax: 0,
    TaxName: '',
    OtherTaxes: 0,
    Total: total,
    Category: 'Alimentación',
    CategoryCode: '4-1-02-05-01',
    CategoryGroup: 'Viáticos',
    CategoryGroupCode: 'VIA',
    Note: 'Almuerzo cliente',
    ExtraFields: [
      { Name: 'Tipo de Documento', Value: 'Boleta Electrónica', Code: '39' },
      { Name: 'Centro de Costo', Value: 'Comercial', Code: 'CC-300' },
    ],
    NbrFiles: 0,
    ...overrides,
  });
}

/** A closed, not integrated v1 report as rindegastos-api.md §5.3 shows it, with overrides. */
export function buildApiReport(overrides: Partial<ExpenseReport> = {}): ExpenseReport {
  return {
    Id: 13421804,
    Title: 'Rendición junio - faena norte',
    ReportNumber: '8842',
    SendDate: '2025-06-13',
    CloseDate: '2025-06-20',
    EmployeeId: 61,
    EmployeeName: 'Octavio Olivares',
    EmployeeIdentification: '12.345.678-5',
    ApproverId: 64,
    ApproverName: 'María Pérez',
    PolicyId: 4044,
    PolicyName: 'Departamento Maquinaria',
    Status: 1,
    CustomStatus: '',
    FundId: 0,
    FundName: '',
    ReportTotal: 78000,
    ReportTotalApproved: 78000,
    Currency: 'CLP',
    Note: '',
    Integrated: '',
    IntegrationDate: '',
    IntegrationExternalCode: '',
    IntegrationInternalCode: '',
    NbrExpenses: 2,
    NbrApprovedExpenses: 2,
    NbrRejectedExpenses: 0,
    ExtraFields: [{ Name: 'Tipo de rendición', Value: 'Fondo por rendir', Code: 'FXR' }],
    ...overrides,
  };
}

/** The worked example's report 8842 with its factura and boleta (their ReportId set to the report's). */
export function buildRemoteReport(
  overrides: Partial<ExpenseReport> = {},
  expenses: Expense[] = [buildApiExpense(), buildApiBoleta()],
): RemoteReport {
  const report = buildApiReport(overrides);
  return { report, expenses: expenses.map((e) => ({ ...e, ReportId: report.Id })) };
}

const FIRST_NAMES = ['Octavio', 'María', 'José', 'Camila', 'Ñuño', 'Valentina', 'Andrés', 'Sofía'];
const LAST_NAMES = ['Olivares', 'Pérez', 'González', 'Muñoz', 'Rojas', 'Díaz', 'Soto', 'Contreras'];
const TITLES = [
  'Rendición faena norte',
  'Viaje a Santiago',
  'Gastos de oficina',
  'Visita cliente 50% off_site',
];

/**
 * `count` distinct reports with deterministic, varied content: ids from `firstId` upward,
 * close dates spread over 2025 (every 7th report closing on the same day as the previous one,
 * so the id tiebreak is exercised), employees and titles from small lists, `expensesPerReport`
 * boletas each.
 */
export function generateRemoteReports(
  count: number,
  opts: { firstId?: number; expensesPerReport?: number } = {},
): RemoteReport[] {
  const firstId = opts.firstId ?? 20_000_000;
  const perReport = opts.expensesPerReport ?? 2;
  const out: RemoteReport[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const dayOfYear = i % 7 === 6 ? ((i - 1) * 13) % 360 : (i * 13) % 360;
    const close = new Date(Date.UTC(2025, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    const employee = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]}`;
    const expenses = Array.from({ length: perReport }, (_, j) =>
      buildApiBoleta({ Id: id * 100 + j, ReportId: id, Total: 1000 * (j + 1) + i }),
    );
    out.push({
      report: buildApiReport({
        Id: id,
        ReportNumber: String(1000 + i),
        Title: `${TITLES[i % TITLES.length]} ${i}`,
        EmployeeName: employee,
        EmployeeId: 100 + (i % 40),
        CloseDate: close,
        SendDate: close,
        NbrExpenses: perReport,
      }),
      expenses,
    });
  }
  return out;
}

/** A builder problem, as the voucher builder reports it. */
export function buildProblem(overrides: Partial<Problem> = {}): Problem {
  return {
    code: 'unmapped_category',
    message:
      'La categoría «Combustible» no tiene cuentas Debe/Haber: asígnelas en Configuración › Centralización › Categorías.',
    subject: { kind: 'category', key: 'Combustible' },
    expenseIds: [75528397],
    ...overrides,
  };
}
