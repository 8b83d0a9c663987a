import { expect } from 'chai';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index';
import { collect, sandboxClient, useSandbox } from '../../support/sandbox';

async function call(sb: RunningSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function api(sb: RunningSandbox, path: string, token = sb.tokenFor('demo')) {
  const res = await fetch(`${sb.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

describe('Rindegastos sandbox', () => {
  const sandbox = useSandbox({ seed: 21, reports: 120, expensesPerReport: 3 });
  beforeEach(() => sandbox().reset());

  describe('v1 contract details', () => {
    it('serves the documented envelope, caps pages at 100 and returns an empty page past the end', async () => {
      const page = JSON.parse((await api(sandbox(), 'getExpenses?ResultsPerPage=500&Page=2')).text);
      expect(page.Records).to.deep.equal({ TotalRecords: 363, Expenses: 100, Page: 2, Pages: 4 });
      expect(page.Expenses).to.have.length(100);
      const past = JSON.parse((await api(sandbox(), 'getExpenses?ResultsPerPage=100&Page=9')).text);
      expect([past.Records.Expenses, past.Expenses]).to.deep.equal([0, []]);
    });

    it('never matches open reports on a CloseDate range, but does on SendDate (TypeDateFilter=2)', async () => {
      const q = 'getExpenseReports?Since=2025-01-01&Until=2026-12-31&ResultsPerPage=100';
      const onClose = JSON.parse((await api(sandbox(), `${q}&Status=0`)).text);
      const onSend = JSON.parse((await api(sandbox(), `${q}&Status=0&TypeDateFilter=2`)).text);
      expect(onClose.Records.TotalRecords).to.equal(0);
      expect(onSend.Records.TotalRecords).to.be.greaterThan(0);
      expect(onSend.ExpenseReports.every((r: { CloseDate: string }) => r.CloseDate === '')).to.equal(true);
    });

    it('orders reports by CloseDate, SendDate or Id, ascending or descending', async () => {
      const q = 'getExpenseReports?Since=2025-01-01&Until=2026-12-31&ResultsPerPage=100&Status=1';
      const desc = JSON.parse((await api(sandbox(), `${q}&OrderBy=1&Order=DESC`)).text).ExpenseReports as {
        CloseDate: string;
      }[];
      const dates = desc.map((r) => r.CloseDate);
      expect(dates).to.deep.equal([...dates].sort().reverse());
      const byId = JSON.parse((await api(sandbox(), `${q}&OrderBy=3`)).text).ExpenseReports as {
        Id: number;
      }[];
      expect(byId.map((r) => r.Id)).to.deep.equal(byId.map((r) => r.Id).sort((a, b) => a - b));
    });

    it('answers bad parameters, unknown methods and wrong verbs with {"Error"}', async () => {
      const bad = await api(sandbox(), 'getExpenses?Status=9');
      expect([bad.status, JSON.parse(bad.text)]).to.deep.equal([
        400,
        { Error: 'El parámetro Status debe ser 0, 1, 2.' },
      ]);
      expect((await api(sandbox(), 'getNothing')).status).to.equal(404);
      const put = await fetch(`${sandbox().baseUrl}getExpenses`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${sandbox().tokenFor('demo')}` },
      });
      expect(put.status).to.equal(405);
      const missing = await fetch(`${sandbox().baseUrl}getUsers`);
      expect([missing.status, await missing.json()]).to.deep.equal([
        401,
        { Error: 'Falta el encabezado Authorization: Bearer <token>.' },
      ]);
    });

    it('issues HS256 JWTs shaped like Rindegastos tokens', () => {
      const [header, payload] = sandbox()
        .tokenFor('demo')
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
      expect(header).to.deep.equal({ typ: 'JWT', alg: 'HS256' });
      expect(payload).to.include({ user_id: '64', company_id: '109' });
      expect(payload.random).to.match(/^randAPI[0-9a-f]{32}$/);
    });
  });

  describe('determinism', () => {
    it('gives byte-identical responses for the same seed, and the same demo token', async () => {
      const a = await startSandbox({ seed: 99, reports: 40, expensesPerReport: 4 });
      const b = await startSandbox({ seed: 99, reports: 40, expensesPerReport: 4 });
      const c = await startSandbox({ seed: 100, reports: 40, expensesPerReport: 4 });
      try {
        expect(a.tokenFor('demo')).to.equal(b.tokenFor('demo'));
        for (const path of [
          'getExpenses?ResultsPerPage=100&Page=1',
          'getExpenseReports?Since=2025-01-01&Until=2025-12-31&ResultsPerPage=100',
          'getUsers?ResultsPerPage=100',
          'getExpensePolicyExpenseFields?IdPolicy=4045',
        ]) {
          const [x, y] = await Promise.all([api(a, path), api(b, path)]);
          expect(x.text, path).to.equal(y.text);
        }
        const [x, z] = await Promise.all([
          api(a, 'getExpenses?ResultsPerPage=100'),
          api(c, 'getExpenses?ResultsPerPage=100'),
        ]);
        expect(x.text).to.not.equal(z.text);
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
    });
  });

  describe('control routes', () => {
    it('lists the companies with their tokens, and rotates a token on request', async () => {
      const info = await call(sandbox(), 'GET', '');
      expect(info.body.companies.map((c: { key: string; name: string }) => [c.key, c.name])).to.deep.equal([
        ['demo', 'Comercial Andes SpA'],
        ['other', 'Distribuidora Pacífico Ltda.'],
      ]);
      const old = sandbox().tokenFor('demo');
      const rotated = await call(sandbox(), 'POST', 'companies/demo/tokens', {});
      expect(rotated.status).to.equal(201);
      expect(rotated.body.token).to.not.equal(old);
      expect((await api(sandbox(), 'getUser?Id=61', old)).status).to.equal(401);
      expect((await api(sandbox(), 'getUser?Id=61', rotated.body.token)).status).to.equal(200);
      expect((await call(sandbox(), 'GET', 'companies/demo/token')).body.token).to.equal(rotated.body.token);
    });

    it('adds a report with given expenses (API field names) that the client then reads', async () => {
      const added = await call(sandbox(), 'POST', 'companies/demo/reports', {
        report: {
          Id: 17000001,
          ReportNumber: '9999',
          EmployeeId: 61,
          PolicyId: 4044,
          CloseDate: '2026-11-20',
          SendDate: '2026-11-18',
        },
        expenses: [
          {
            Id: 88000001,
            Category: 'Combustible',
            Net: 10000,
            Tax: 1900,
            Total: 11900,
            ExtraFields: [{ Name: 'Tipo de Documento', Value: 'Factura Electrónica', Code: '33' }],
          },
          { Id: 88000002, Category: 'Alimentación', Total: 5000, Status: 2 },
        ],
      });
      expect(added.status).to.equal(201);
      expect(added.body.report).to.include({
        ReportTotal: 16900,
        ReportTotalApproved: 11900,
        NbrRejectedExpenses: 1,
      });
      const client = sandboxClient(sandbox());
      const r = await client.getExpenseReport(17000001);
      expect([r.EmployeeName, r.PolicyName, r.CloseDate]).to.deep.equal([
        'Octavio Olivares',
        'Departamento Maquinaria',
        '2026-11-20',
      ]);
      const expenses = await collect(client.getExpenses({ reportId: 17000001 }));
      expect(expenses.map((e) => [e.Id, e.CategoryCode, e.Total])).to.deep.equal([
        [88000001, '4-1-02-01-02', 11900],
        [88000002, '4-1-02-05-01', 5000],
      ]);
      const pending = await collect(
        client.getExpenseReports({
          since: '2026-11-01',
          until: '2026-11-30',
          status: 1,
          integrationStatus: 0,
        }),
      );
      expect(pending.map((x) => x.Id)).to.include(17000001);
      expect(
        (await call(sandbox(), 'POST', 'companies/demo/reports', { report: { Id: 17000001 } })).status,
      ).to.equal(409);
    });

    it('edits a report’s and an expense’s fields; totals follow the expenses', async () => {
      const patched = await call(sandbox(), 'PATCH', 'companies/demo/expenses/75529102', { Status: 1 });
      expect(patched.body.Status).to.equal(1);
      const report = await call(sandbox(), 'PATCH', 'companies/demo/reports/13421804', {
        Title: 'Rendición corregida',
      });
      expect(report.body).to.include({
        Title: 'Rendición corregida',
        ReportTotalApproved: 90000,
        NbrRejectedExpenses: 0,
      });
      const e = await sandboxClient(sandbox()).getExpense(75529102);
      expect(e.Status).to.equal(1);
      expect((await call(sandbox(), 'PATCH', 'companies/demo/reports/1', { Title: 'x' })).status).to.equal(
        404,
      );
    });

    it('renames, adds and removes policy categories', async () => {
      const client = sandboxClient(sandbox());
      await call(
        sandbox(),
        'PATCH',
        `companies/demo/policies/4044/categories/${encodeURIComponent('Alimentación')}`,
        {
          Name: 'Alimentación y viáticos',
        },
      );
      await call(sandbox(), 'POST', 'companies/demo/policies/4044/categories', {
        Name: 'Herramientas',
        GroupName: 'Taller',
        GroupCode: 'TAL',
        AccountCode: '4-1-02-09-01',
      });
      await call(
        sandbox(),
        'DELETE',
        `companies/demo/policies/4044/categories/${encodeURIComponent('Peajes y TAG')}`,
      );
      const names = (await client.getExpensePolicyCategories(4044)).map((c) => c.Name);
      expect(names).to.include.members(['Alimentación y viáticos', 'Herramientas']);
      expect(names).to.not.include.members(['Alimentación', 'Peajes y TAG']);
      const dup = await call(sandbox(), 'POST', 'companies/demo/policies/4044/categories', {
        Name: 'Herramientas',
      });
      expect([dup.status, dup.body.error]).to.deep.equal([
        409,
        'La política 4044 ya tiene la categoría "Herramientas".',
      ]);
      // In-process, the same controls.
      sandbox().renameCategory('demo', 4044, 'Herramientas', 'Herramientas menores');
      expect((await client.getExpensePolicyCategories(4044)).map((c) => c.Name)).to.include(
        'Herramientas menores',
      );
    });

    it('replaces the options of an expense field (a new cost center)', async () => {
      await call(
        sandbox(),
        'PUT',
        `companies/demo/expense-fields/${encodeURIComponent('Centro de Costo')}/options`,
        [
          { Value: 'Faena Norte', Code: 'CC-210' },
          { Value: 'Proyecto Litio', Code: 'CC-610' },
        ],
      );
      const fields = await sandboxClient(sandbox()).getExpensePolicyExpenseFields(4045);
      expect(fields.find((f) => f.Name === 'Centro de Costo')!.Options.map((o) => o.Code)).to.deep.equal([
        'CC-210',
        'CC-610',
      ]);
    });

    it('lists and clears integration marks, and switches faults and strict mode at run time', async () => {
      await sandboxClient(sandbox()).setExpenseReportIntegration({
        Id: 13421804,
        IntegrationStatus: 1,
        IntegrationCode: 'V-1',
        IntegrationDate: '2026-11-28 10:00:00',
      });
      expect((await call(sandbox(), 'GET', 'companies/demo/marks')).body.reports).to.have.length(1);
      expect((await call(sandbox(), 'DELETE', 'companies/demo/marks')).body).to.deep.equal({
        reports: [],
        expenses: [],
      });
      expect((await sandboxClient(sandbox()).getExpenseReport(13421804)).Integrated).to.equal('');

      const faults = await call(sandbox(), 'PUT', 'faults', { rate: 1, kinds: ['server_error'] });
      expect(faults.body).to.include({ rate: 1 });
      expect((await api(sandbox(), 'getUser?Id=61')).status).to.be.oneOf([500, 502, 503]);
      expect((await call(sandbox(), 'PUT', 'faults', { kinds: ['nonsense'] })).status).to.equal(400);
      await call(sandbox(), 'PUT', 'faults', { rate: 0 });
      expect((await api(sandbox(), 'getUser?Id=61')).status).to.equal(200);

      await call(sandbox(), 'PUT', 'strict', { strict: true });
      expect((await api(sandbox(), 'getExpenseReports')).status).to.equal(400);
      await call(sandbox(), 'POST', 'reset');
      expect((await api(sandbox(), 'getExpenseReports')).status).to.equal(200);
      expect((await call(sandbox(), 'GET', 'stats')).body).to.include.keys('requests', 'byMethod', 'faults');
    });

    it('does not exist in production mode', async () => {
      const prod = await startSandbox({ mode: 'production', reports: 2, expensesPerReport: 1 });
      try {
        expect((await fetch(`${prod.controlUrl}`)).status).to.equal(404);
        expect((await fetch(`${prod.controlUrl}reset`, { method: 'POST' })).status).to.equal(404);
        expect((await api(prod, 'getUser?Id=61')).status).to.equal(200);
      } finally {
        await prod.close();
      }
    });
  });
});
