import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../../host/cli/main';
import { CHILEAN_BUSINESS_CENTERS } from '../../../../host/ledger/seed';
import {
  businessCenterTree,
  startDefontanaSim,
  type DefontanaSim,
} from '../../../../sandbox/defontana/server';
import { capture, freshDatabase } from '../../../support/cliDatabase';
import {
  chartCsv,
  DEFONTANA_CREDENTIALS,
  DEFONTANA_PASSWORD,
  DEFONTANA_RUT,
  simAccounts,
} from '../../../support/defontanaBed';
import { buildDraft } from '../../../support/hostLedger';
import { rejectionOf } from '../../../support/rejections';

for (const engine of ['sqlite', 'mariadb'] as const) {
  describe(`[${engine}] connector mode from the CLI: demo:seed, ledger:import-chart, serve`, function () {
    this.timeout(60_000);
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let sim: DefontanaSim;
    let env: NodeJS.ProcessEnv;
    let csvFile: string;

    beforeEach(async () => {
      db = await freshDatabase(engine);
      sim = await startDefontanaSim({
        credentials: DEFONTANA_CREDENTIALS,
        accounts: simAccounts(),
        businessCenters: businessCenterTree(CHILEAN_BUSINESS_CENTERS),
      });
      env = {
        DATABASE_URL: db.url,
        DATA_DIR: path.join(db.dir, 'data'),
        PORT: '0',
        LOG_LEVEL: 'silent',
        LEDGER: 'defontana',
        DEFONTANA_API_URL: sim.url,
        DEFONTANA_CLIENT: DEFONTANA_CREDENTIALS.client,
        DEFONTANA_COMPANY: DEFONTANA_CREDENTIALS.company,
        DEFONTANA_USER: DEFONTANA_CREDENTIALS.user,
        DEFONTANA_PASSWORD,
        DEFONTANA_RUT,
      };
      csvFile = path.join(db.dir, 'plan-de-cuentas.csv');
      fs.writeFileSync(csvFile, chartCsv(['9999999999;Cuenta dada de baja en Defontana']));
    });
    afterEach(async () => {
      await sim.close();
      await db.drop();
      fs.rmSync(db.dir, { recursive: true, force: true });
    });

    it('imports the chart, reports unknown codes, runs the plugin hooks and lists Defontana numbers on /api/ledger/vouchers', async () => {
      expect(await main(['demo:seed'], { env, io: capture() })).to.equal(0);
      const imported = capture();
      expect(
        await main(['ledger:import-chart', '--company', DEFONTANA_RUT, csvFile], { env, io: imported }),
      ).to.equal(0);
      expect(imported.lines.join('\n')).to.match(/0 cuentas nuevas, \d+ actualizadas, \d+ retiradas/);
      expect(imported.errors.join('\n')).to.include('9999999999');

      let listed: { vouchers: { number: number; type: string }[] } | undefined;
      let refusal: Error | undefined;
      let refresh: { status: number; body: { businessCenters: { code: string }[] } } | undefined;
      let accounts: { accounts: { code: string }[] } | undefined;
      const io = capture();
      const code = await main(['serve'], {
        env,
        io,
        untilStopped: async (server) => {
          const company = (await server.accounts.listCompanies()).find((c) => c.rut === DEFONTANA_RUT)!;
          // The plugin's validate hook runs in connector mode: an unmapped rindegastos voucher never reaches Defontana.
          refusal = await rejectionOf(
            server.host.ledger.posting.submit(company.id, buildDraft(), { idempotencyKey: 'cli-rg' }),
          );
          await server.host.ledger.posting.submit(company.id, buildDraft({ source: 'manual' }), {
            idempotencyKey: 'cli-k',
          });
          const res = await fetch(`${server.url()}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'admin@demo.cl', password: 'demo1234' }),
          });
          const cookie = res.headers.get('set-cookie')!.split(';')[0];
          const get = async (url: string) =>
            (await fetch(`${server.url()}${url}`, { headers: { cookie } })).json();
          listed = await get('/api/ledger/vouchers?source=manual');
          accounts = await get('/api/ledger/accounts');
          const refreshed = await fetch(`${server.url()}/api/ledger/business-centers/refresh`, {
            method: 'POST',
            headers: { cookie },
          });
          refresh = { status: refreshed.status, body: await refreshed.json() };
        },
      });
      expect(code, io.errors.join('\n')).to.equal(0);
      expect(refresh?.status).to.equal(200);
      expect(refresh!.body.businessCenters.map((c) => c.code)).to.include('EMPNEGVTAVTA000');
      expect(refusal?.message).to.include('no está asignada');
      expect(listed!.vouchers.map((v) => [v.type, v.number])).to.deep.equal([['TRASPASO', 1]]);
      expect(sim.vouchers.map((v) => v.header.number)).to.deep.equal([1]);
      // Exactly the imported chart: every account is one Defontana knows, none of the demo's groups.
      const codes = accounts!.accounts.map((a) => a.code);
      expect(codes).to.have.length(simAccounts().length);
      expect(codes.every((c) => c.length === 10)).to.equal(true);
    });

    it('stops at start naming DEFONTANA_RUT when no host company has it, and never prints the password', async () => {
      const io = capture();
      const code = await main(['serve'], { env: { ...env, DEFONTANA_RUT: '12.345.678-5' }, io });
      expect(code).to.equal(1);
      expect(io.errors.join('\n')).to.include('DEFONTANA_RUT=12.345.678-5');
      expect([...io.errors, ...io.lines].join('\n')).to.not.include(DEFONTANA_PASSWORD);
    });
  });
}
