import type { ExpenseJson, ExpenseReportJson, RunningSandbox } from '../../sandbox/index';

/** The duplicate-document report of docs/accounting-rules.md: 8850 repeats 8842's Copec factura. */
export const DUPLICATE_REPORT = 990201;
export const DUPLICATE_EXPENSE = 990211;

export const REPORT_BASE: Partial<ExpenseReportJson> = {
  Title: 'Rendición junio',
  SendDate: '2025-06-24',
  Status: 1,
  EmployeeId: 61,
  EmployeeName: 'Octavio Olivares',
  EmployeeIdentification: '12.345.678-5',
  PolicyId: 4044,
};

export const CC: ExpenseJson['ExtraFields'][number] = {
  Name: 'Centro de Costo',
  Value: 'Faena Norte',
  Code: 'CC-210',
};

/** Report 8850: the worked example's Copec factura again (same RUT, type and folio). */
export function addDuplicateReport(sandbox: RunningSandbox) {
  sandbox.addReport(
    'demo',
    { ...REPORT_BASE, Id: DUPLICATE_REPORT, ReportNumber: '8850', CloseDate: '2025-06-25' },
    [
      {
        Id: DUPLICATE_EXPENSE,
        Status: 1,
        Supplier: 'COPEC S.A.',
        IssueDate: '2025-06-09',
        Category: 'Combustible',
        CategoryCode: '4-1-02-01-02',
        Net: 29580,
        Tax: 5620,
        OtherTaxes: 24300,
        Total: 59500,
        ExtraFields: [
          { Name: 'Tipo de Documento', Value: 'Factura Electrónica', Code: '33' },
          { Name: 'Número de Documento', Value: '1234567', Code: '' },
          { Name: 'RUT Proveedor', Value: '99520000-7', Code: '' },
          CC,
        ],
      },
    ],
  );
}
