import { expect } from 'chai';
import type { RindegastosClient } from '../../../plugin/rindegastos/api';
import { AxiosRindegastosClientFactory } from '../../../plugin/rindegastos/AxiosRindegastosClientFactory';
import { apiFailure } from '../../support/rejections';
import { collect, sandboxClient, useSandbox } from '../../support/sandbox';

describe('Rindegastos client against the sandbox (every method)', () => {
  // Strict: every report query must carry Since and stay within a year, as the docs demand.
  const sandbox = useSandbox({
    seed: 11,
    reports: 260,
    expensesPerReport: 4,
    strict: true,
    today: '2026-11-28',
  });
  let client: RindegastosClient;
  beforeEach(() => {
    sandbox().reset();
    client = sandboxClient(sandbox());
  });

  it('reads every report across several one-year windows, in Id order, without duplicates', async () => {
    const reports = await collect(
      client.getExpenseReports({ since: '2024-01-01', until: '2026-11-28', typeDateFilter: 2 }),
    );
    expect(reports).to.have.length(261);
    const ids = reports.map((r) => r.Id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(
      ids.slice(1).every((id, k) => id > ids[k] || reports[k + 1].SendDate > reports[k].SendDate),
    ).to.equal(true);
    expect(sandbox().stats().byMethod.getExpenseReports).to.be.greaterThan(3);
  });

  it('filters reports: closed and not integrated, on CloseDate', async () => {
    const pending = await collect(
      client.getExpenseReports({ since: '2025-01-01', until: '2025-12-31', status: 1, integrationStatus: 0 }),
    );
    expect(pending.length).to.be.greaterThan(20);
    for (const r of pending) {
      expect(r.Status).to.equal(1);
      expect(r.Integrated).to.equal('');
      expect(r.CloseDate >= '2025-01-01' && r.CloseDate <= '2025-12-31').to.equal(true);
    }
    expect(pending.map((r) => r.Id)).to.include(13421804);
  });

  it('is refused by the strict sandbox without Since, so the client always sends windows', async () => {
    const res = await fetch(`${sandbox().baseUrl}getExpenseReports`, {
      headers: { Authorization: `Bearer ${sandbox().tokenFor('demo')}` },
    });
    expect(res.status).to.equal(400);
    expect(await res.json())
      .to.have.property('Error')
      .that.matches(/Since/);
    const tooLong = await fetch(`${sandbox().baseUrl}getExpenseReports?Since=2024-01-01&Until=2025-06-30`, {
      headers: { Authorization: `Bearer ${sandbox().tokenFor('demo')}` },
    });
    expect(tooLong.status).to.equal(400);
  });

  it('reads one report and its expenses: the worked example', async () => {
    const r = await client.getExpenseReport(13421804);
    expect([r.ReportNumber, r.EmployeeName, r.ReportTotalApproved]).to.deep.equal([
      '8842',
      'Octavio Olivares',
      78000,
    ]);
    const expenses = await collect(client.getExpenses({ reportId: 13421804 }));
    expect(expenses.map((e) => [e.Id, e.Status, e.Total])).to.deep.equal([
      [75528397, 1, 59500],
      [75528979, 1, 18500],
      [75529102, 2, 12000],
    ]);
    const one = await client.getExpense(75528397);
    expect(one.ExtraFields.find((f) => f.Name === 'Tipo de Documento')?.Code).to.equal('33');
  });

  it('pages through every expense with filters', async () => {
    const approved = await collect(client.getExpenses({ status: 1 }));
    const all = await collect(client.getExpenses({}));
    expect(all).to.have.length(260 * 4 + 3);
    expect(approved.length).to.equal(all.filter((e) => e.Status === 1).length);
    const june = await collect(client.getExpenses({ since: '2025-06-01', until: '2025-06-30', orderBy: 1 }));
    expect(june.length).to.be.greaterThan(0);
    expect(june.every((e) => e.IssueDate.startsWith('2025-06'))).to.equal(true);
    const dates = june.map((e) => e.IssueDate);
    expect(dates).to.deep.equal([...dates].sort());
  });

  it('reads the policy catalog: policies, categories with account codes, fields with options, taxes', async () => {
    const policies = await collect(client.getExpensePolicies());
    expect(policies.map((p) => p.Id)).to.include.members([4044, 4045, 4046, 4047, 4040]);
    expect(policies.find((p) => p.Id === 4040)!.IsActive).to.equal(false);
    expect((await client.getExpensePolicy(4044)).Name).to.equal('Departamento Maquinaria');
    const categories = await client.getExpensePolicyCategories(4044);
    expect(categories).to.deep.include({
      Name: 'Combustible',
      GroupName: 'Vehículos',
      GroupCode: 'VEH',
      AccountCode: '4-1-02-01-02',
      Instructions: 'Adjuntar factura con patente',
    });
    expect(categories.find((c) => c.Name === 'Alimentación')!.AccountCode).to.equal('4-1-02-05-01');
    const fields = await client.getExpensePolicyExpenseFields(4044);
    const docTypes = fields.find((f) => f.Name === 'Tipo de Documento')!.Options.map((o) => o.Code);
    expect(docTypes).to.include.members(['33', '34', '39', '41', 'H']);
    expect(fields.find((f) => f.Name === 'Centro de Costo')!.Options).to.deep.include({
      Value: 'Faena Norte',
      Code: 'CC-210',
    });
    expect(fields.map((f) => f.Name)).to.include.members(['Número de Documento', 'RUT Proveedor']);
    const reportFields = await client.getExpensePolicyExpenseReportFields(4044);
    expect(reportFields.map((f) => f.Name)).to.include('Tipo de rendición');
    expect(await client.getExpensePolicyTaxes(4044)).to.deep.include({ Type: 1, Name: 'IVA', Value: 19 });
  });

  it('reads users and funds', async () => {
    const users = await collect(client.getUsers());
    expect(users.length).to.equal(36);
    const octavio = await client.getUser(61);
    expect([octavio.Identification, octavio.CostingCode]).to.deep.equal(['12.345.678-5', 'CC-210']);
    expect(users.find((u) => u.Id === 64)!.Role[0].Admin).to.equal(true);
    const funds = await collect(client.getFunds());
    expect(funds.map((f) => f.Id)).to.include(6820);
  });

  it('marks a report and an expense integrated: the marks persist, filter and show in read fields', async () => {
    const mark = {
      IntegrationStatus: 1 as const,
      IntegrationCode: 'TRASPASO-812',
      IntegrationDate: '2026-11-28 10:15:00',
    };
    await client.setExpenseReportIntegration({ Id: 13421804, ...mark });
    await client.setExpenseIntegration({ Id: 75528397, ...mark });

    const r = await client.getExpenseReport(13421804);
    expect([r.Integrated, r.IntegrationExternalCode, r.IntegrationDate]).to.deep.equal([
      '1',
      'TRASPASO-812',
      '2026-11-28 10:15:00',
    ]);
    const pending = await collect(
      client.getExpenseReports({ since: '2025-06-01', until: '2025-06-30', status: 1, integrationStatus: 0 }),
    );
    expect(pending.map((x) => x.Id)).to.not.include(13421804);
    const byCode = await collect(
      client.getExpenseReports({ since: '2025-06-01', until: '2025-06-30', integrationCode: 'TRASPASO-812' }),
    );
    expect(byCode.map((x) => x.Id)).to.deep.equal([13421804]);

    const e = await client.getExpense(75528397);
    expect([e.IntegrationExternalCode, e.IntegrationDate]).to.deep.equal([
      'TRASPASO-812',
      '2026-11-28 10:15:00',
    ]);
    const notIntegrated = await collect(client.getExpenses({ reportId: 13421804, integrationStatus: 0 }));
    expect(notIntegrated.map((x) => x.Id)).to.deep.equal([75528979, 75529102]);

    // Marking is idempotent; the marks are visible to tests through the control API.
    await client.setExpenseReportIntegration({ Id: 13421804, ...mark });
    expect(sandbox().listMarks('demo')).to.deep.equal({
      reports: [{ Id: 13421804, ...mark }],
      expenses: [{ Id: 75528397, ...mark }],
    });

    // Un-marking returns the report to the pending list.
    await client.setExpenseReportIntegration({
      Id: 13421804,
      IntegrationStatus: 0,
      IntegrationCode: '',
      IntegrationDate: '2026-11-28 11:00:00',
    });
    expect((await client.getExpenseReport(13421804)).Integrated).to.equal('');
  });

  it('sets a custom status on a report', async () => {
    await client.setExpenseReportCustomStatus({
      Id: 13421804,
      IdAdmin: 64,
      CustomStatus: 'Contabilizado',
      CustomMessage: 'Comprobante TRASPASO 812',
    });
    expect((await client.getExpenseReport(13421804)).CustomStatus).to.equal('Contabilizado');
    expect(sandbox().customStatuses('demo')).to.deep.equal([
      { Id: 13421804, IdAdmin: 64, CustomStatus: 'Contabilizado', CustomMessage: 'Comprobante TRASPASO 812' },
    ]);
    const err = await apiFailure(
      client.setExpenseReportCustomStatus({ Id: 13421804, IdAdmin: 61, CustomStatus: 'x' }),
    );
    expect([err.kind, err.httpStatus]).to.deep.equal(['client', 400]);
  });

  it('answers unknown ids with a typed not_found', async () => {
    expect((await apiFailure(client.getExpenseReport(1))).kind).to.equal('not_found');
    expect((await apiFailure(client.getExpense(1))).kind).to.equal('not_found');
    expect((await apiFailure(client.getUser(1))).kind).to.equal('not_found');
    expect((await apiFailure(client.getExpensePolicyCategories(1))).kind).to.equal('not_found');
    const mark = {
      Id: 1,
      IntegrationStatus: 1 as const,
      IntegrationCode: 'x',
      IntegrationDate: '2026-01-01',
    };
    expect((await apiFailure(client.setExpenseReportIntegration(mark))).kind).to.equal('not_found');
  });

  it('keeps tokens per company: another company’s token sees only its own data', async () => {
    const other = sandboxClient(sandbox(), 'other');
    expect((await apiFailure(other.getExpenseReport(13421804))).kind).to.equal('not_found');
    const theirs = await collect(
      other.getExpenseReports({ since: '2025-01-01', until: '2025-12-31', typeDateFilter: 2 }),
    );
    expect(theirs.length).to.be.greaterThan(0);
    expect(theirs.every((r) => r.PolicyId >= 5100)).to.equal(true);
    const users = await collect(other.getUsers());
    expect(users.map((u) => u.Id)).to.not.include(61);
  });

  it('stops at once on a wrong token, with one request and kind token_rejected', async () => {
    sandbox().resetStats();
    const forged = sandbox().tokenFor('demo').slice(0, -4) + 'AAAA';
    const badClient = new AxiosRindegastosClientFactory({
      baseUrl: sandbox().baseUrl,
      maxAttempts: 5,
    }).forToken(forged);
    const err = await apiFailure(
      collect(badClient.getExpenseReports({ since: '2026-01-01', until: '2026-06-30' })),
    );
    expect([err.kind, err.retryable, err.httpStatus]).to.deep.equal(['token_rejected', false, 401]);
    expect(sandbox().stats()).to.include({ requests: 1, unauthorized: 1 });
  });

  it('refuses a rotated-out token', async () => {
    const old = sandboxClient(sandbox(), 'demo');
    sandbox().issueToken('demo');
    expect((await apiFailure(old.getUser(61))).kind).to.equal('token_rejected');
    expect((await sandboxClient(sandbox(), 'demo').getUser(61)).Id).to.equal(61);
  });
});
