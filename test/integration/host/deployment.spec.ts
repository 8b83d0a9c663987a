import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators } from '../../support/hostHarness';
import { startStack, type Stack } from '../../support/stack';

const HANGING = { rate: 1, kinds: ['latency' as const], latencyMs: 1_500 };

forEachDatabase(
  'deployment: a deadline on calls a user waits for, a quiet log under repeated failures',
  (suite) => {
    let stack: Stack;
    beforeEach(async () => {
      // A short deadline so the spec does not wait 15 s; the default is documented in the README.
      stack = await startStack(suite.db, { config: { interactiveDeadlineMs: 300 } });
    });
    afterEach(async () => {
      stack.sandbox.setFaults({ rate: 0 });
      await stack?.stop();
    });

    it('gives up verifying a token against a hanging Rindegastos at the deadline, in Spanish, storing nothing', async () => {
      const admin = await stack.login(stack.companies.andes.admin.email);
      await stack.activatePlugin(admin);
      stack.sandbox.setFaults(HANGING);
      const res = await stack.pasteToken(admin, stack.tokenFor(stack.companies.andes));
      expect(res.status).to.equal(502);
      expect((res.body as { error: { message: string } }).error.message).to.equal(
        'No se pudo verificar el token: Rindegastos no respondió a tiempo. El token no se guardó; intente nuevamente en unos minutos.',
      );
      expect(await suite.db('rg_connections')).to.deep.equal([]);
    });

    it('gives up a catalog import from the screen at the deadline, changing nothing', async () => {
      const admin = await stack.connectCompany(stack.companies.andes);
      const before = await suite.db('rg_catalog_items').orderBy('id');
      stack.sandbox.setFaults(HANGING);
      const res = await admin.plugin('/catalog/import', 'POST', {});
      expect(res.status).to.equal(502);
      expect((res.body as { error: { message: string } }).error.message).to.equal(
        'No se pudo importar la configuración: Rindegastos no respondió a tiempo. No se cambió nada; intente nuevamente en unos minutos.',
      );
      expect(await suite.db('rg_catalog_items').orderBy('id')).to.deep.equal(before);
    });

    it('logs a webhook refused again and again once, with a count', async () => {
      for (let i = 0; i < 25; i++) {
        const res = await fetch(stack.baseUrl + '/api/store/webhooks/payment', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-payment-signature': 'sha256=' + '0'.repeat(64) },
          body: JSON.stringify({ id: `evt_${i}` }),
        });
        expect(res.status).to.equal(401);
      }
      const refused = stack.log.lines.filter((l) =>
        String(l.msg).startsWith('payment webhook with a bad signature'),
      );
      expect(refused.map((l) => [l.msg, l.occurrences])).to.deep.equal([
        ['payment webhook with a bad signature refused', 1],
        ['payment webhook with a bad signature refused (still failing)', 10],
      ]);
    });
  },
  { migrators: hostMigrators },
);
