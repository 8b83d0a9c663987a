import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators } from '../../support/hostHarness';
import {
  voucherRows,
  WORKED_EXAMPLE_ROWS,
  type LedgerVoucher as Voucher,
} from '../../support/ledgerVouchers';
import { startStack, type Stack, type StackClient } from '../../support/stack';
import { configureWorkedExampleOverHttp } from '../../support/workedExampleSetup';

async function syncAndWait(admin: StackClient): Promise<{ status: string }> {
  const started = await admin.plugin<{ run: { id: number } }>('/sync', 'POST');
  expect(started.status).to.equal(202);
  for (;;) {
    const res = await admin.plugin<{ run: { status: string } }>(`/sync/runs/${started.body.run.id}`);
    if (res.body.run.status !== 'running') return res.body.run;
    await new Promise((r) => setTimeout(r, 25));
  }
}

forEachDatabase(
  'the worked example over HTTP: buy, connect, configure, sync, centralizar, eliminar comprobante',
  (suite) => {
    let stack: Stack;
    beforeEach(async () => {
      stack = await startStack(suite.db);
    });
    afterEach(() => stack?.stop());

    it('posts exactly the voucher of chile-accounting.md §3 in the ERP ledger, and undoes it', async () => {
      const admin = await stack.connectCompany(stack.companies.andes);
      await configureWorkedExampleOverHttp(admin);
      expect((await syncAndWait(admin)).status).to.not.equal('failed');

      const list = await admin.plugin<{ items: { id: number; posted: boolean }[] }>('/reports?q=8842');
      expect(list.body.items.map((r) => [r.id, r.posted])).to.deep.equal([[13421804, false]]);
      const posted = await admin.plugin('/reports/13421804/post', 'POST');
      expect(posted.status, JSON.stringify(posted.body)).to.equal(201);

      const ledger = await admin.request<{ vouchers: Voucher[] }>(
        'GET',
        '/api/ledger/vouchers?source=rindegastos',
      );
      expect(ledger.body.vouchers).to.have.length(1);
      const [voucher] = ledger.body.vouchers;
      expect(voucher).to.include({
        type: 'TRASPASO',
        date: '2025-06-20',
        glosa: 'Rendición N° 8842 Octavio Olivares',
      });
      expect(voucherRows(voucher.lines)).to.deep.equal(WORKED_EXAMPLE_ROWS);
      const mark = stack.sandbox.listMarks('demo').reports.find((m) => m.Id === 13421804);
      expect(mark).to.include({ IntegrationStatus: 1, IntegrationCode: String(voucher.number) });

      // A user without the "post" grant cannot undo it; the admin can.
      const accountant = await stack.login(stack.companies.andes.users.find((u) => !u.isCompanyAdmin)!.email);
      expect((await accountant.plugin('/reports/13421804/reverse', 'POST', {})).status).to.equal(403);
      const reversed = await admin.plugin('/reports/13421804/reverse', 'POST', { reason: 'Prueba' });
      expect(reversed.status, JSON.stringify(reversed.body)).to.equal(201);
      const after = await admin.request<{ vouchers: Voucher[] }>(
        'GET',
        '/api/ledger/vouchers?source=rindegastos',
      );
      expect(after.body.vouchers.map((v) => v.status).sort()).to.deep.equal(['posted', 'reversed']);
      expect(stack.sandbox.listMarks('demo').reports.find((m) => m.Id === 13421804)).to.include({
        IntegrationStatus: 0,
      });
    });
  },
  { migrators: hostMigrators },
);
