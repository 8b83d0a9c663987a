import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import {
  hostMigrators,
  loggedIn,
  seedTwoCompanies,
  startTestHost,
  type TestHostServer,
} from '../../support/hostHarness';

forEachDatabase(
  'the store tells the buyer the price terms and confirms the activation in proper Spanish',
  (suite) => {
    let server: TestHostServer;
    before(async () => {
      server = await startTestHost(suite.db);
    });
    after(() => server?.close());
    beforeEach(() => seedTwoCompanies(suite.db, server.clock));

    it('shows the monthly price with IVA included, and one period after "Ltda." on payment', async () => {
      const admin = await loggedIn(server, 'admin@pinos.cl');
      const items = await admin.get<{ items: Record<string, unknown>[] }>('/api/store/items');
      expect(items.body.items[0]).to.include({
        priceClp: 29900,
        billing: 'monthly',
        priceIncludesIva: true,
        priceLabel: '$29.900 mensual, IVA incluido',
      });
      const order = await admin.post<{ order: { id: string } }>('/api/store/orders', {
        sku: 'RINDEGASTOS-INTEGRACION',
      });
      const paid = await admin.post<{ message: string }>(`/api/store/orders/${order.body.order.id}/pay`);
      expect(paid.status).to.equal(200);
      expect(paid.body.message).to.equal(
        'Pago confirmado. La Integración Rindegastos quedó activa para Minera Los Pinos Ltda.',
      );
    });
  },
  { migrators: hostMigrators },
);
