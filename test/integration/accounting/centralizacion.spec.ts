import { expect } from 'chai';
import { idempotencyKey } from '../../../plugin/posting/PostingService';
import { forEachDatabase } from '../../support/databases';
import { COMPANY, startPostingBed, type PostingBed, mapItem } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

const WORKED_REPORT = '13421804';

/** The Centralización of chile-accounting.md §3's worked example. */
async function configureWorkedExample(bed: PostingBed, extra: Record<string, unknown> = {}) {
  await bed.ok('settings.put', {
    body: {
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
      mergeLines: 'credit',
      importFrom: '2025-01-01',
      ...extra,
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
  await mapItem(bed, 'cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
}

async function rindegastosVouchers(bed: PostingBed) {
  return bed.ledger.listVouchers(COMPANY, { source: 'rindegastos' });
}

forEachDatabase('Centralización through the host pipeline, against the sandbox', (suite) => {
  const sandbox = useSandbox({ reports: 6, expensesPerReport: 3 });
  let bed: PostingBed;

  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
  });
  afterEach(() => bed.stop());

  it('posts the worked example exactly as chile-accounting.md shows it, to the peso, with its analyses', async () => {
    await configureWorkedExample(bed);
    const run = await bed.sync();
    expect(run.status, JSON.stringify(run)).to.not.equal('failed');
    const posted = await bed.call('reports.post', { params: { id: WORKED_REPORT } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);

    const [voucher] = await rindegastosVouchers(bed);
    expect(voucher).to.include({
      type: 'TRASPASO',
      date: '2025-06-20',
      glosa: 'Rendición N° 8842 Octavio Olivares',
    });
    const lines = voucher.lines.map((l) => ({
      account: l.accountCode,
      debit: l.debit,
      credit: l.credit,
      center: l.businessCenterCode ?? null,
      auxiliary: l.auxiliary?.rut ?? null,
      document: l.document ? `${l.document.type} ${l.document.number}` : null,
    }));
    expect(lines).to.deep.equal([
      {
        account: '4110201002',
        debit: 53880,
        credit: 0,
        center: 'EMPNEGVTAVTA000',
        auxiliary: null,
        document: null,
      },
      {
        account: '1110601001',
        debit: 5620,
        credit: 0,
        center: null,
        auxiliary: '99.520.000-7',
        document: '33 1234567',
      },
      {
        account: '4110205001',
        debit: 18500,
        credit: 0,
        center: 'EMPNEGVTAVTA000',
        auxiliary: null,
        document: null,
      },
      {
        account: '2110701001',
        debit: 0,
        credit: 78000,
        center: null,
        auxiliary: '12.345.678-5',
        document: null,
      },
    ]);
    // Each line says where it came from.
    expect(voucher.lines[0].origin).to.deep.include({ expenseIds: [75528397] });
    expect(voucher.lines[3].origin?.expenseIds).to.have.members([75528397, 75528979]);
  });

  it('never posts a second voucher: importing and posting twice changes nothing', async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    const again = await bed.call('reports.post', { params: { id: WORKED_REPORT } });
    expect(again.status).to.equal(200);
    expect((again.body as { status: string }).status).to.equal('already_posted');
    // Rindegastos forgets the mark (e.g. someone cleared it): the next sync imports the report again.
    sandbox().clearMarks('demo');
    await bed.ok('settings.put', { body: { autoPost: true } });
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    expect((await rindegastosVouchers(bed)).filter((v) => v.glosa.includes('8842'))).to.have.length(1);
  });

  it('marks the report integrated in Rindegastos with the voucher number, and clears it after reversal', async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    const [voucher] = await rindegastosVouchers(bed);
    const marks = sandbox().listMarks('demo');
    const reportMark = marks.reports.find((m) => m.Id === Number(WORKED_REPORT));
    expect(reportMark).to.include({ IntegrationStatus: 1, IntegrationCode: String(voucher.number) });
    expect(marks.expenses.filter((m) => m.IntegrationStatus === 1).map((m) => m.Id)).to.have.members([
      75528397, 75528979,
    ]);

    const reversed = await bed.call('reports.reverse', {
      params: { id: WORKED_REPORT },
      body: { reason: 'Error de asignación' },
    });
    expect(reversed.status, JSON.stringify(reversed.body)).to.equal(201);
    const after = sandbox().listMarks('demo');
    expect(after.reports.find((m) => m.Id === Number(WORKED_REPORT))).to.include({
      IntegrationStatus: 0,
      IntegrationCode: '',
    });
    expect(after.expenses.filter((m) => m.IntegrationStatus === 1)).to.deep.equal([]);
  });

  it('reverse then post again creates a reversal and exactly one new voucher', async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    await bed.ok('reports.reverse', { params: { id: WORKED_REPORT } });
    const detail = await bed.ok<{ report: { state: string; posted: boolean } }>('reports.get', {
      params: { id: WORKED_REPORT },
    });
    expect(detail.report).to.include({ state: 'reversed', posted: false });

    const again = await bed.call('reports.post', { params: { id: WORKED_REPORT } });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    const vouchers = (await rindegastosVouchers(bed)).filter(
      (v) => v.glosa.includes('8842') || v.reversesVoucherId,
    );
    const originals = vouchers.filter((v) => !v.reversesVoucherId);
    const reversals = vouchers.filter((v) => v.reversesVoucherId);
    expect(originals).to.have.length(2);
    expect(reversals).to.have.length(1);
    expect(originals.filter((v) => v.status === 'posted')).to.have.length(1);
    const mark = sandbox()
      .listMarks('demo')
      .reports.find((m) => m.Id === Number(WORKED_REPORT));
    const live = originals.find((v) => v.status === 'posted')!;
    expect(mark).to.include({ IntegrationStatus: 1, IntegrationCode: String(live.number) });
  });

  it("never adopts a reversal made in the ERP under the report's own posting key (409, nothing marked)", async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    const row = await suite.db('rg_reports').where({ company_id: COMPANY, remote_id: WORKED_REPORT }).first();
    const key = idempotencyKey(COMPANY, Number(WORKED_REPORT), row.content_hash, 'report', 0);
    // The probe: another voucher, reversed in the ERP under a key shaped like the report's.
    const other = await bed.ledger.posting.submit(
      COMPANY,
      {
        source: 'manual',
        type: 'TRASPASO',
        date: '2025-06-20',
        glosa: 'Ajuste manual',
        currency: 'CLP',
        lines: [
          {
            accountCode: '1110701001',
            debit: 1000,
            credit: 0,
            glosa: 'x',
            auxiliary: { rut: '76.123.456-0', name: 'X' },
          },
          {
            accountCode: '2110701001',
            debit: 0,
            credit: 1000,
            glosa: 'x',
            auxiliary: { rut: '76.123.456-0', name: 'X' },
          },
        ],
      },
      { idempotencyKey: 'manual-1' },
    );
    await bed.ledger.reverse(COMPANY, other.id, { reason: 'prueba', idempotencyKey: key });

    const posted = await bed.call('reports.post', { params: { id: WORKED_REPORT } });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(409);
    expect(await rindegastosVouchers(bed)).to.deep.equal([]);
    const after = await suite
      .db('rg_reports')
      .where({ company_id: COMPANY, remote_id: WORKED_REPORT })
      .first();
    expect(after.state).to.equal('failed');
    expect(await suite.db('rg_postings').where({ company_id: COMPANY })).to.deep.equal([]);
    expect(await suite.db('rg_outbox').where({ company_id: COMPANY })).to.deep.equal([]);
  });

  it('returns the report to pending and clears its mark in Rindegastos at once when the ERP itself deletes its voucher', async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    await bed.ok('reports.post', { params: { id: WORKED_REPORT } });
    const [voucher] = await rindegastosVouchers(bed);
    await bed.ledger.deleteVoucher(COMPANY, voucher.id);
    const detail = await bed.ok<{ report: { state: string } }>('reports.get', {
      params: { id: WORKED_REPORT },
    });
    expect(detail.report.state).to.equal('reversed');
    // The un-mark is sent right away, without waiting for the next sync.
    expect(
      sandbox()
        .listMarks('demo')
        .reports.find((m) => m.Id === Number(WORKED_REPORT)),
    ).to.include({ IntegrationStatus: 0 });
    await bed.sync();
    expect(
      (await bed.ok<{ report: { state: string } }>('reports.get', { params: { id: WORKED_REPORT } })).report
        .state,
    ).to.equal('reversed');
  });

  it('blocks a report naming two unmapped categories and one unmapped cost center, then posts it once they are mapped', async () => {
    await bed.ok('settings.put', {
      body: { ivaCreditAccount: '1110601001', importFrom: '2025-01-01', autoPost: true },
    });
    sandbox().addReport(
      'demo',
      {
        Id: 990001,
        ReportNumber: '9001',
        Title: 'Viaje a faena',
        CloseDate: '2025-07-10',
        SendDate: '2025-07-08',
        Status: 1,
        EmployeeId: 61,
        EmployeeName: 'Octavio Olivares',
        EmployeeIdentification: '12.345.678-5',
        PolicyId: 4044,
      },
      [
        {
          Id: 990101,
          Status: 1,
          Category: 'Peajes',
          CategoryCode: '4-1-02-03-09',
          Total: 3200,
          Net: 3200,
          ExtraFields: [
            { Name: 'Tipo de Documento', Value: 'Ticket', Code: 'TK' },
            { Name: 'Centro de Costo', Value: 'Zona Sur', Code: 'CC-999' },
          ],
        },
        {
          Id: 990102,
          Status: 1,
          Category: 'Estacionamientos',
          CategoryCode: '4-1-02-03-10',
          Total: 2500,
          Net: 2500,
          ExtraFields: [
            { Name: 'Tipo de Documento', Value: 'Ticket', Code: 'TK' },
            { Name: 'Centro de Costo', Value: 'Zona Sur', Code: 'CC-999' },
          ],
        },
      ],
    );
    sandbox().addCategory('demo', 4044, { Name: 'Peajes', AccountCode: '4-1-02-03-09' });
    sandbox().addCategory('demo', 4044, { Name: 'Estacionamientos', AccountCode: '4-1-02-03-10' });
    sandbox().setExpenseFieldOptions('demo', 'Centro de Costo', [
      { Value: 'Zona Sur', Code: 'CC-999' },
      { Value: 'Faena Norte', Code: 'CC-210' },
    ]);
    await bed.ok('catalog.import');
    await bed.sync();

    const detail = await bed.ok<{
      report: { state: string };
      issues: { code: string; subjectKey?: string; subject?: { key: string } }[];
    }>('reports.get', { params: { id: '990001' } });
    expect(detail.report.state).to.equal('blocked');
    const named = detail.issues.map((i) => `${i.code}:${i.subject?.key ?? i.subjectKey}`);
    expect(named).to.include.members([
      'unmapped_category:Peajes',
      'unmapped_category:Estacionamientos',
      'unmapped_cost_center:CC-999',
    ]);

    const grouped = await bed.ok<{
      groups: { code: string; subject: { key: string }; reports: { id: number }[] }[];
    }>('issues.list');
    const cause = grouped.groups.find((g) => g.code === 'unmapped_cost_center' && g.subject.key === 'CC-999');
    expect(cause?.reports.map((r) => r.id)).to.deep.equal([990001]);

    const stillBlocked = await mapItem(bed, 'categories', 'Peajes', {
      debitAccount: '4110203001',
      creditAccount: '2110701001',
    });
    // Saving says what it released: nothing yet, the report still has two other problems.
    expect(stillBlocked).to.deep.include({ released: 0, posted: 0 });
    await mapItem(bed, 'categories', 'Estacionamientos', {
      debitAccount: '4110203001',
      creditAccount: '2110701001',
    });
    expect(
      (await bed.ok<{ report: { state: string } }>('reports.get', { params: { id: '990001' } })).report.state,
    ).to.equal('blocked');
    const released = await mapItem(bed, 'cost-centers', 'CC-999', { businessCenter: 'EMPGESGESADM000' });
    expect(released).to.deep.include({ released: 1, posted: 1 });

    const final = await bed.ok<{ report: { state: string }; vouchers: { lines: unknown[] }[] }>(
      'reports.get',
      { params: { id: '990001' } },
    );
    expect(final.report.state).to.equal('posted');
    expect(final.vouchers).to.have.length(1);
    expect(
      sandbox()
        .listMarks('demo')
        .reports.find((m) => m.Id === 990001),
    ).to.include({ IntegrationStatus: 1 });
  });

  it('reads the stored document-type and cost-center codes with the field names in force after General renames them', async () => {
    await configureWorkedExample(bed);
    await bed.sync();
    type Detail = { expenses: { documentTypeCode: string; costCenterCode: string }[] };
    const codes = async () =>
      (await bed.ok<Detail>('reports.get', { params: { id: WORKED_REPORT } })).expenses.map((e) => [
        e.documentTypeCode,
        e.costCenterCode,
      ]);
    const imported = await codes();
    expect(
      imported.some(([doc, center]) => doc !== '' && center !== ''),
      JSON.stringify(imported),
    ).to.equal(true);

    await bed.ok('settings.put', { body: { documentTypeField: 'Otro campo', costCenterField: 'Tampoco' } });
    expect(await codes()).to.deep.equal(imported.map(() => ['', '']));

    await bed.ok('settings.put', {
      body: { documentTypeField: 'Tipo de Documento', costCenterField: 'Centro de Costo' },
    });
    expect(await codes()).to.deep.equal(imported);
  });
});
