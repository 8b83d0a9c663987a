import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, startPostingBed, type PostingBed, mapItem } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';
import { addDuplicateReport, CC, DUPLICATE_REPORT, REPORT_BASE } from '../../support/documentRuleReports';

const WORKED_REPORT = '13421804';
const FEES_REPORT = 990301;

/** The worked example's Centralización (chile-accounting.md §3) plus a fees category. */
async function configure(bed: PostingBed) {
  await bed.ok('settings.put', {
    body: {
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
      mergeLines: 'credit',
      importFrom: '2025-01-01',
    },
  });
  await mapItem(bed, 'invoice-categories', 'Combustible', {
    debitAccount: '4110201002',
    creditAccount: '2110701001',
  });
  await mapItem(bed, 'categories', 'Alimentación', {
    debitAccount: '4110205001',
    creditAccount: '2110701001',
  });
  await mapItem(bed, 'categories', 'Asesorías', { debitAccount: '4110207001', creditAccount: '2110701001' });
  await mapItem(bed, 'cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
}

function lineRows(
  lines: {
    accountCode: string;
    debit: number;
    credit: number;
    auxiliary?: { rut: string };
    document?: { type: string; number: string };
  }[],
) {
  return lines.map((l) => [
    l.accountCode,
    l.debit,
    l.credit,
    l.auxiliary?.rut ?? '',
    l.document ? `${l.document.type} ${l.document.number}` : '',
  ]);
}

forEachDatabase('document rules through the host pipeline, against the sandbox', (suite) => {
  const sandbox = useSandbox({ reports: 4, expensesPerReport: 2 });
  let bed: PostingBed;

  beforeEach(async () => {
    sandbox().reset();
    sandbox().addCategory('demo', 4044, { Name: 'Asesorías', AccountCode: '4-1-02-07-01' });
    bed = await startPostingBed(suite.db, sandbox());
    await bed.ok('catalog.import');
    await configure(bed);
  });
  afterEach(() => bed.stop());

  it('blocks a factura already booked by another report, until released as "no es duplicado" (audited, kept across syncs)', async () => {
    await bed.sync();
    const first = await bed.call('reports.post', { params: { id: WORKED_REPORT } });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const [worked] = (first.body as { vouchers: { number: number }[] }).vouchers;

    addDuplicateReport(sandbox());
    await bed.sync();
    const blocked = await bed.ok<{
      report: { state: string };
      issues: { code: string; severity: string; message: string }[];
    }>('reports.get', { params: { id: String(DUPLICATE_REPORT) } });
    expect(blocked.report.state).to.equal('blocked');
    const duplicate = blocked.issues.find((i) => i.code === 'duplicate_document');
    expect(duplicate?.severity).to.equal('error');
    expect(duplicate?.message).to.include(
      `comprobante N° ${worked.number} del informe N° 8842 (gasto 75528397)`,
    );
    const listed = await bed.ok<{ groups: { code: string; severity: string }[] }>('issues.list');
    expect(listed.groups.map((g) => [g.code, g.severity])).to.deep.include(['duplicate_document', 'error']);

    const refused = await bed.call('reports.post', { params: { id: String(DUPLICATE_REPORT) } });
    expect(refused.status).to.equal(422);

    const release = await bed.call('reports.releaseDuplicate', {
      params: { id: String(DUPLICATE_REPORT), expenseId: '990211' },
    });
    expect(release.status, JSON.stringify(release.body)).to.equal(201);
    const audit = await suite.db('rg_audit').where({ company_id: COMPANY, action: 'duplicate.released' });
    expect(audit.map((a: { subject: string; actor_id: string }) => [a.subject, a.actor_id])).to.deep.equal([
      ['expense:990211', 'u-admin'],
    ]);
    // Releasing twice changes nothing and is not audited again.
    const again = await bed.call('reports.releaseDuplicate', {
      params: { id: String(DUPLICATE_REPORT), expenseId: '990211' },
    });
    expect(again.status).to.equal(200);

    // The report changes in Rindegastos and is synced again: the release holds.
    sandbox().updateExpense('demo', 990211, { Note: 'Segunda carga, misma factura' });
    await bed.sync();
    const after = await bed.ok<{ report: { state: string }; issues: { code: string }[] }>('reports.get', {
      params: { id: String(DUPLICATE_REPORT) },
    });
    expect(after.report.state).to.equal('ready');
    expect(after.issues.map((i) => i.code)).to.not.include('duplicate_document');

    const posted = await bed.call('reports.post', { params: { id: String(DUPLICATE_REPORT) } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    const [voucher] = (posted.body as { vouchers: { lines: Parameters<typeof lineRows>[0] }[] }).vouchers;
    expect(lineRows(voucher.lines)).to.deep.equal([
      ['4110201002', 53880, 0, '', ''],
      ['1110601001', 5620, 0, '99.520.000-7', '33 1234567'],
      ['2110701001', 0, 59500, '12.345.678-5', ''],
    ]);
    expect(
      (await suite.db('rg_audit').where({ company_id: COMPANY, action: 'duplicate.released' })).length,
    ).to.equal(1);
  });

  it('posts a factura once when two reports of one automatic sync carry it', async () => {
    await bed.ok('settings.put', { body: { autoPost: true } });
    addDuplicateReport(sandbox());
    await bed.sync();
    const states = await Promise.all(
      [WORKED_REPORT, String(DUPLICATE_REPORT)].map(
        async (id) =>
          (await bed.ok<{ report: { state: string } }>('reports.get', { params: { id } })).report.state,
      ),
    );
    expect(states.slice().sort()).to.deep.equal(['blocked', 'posted']);
    const booked = await suite.db('rg_booked_documents').where({ company_id: COMPANY, kind: 'factura' });
    expect(booked.map((b: { doc_key: string }) => b.doc_key)).to.deep.equal(['factura:995200007:33:1234567']);
  });

  it('lets the document be booked again once its voucher is reversed', async () => {
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    await bed.ok('reports.reverse', { params: { id: WORKED_REPORT }, body: { reason: 'prueba' } });
    addDuplicateReport(sandbox());
    await bed.sync();
    const posted = await bed.call('reports.post', { params: { id: String(DUPLICATE_REPORT) } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
  });

  it('posts a report with advertencias, shown on the report and in /issues, and a closed period per the policy', async () => {
    await bed.ok('settings.put', { body: { staleExpenseDays: 90 } });
    sandbox().addReport(
      'demo',
      { ...REPORT_BASE, Id: 990401, ReportNumber: '8870', CloseDate: '2025-06-20' },
      [
        {
          Id: 990411,
          Status: 1,
          Supplier: 'Comercial Los Andes',
          IssueDate: '2025-06-15',
          Category: 'Combustible',
          CategoryCode: '4-1-02-01-02',
          Net: 10000,
          Tax: 1900,
          Total: 11900,
          ExtraFields: [
            { Name: 'Tipo de Documento', Value: 'Factura Electrónica', Code: '33' },
            { Name: 'Número de Documento', Value: '501', Code: '' },
            { Name: 'RUT Proveedor', Value: '76123456-0', Code: '' },
            CC,
          ],
        },
        {
          Id: 990412,
          Status: 1,
          Supplier: 'Restaurant El Puerto',
          IssueDate: '2025-03-01',
          Category: 'Alimentación',
          CategoryCode: '4-1-02-05-01',
          Net: 4500,
          Total: 4500,
          ExtraFields: [{ Name: 'Tipo de Documento', Value: 'Boleta Electrónica', Code: '39' }, CC],
        },
      ],
    );
    await bed.ledger.closePeriod(COMPANY, '2025-06');
    await bed.sync();
    const blocked = await bed.ok<{ report: { state: string }; issues: { code: string; severity: string }[] }>(
      'reports.get',
      { params: { id: '990401' } },
    );
    expect(blocked.report.state).to.equal('blocked');
    expect(blocked.issues.map((i) => [i.severity, i.code])).to.have.deep.members([
      ['error', 'closed_period'],
      ['advertencia', 'own_rut_supplier'],
      ['advertencia', 'stale_expense'],
    ]);

    await bed.ok('settings.put', { body: { closedPeriodPolicy: 'primerDiaAbierto' } });
    const posted = await bed.call('reports.post', { params: { id: '990401' } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    const [voucher] = (
      posted.body as { vouchers: { date: string; glosa: string; lines: Parameters<typeof lineRows>[0] }[] }
    ).vouchers;
    expect(voucher.date).to.equal('2025-07-01');
    expect(voucher.glosa).to.equal(
      'Rendición N° 8870 Octavio Olivares (período 2025-06 cerrado, fecha original 2025-06-20)',
    );
    expect(lineRows(voucher.lines)).to.deep.equal([
      ['4110201002', 10000, 0, '', ''],
      ['1110601001', 1900, 0, '76.123.456-0', '33 501'],
      ['4110205001', 4500, 0, '', ''],
      ['2110701001', 0, 16400, '12.345.678-5', ''],
    ]);
    const detail = await bed.ok<{ report: { state: string }; issues: { code: string; severity: string }[] }>(
      'reports.get',
      { params: { id: '990401' } },
    );
    expect(detail.report.state).to.equal('posted');
    const listed = await bed.ok<{ counts: { warnings: number; reports: number } }>('issues.list');
    expect(listed.counts).to.deep.include({ warnings: 2 });
  });

  it('extracts the monthly Libro de honorarios from posted vouchers, flags a boleta without RUT, and matches the ledger', async () => {
    sandbox().addReport(
      'demo',
      { ...REPORT_BASE, Id: FEES_REPORT, ReportNumber: '8860', CloseDate: '2025-06-30' },
      [
        {
          Id: 990311,
          Status: 1,
          Supplier: 'Juana Pérez',
          IssueDate: '2025-06-12',
          Category: 'Asesorías',
          CategoryCode: '4-1-02-07-01',
          Net: 100000,
          Total: 100000,
          Retention: 14500,
          RetentionName: 'Retención 14,5%',
          ExtraFields: [
            { Name: 'Tipo de Documento', Value: 'Boleta de Honorarios', Code: 'BH' },
            { Name: 'Número de Documento', Value: '345', Code: '' },
            { Name: 'RUT Proveedor', Value: '15.432.876-9', Code: '' },
            CC,
          ],
        },
        {
          Id: 990312,
          Status: 1,
          Supplier: 'Pedro Soto',
          IssueDate: '2025-06-20',
          Category: 'Asesorías',
          CategoryCode: '4-1-02-07-01',
          Net: 50000,
          Total: 50000,
          Retention: 7250,
          RetentionName: 'Retención 14,5%',
          ExtraFields: [
            { Name: 'Tipo de Documento', Value: 'Boleta de Honorarios', Code: 'BH' },
            { Name: 'Número de Documento', Value: '346', Code: '' },
            CC,
          ],
        },
      ],
    );
    await bed.sync();
    const posted = await bed.call('reports.post', { params: { id: String(FEES_REPORT) } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    const [voucher] = (
      posted.body as { vouchers: { number: number; lines: Parameters<typeof lineRows>[0] }[] }
    ).vouchers;
    expect(lineRows(voucher.lines)).to.deep.equal([
      ['4110207001', 100000, 0, '', ''],
      ['4110207001', 50000, 0, '', ''],
      ['2110501002', 0, 21750, '', ''],
      ['2110701001', 0, 128250, '12.345.678-5', ''],
    ]);

    const book = await bed.ok<{
      rows: { number: string; rut: string; gross: number; retention: number; net: number; flag: string }[];
      totals: Record<string, number>;
      ledger: { retention: number; matches: boolean };
    }>('books.honorarios', { query: { month: '2025-06' } });
    expect(book.rows.map((r) => [r.number, r.rut, r.gross, r.retention, r.net, r.flag])).to.deep.equal([
      ['345', '15.432.876-9', 100000, 14500, 85500, ''],
      ['346', '', 50000, 7250, 42750, 'sin RUT del prestador'],
    ]);
    expect(book.totals).to.deep.equal({ gross: 150000, retention: 21750, net: 128250 });
    expect(book.ledger).to.deep.include({ retention: 21750, matches: true });

    const csv = await bed.call('books.honorarios', { query: { month: '2025-06', format: 'csv' } });
    expect(csv.contentType).to.equal('text/csv; charset=utf-8');
    expect(String(csv.body).split('\r\n')).to.deep.equal([
      'fecha,N° boleta,RUT,nombre,bruto,retención,líquido,comprobante,observación',
      `2025-06-12,345,15.432.876-9,Juana Pérez,100000,14500,85500,${voucher.number},`,
      `2025-06-20,346,,Pedro Soto,50000,7250,42750,${voucher.number},sin RUT del prestador`,
      ',,,TOTAL,150000,21750,128250,,',
      '',
    ]);
    expect(
      (await bed.ok<{ rows: unknown[] }>('books.honorarios', { query: { month: '2025-07' } })).rows,
    ).to.deep.equal([]);
    const bad = await bed.call('books.honorarios', { query: { month: '2025-13' } });
    expect(bad.status).to.equal(400);

    // Reversed, the boletas leave the book.
    await bed.ok('reports.reverse', { params: { id: String(FEES_REPORT) }, body: { reason: 'prueba' } });
    expect(
      (await bed.ok<{ rows: unknown[] }>('books.honorarios', { query: { month: '2025-06' } })).rows,
    ).to.deep.equal([]);
  });
});
