import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import {
  hostMigrators,
  PASSWORD,
  seedTwoCompanies,
  startTestHost,
  type TestHostServer,
} from '../../support/hostHarness';

describe('what a newcomer sees in the browser: no 404 (favicon), the price terms, a clean confirmation', function () {
  this.timeout(90_000);
  let browser: Browser;
  let database: TestDatabase;
  let server: TestHostServer;

  before(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('sqlite', hostMigrators);
    server = await startTestHost(database.db);
    await seedTwoCompanies(database.db, server.clock);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.destroy();
  });

  it('buys as Minera Los Pinos Ltda. with no request answered 404 and one period after "Ltda."', async () => {
    const page = await browser.newPage({ locale: 'es-CL' });
    const notFound: string[] = [];
    page.on('response', (res) => {
      if (res.status() === 404) notFound.push(new URL(res.url()).pathname);
    });
    const iconRequests: string[] = [];
    page.on('request', (req) => {
      if (/favicon/.test(req.url())) iconRequests.push(new URL(req.url()).pathname);
    });

    await page.goto(server.baseUrl + '/');
    await page.waitForURL('**/login');
    await page.locator('#email').waitFor();
    const icon = await page.evaluate(
      () => document.querySelector('link[rel="icon"]')?.getAttribute('href') ?? null,
    );
    expect(icon, 'the shell links a favicon').to.equal('/assets/favicon.svg');
    const iconResponse = await page.request.get(server.baseUrl + icon);
    expect(iconResponse.status()).to.equal(200);

    await page.fill('#email', 'admin@pinos.cl');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Hola, Rodrigo Fuentes' }).waitFor();
    await page.locator('nav.sidebar').getByRole('link', { name: 'Funcionalidades' }).click();
    await page.getByRole('heading', { name: 'Integración Rindegastos' }).waitFor();
    expect(await page.locator('.price').textContent()).to.equal('$29.900 mensual, IVA incluido');

    await page.getByRole('button', { name: 'Comprar' }).click();
    await page.getByRole('button', { name: /Pagar \$29\.900 mensual, IVA incluido/ }).click();
    const confirmation = page.getByText('Pago confirmado.');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).to.equal(
      'Pago confirmado. La Integración Rindegastos quedó activa para Minera Los Pinos Ltda.',
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Funcionalidades' }).waitFor();

    expect(notFound, 'requests answered 404').to.deep.equal([]);
    expect(iconRequests.filter((p) => p === '/favicon.ico')).to.deep.equal([]);
    await page.close();
  });
});
