import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { AxiosRindegastosClientFactory } from '../../../plugin/rindegastos/AxiosRindegastosClientFactory';
import { startSandbox } from '../../../sandbox/index';
import { REPO_ROOT } from '../../support/manifestContract';
import { collect, useNock } from '../../support/sandbox';

const ORIGIN = 'https://api.rindegastos.com';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/rindegastos', name), 'utf8'));
}

/** The envelope of a single documented object, as the list methods return it. */
function listOf(key: string, countKey: string, item: unknown) {
  return { Records: { TotalRecords: 1, [countKey]: 1, Page: 1, Pages: 1 }, [key]: [item] };
}

describe('Rindegastos client parses the API’s documented example responses', () => {
  const nock = useNock();
  const client = () =>
    new AxiosRindegastosClientFactory({ baseUrl: `${ORIGIN}/v1/`, maxAttempts: 1 }).forToken(
      'documented-example-token',
    );
  const api = () => nock()(ORIGIN);

  it('getExpenses (§4.3), and getExpense of its first item (§4.4)', async () => {
    const body = fixture('getExpenses.json') as { Expenses: Record<string, unknown>[] };
    api().get('/v1/getExpenses').query(true).reply(200, body);
    const expenses = await collect(client().getExpenses({ reportId: 13421804 }));
    expect(expenses.map((e) => [e.Id, e.Net, e.Tax, e.OtherTaxes, e.Total])).to.deep.equal([
      [75528397, 29580, 5620, 24300, 59500],
      [75528979, 18500, 0, 0, 18500],
    ]);
    expect(expenses[0].Files[0].Extension).to.equal('jpg');
    api().get('/v1/getExpense').query({ Id: '75528397' }).reply(200, body.Expenses[0]);
    expect((await client().getExpense(75528397)).CategoryCode).to.equal('4-1-02-01-02');
  });

  it('getExpenseReports (§5.3), and getExpenseReport of its item (§5.4)', async () => {
    const body = fixture('getExpenseReports.json') as { ExpenseReports: Record<string, unknown>[] };
    api().get('/v1/getExpenseReports').query(true).reply(200, body);
    const reports = await collect(client().getExpenseReports({ since: '2025-06-01', until: '2025-06-30' }));
    expect(reports.map((r) => [r.Id, r.ReportNumber, r.ReportTotalApproved])).to.deep.equal([
      [13421804, '8842', 59500],
    ]);
    api().get('/v1/getExpenseReport').query({ Id: '13421804' }).reply(200, body.ExpenseReports[0]);
    expect((await client().getExpenseReport(13421804)).EmployeeIdentification).to.equal('12.345.678-5');
  });

  it('the integration and custom-status echoes (§4.5, §5.5, §5.6)', async () => {
    api().put('/v1/setExpenseIntegration').reply(200, fixture('setExpenseIntegration.json'));
    await client().setExpenseIntegration({
      Id: 893070,
      IntegrationStatus: 1,
      IntegrationCode: 'CPBTE-2025-000812',
      IntegrationDate: '2025-06-30 12:00:00',
    });
    api().put('/v1/setExpenseReportIntegration').reply(200, fixture('setExpenseReportIntegration.json'));
    await client().setExpenseReportIntegration({
      Id: 13421804,
      IntegrationStatus: 1,
      IntegrationCode: 'CPBTE-2025-000812',
      IntegrationDate: '2025-06-30 12:00:00',
    });
    api().put('/v1/setExpenseReportCustomStatus').reply(200, fixture('setExpenseReportCustomStatus.json'));
    await client().setExpenseReportCustomStatus({ Id: 13421804, IdAdmin: 64, CustomStatus: 'Pagado' });
  });

  it('getFunds with the documented fund (§6.2)', async () => {
    api()
      .get('/v1/getFunds')
      .query(true)
      .reply(200, listOf('Funds', 'Funds', fixture('getFund.json')));
    const [fund] = await collect(client().getFunds());
    expect([fund.Id, fund.Balance, fund.Status]).to.deep.equal([6820, 240500, 1]);
  });

  it('getExpensePolicies and getExpensePolicy (§7.2)', async () => {
    const body = fixture('getExpensePolicies.json') as { Policies: unknown[] };
    api().get('/v1/getExpensePolicies').query(true).reply(200, body);
    const [policy] = await collect(client().getExpensePolicies());
    expect([policy.Id, policy.IsActive, policy.TotalEmployees]).to.deep.equal([4044, true, 37]);
    api().get('/v1/getExpensePolicy').query({ Id: '4044' }).reply(200, body.Policies[0]);
    expect((await client().getExpensePolicy(4044)).Code).to.equal('MAQ');
  });

  it('the policy sub-resources: categories, expense fields, report fields and taxes (§7.3–§7.6)', async () => {
    api()
      .get('/v1/getExpensePolicyCategories')
      .query({ IdPolicy: '4044' })
      .reply(200, fixture('getExpensePolicyCategories.json'));
    expect((await client().getExpensePolicyCategories(4044)).map((c) => c.AccountCode)).to.deep.equal([
      '4-1-02-01-02',
      '4-1-02-05-01',
    ]);
    const fields = fixture('getExpensePolicyExpenseFields.json');
    api().get('/v1/getExpensePolicyExpenseFields').query({ IdPolicy: '4044' }).reply(200, fields);
    const parsed = await client().getExpensePolicyExpenseFields(4044);
    expect(parsed.map((f) => f.Name)).to.deep.equal(['Tipo de Documento', 'Centro de Costo']);
    expect(parsed[0].Options.map((o) => o.Code)).to.deep.equal(['33', '39', 'H']);
    api().get('/v1/getExpensePolicyExpenseReportFields').query({ IdPolicy: '4044' }).reply(200, fields);
    expect(await client().getExpensePolicyExpenseReportFields(4044)).to.have.length(2);
    api()
      .get('/v1/getExpensePolicyTaxes')
      .query({ IdPolicy: '4044' })
      .reply(200, fixture('getExpensePolicyTaxes.json'));
    expect(await client().getExpensePolicyTaxes(4044)).to.deep.equal([
      { Type: 1, Name: 'IVA', Value: 19 },
      { Type: 2, Name: 'Retención honorarios', Value: 13.75 },
    ]);
  });

  it('getUsers and getUser (§8.3)', async () => {
    const body = fixture('getUsers.json') as { Users: unknown[] };
    api().get('/v1/getUsers').query(true).reply(200, body);
    const [user] = await collect(client().getUsers());
    expect([user.Id, user.Identification, user.CostingCode, user.Role[0].Management]).to.deep.equal([
      61,
      '12.345.678-5',
      'CC-210',
      true,
    ]);
    api().get('/v1/getUser').query({ Id: '61' }).reply(200, body.Users[0]);
    expect((await client().getUser(61)).Email).to.equal('oolivares@example.cl');
  });

  it('the sandbox serves the same shapes: every documented key is present in its responses', async () => {
    // The documented examples fix the key set; the sandbox must not drift from it.
    const sb = await startSandbox({ reports: 5, expensesPerReport: 2 });
    try {
      const get = async (url: string) =>
        (
          await fetch(`${sb.baseUrl}${url}`, { headers: { Authorization: `Bearer ${sb.tokenFor('demo')}` } })
        ).json();
      const keysOf = (o: object) => Object.keys(o).sort();
      const docExpense = (fixture('getExpenses.json') as { Expenses: object[] }).Expenses[0];
      const docReport = (fixture('getExpenseReports.json') as { ExpenseReports: object[] }).ExpenseReports[0];
      expect(keysOf(await get('getExpense?Id=75528397'))).to.deep.equal(keysOf(docExpense));
      expect(keysOf(await get('getExpenseReport?Id=13421804'))).to.deep.equal(keysOf(docReport));
      const users = await get('getUsers');
      expect(keysOf(users.Users[0])).to.deep.equal(
        keysOf((fixture('getUsers.json') as { Users: object[] }).Users[0]),
      );
      expect(keysOf(users.Records)).to.deep.equal(['Page', 'Pages', 'TotalRecords', 'Users']);
      const cats = await get('getExpensePolicyCategories?IdPolicy=4044');
      expect(keysOf(cats)).to.deep.equal(keysOf(fixture('getExpensePolicyCategories.json')));
    } finally {
      await sb.close();
    }
  });
});
