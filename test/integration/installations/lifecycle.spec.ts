import { expect } from 'chai';
import plugin from '../../../plugin/index';
import { forEachDatabase } from '../../support/databases';
import { requestContext, StaticDirectory, testHost, type TestHost } from '../../support/testHost';

forEachDatabase('plugin lifecycle and license guard', (suite) => {
  let host: TestHost;
  beforeEach(() => {
    // The route guard checks the request's user against the company's directory.
    const admin = { id: 'u-admin', name: 'Admin', email: 'admin@demo.cl', isCompanyAdmin: true };
    host = testHost({ db: suite.db, directory: new StaticDirectory({ c1: [admin] }) });
  });

  async function statusRoute(companyId: string) {
    const running = await plugin.start(host);
    const route = running.routes.find((r) => r.id === 'status.get')!;
    return route.handle({ context: requestContext(companyId), params: {}, query: {}, body: undefined });
  }

  it('install is idempotent', async () => {
    await plugin.install(host);
    await plugin.install(host);
    const [{ n }] = await suite.db('rg_knex_migrations').count({ n: '*' });
    expect(Number(n)).to.be.greaterThan(0);
  });

  it('activating twice equals activating once', async () => {
    const order = { id: 'ord-1', sku: 'RINDEGASTOS-INTEGRACION', paidAt: '2026-11-28T12:00:00.000Z' };
    await plugin.activate(host, 'c1', order);
    const first = await suite.db('rg_installations').where({ company_id: 'c1' }).first();
    host.clock.advance(60_000);
    await plugin.activate(host, 'c1', { ...order, id: 'ord-2' });
    const rows = await suite.db('rg_installations').where({ company_id: 'c1' });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.equal(first);
    expect(rows[0].status).to.equal('active');
  });

  it('lets an active company through the license guard', async () => {
    await plugin.activate(host, 'c1', { id: 'o', sku: 's', paidAt: 'x' });
    const res = await statusRoute('c1');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ license: { status: 'active' } });
  });

  it('refuses a suspended company with 402 and a Spanish message on how to renew', async () => {
    await plugin.activate(host, 'c1', { id: 'o', sku: 's', paidAt: 'x' });
    await plugin.deactivate(host, 'c1', 'subscription not renewed');
    const res = await statusRoute('c1');
    expect(res.status).to.equal(402);
    const body = res.body as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('NOT_LICENSED');
    expect(body.error.message)
      .to.match(/suspendida/)
      .and.match(/Renueve/)
      .and.match(/Tienda Digital/);
  });

  it('refuses a company that never bought the plugin with 402 and says how to buy it', async () => {
    const res = await statusRoute('c-unknown');
    expect(res.status).to.equal(402);
    expect((res.body as { error: { message: string } }).error.message).to.match(/Cómprela en Tienda Digital/);
  });

  it('re-activates a suspended company on a new payment', async () => {
    await plugin.activate(host, 'c1', { id: 'o1', sku: 's', paidAt: 'x' });
    await plugin.deactivate(host, 'c1', 'impago');
    await plugin.activate(host, 'c1', { id: 'o2', sku: 's', paidAt: 'y' });
    const row = await suite.db('rg_installations').where({ company_id: 'c1' }).first();
    expect(row).to.include({ status: 'active', order_id: 'o2' });
  });

  it('uninstall keeps data unless purge is asked', async () => {
    await plugin.activate(host, 'c1', { id: 'o1', sku: 's', paidAt: 'x' });
    await plugin.uninstall(host, { purge: false });
    expect((await suite.db('rg_installations').first()).status).to.equal('uninstalled');
    await plugin.uninstall(host, { purge: true });
    expect(await suite.db.schema.hasTable('rg_installations')).to.equal(false);
    await plugin.install(host); // restore the schema for the next engine's cleanup
  });
});
