import { expect } from 'chai';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import {
  hostMigrators,
  PASSWORD,
  pluginWithElement,
  seedTwoCompanies,
  startTestHost,
  type TestHostServer,
} from '../../support/hostHarness';

export const SCREENSHOT = '/tmp/host-e2e-rindegastos-menu.png';
export const STORE_SCREENSHOT = '/tmp/host-e2e-store-paid.png';
export const LOGIN_SCREENSHOT = '/tmp/host-e2e-login-error.png';

async function login(page: Page, baseUrl: string, email: string, password = PASSWORD) {
  await page.goto(baseUrl + '/');
  await page.waitForURL('**/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

const nav = (page: Page) => page.locator('nav.sidebar');

describe('host in the browser: log in, buy, pay, see the Rindegastos menu', function () {
  this.timeout(90_000);
  let browser: Browser;
  let database: TestDatabase;
  let server: TestHostServer;
  let pluginDir: string | null = null;

  before(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('sqlite', hostMigrators);
  });
  after(async () => {
    await browser?.close();
    await database?.destroy();
  });
  beforeEach(async () => {
    await database.clean();
  });
  afterEach(async () => {
    await server?.close();
    if (pluginDir) fs.rmSync(pluginDir, { recursive: true, force: true });
    pluginDir = null;
  });

  it('activates the plugin on payment and shows its menu with no other step', async () => {
    server = await startTestHost(database.db);
    await seedTwoCompanies(database.db, server.clock);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });

    await login(page, server.baseUrl, 'admin@demo.cl');
    await page.getByRole('heading', { name: 'Hola, Carolina Muñoz' }).waitFor();
    expect(await nav(page).textContent()).to.not.include('Rindegastos');

    await nav(page).getByRole('link', { name: 'Funcionalidades' }).click();
    await page.getByRole('heading', { name: 'Integración Rindegastos' }).waitFor();
    expect(await page.locator('.price').textContent()).to.include('$29.900');
    await page.getByRole('button', { name: 'Comprar' }).click();
    await page.getByText('Pedido pendiente de pago').waitFor();
    expect(await nav(page).textContent()).to.not.include('Rindegastos');

    await page.getByRole('button', { name: /Pagar \$29\.900/ }).click();
    await page.getByText('Pago confirmado.').waitFor();
    await page.getByText('Activa', { exact: true }).waitFor();
    await page.screenshot({ path: STORE_SCREENSHOT, fullPage: true });

    for (const label of [
      'Rindegastos',
      'Informes',
      'Configuración',
      'Token',
      'General',
      'Centralización',
      'Permisos',
    ]) {
      expect(await nav(page).getByText(label, { exact: true }).count(), label).to.equal(1);
    }
    await nav(page).getByRole('link', { name: 'Informes' }).click();
    await page.waitForURL('**/rindegastos/informes');
    await page
      .locator('.breadcrumb', { hasText: 'Contabilidad › Contabilidad › Rindegastos › Informes' })
      .waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).to.be.greaterThan(10_000);

    // A reload on a plugin route keeps the page (the shell serves every route).
    await page.reload();
    await page.locator('.breadcrumb', { hasText: 'Rindegastos › Informes' }).waitFor();
    await page.close();
  });

  it('mounts the custom element a menu entry names, and says which screen will come where there is none', async () => {
    pluginDir = pluginWithElement();
    server = await startTestHost(database.db, { pluginRoot: pluginDir });
    await seedTwoCompanies(database.db, server.clock);
    const page = await browser.newPage();
    await login(page, server.baseUrl, 'admin@demo.cl');
    await nav(page).getByRole('link', { name: 'Funcionalidades' }).click();
    await page.getByRole('button', { name: 'Comprar' }).click();
    await page.getByRole('button', { name: /Pagar/ }).click();
    await page.getByText('Pago confirmado.').waitFor();

    await nav(page).getByRole('link', { name: 'Informes' }).click();
    await page.getByText('Informes montado desde /api/plugins/rindegastos').waitFor();
    await nav(page).getByRole('link', { name: 'Token' }).click();
    await page
      .getByText('Aquí estará la pantalla «Configuración › Token» de la Integración Rindegastos.')
      .waitFor();
    await page.close();
  });

  it('shows the login error without saying which part was wrong, and the ledger page without a ledger', async () => {
    server = await startTestHost(database.db);
    await seedTwoCompanies(database.db, server.clock);
    const page = await browser.newPage();
    await login(page, server.baseUrl, 'admin@demo.cl', 'equivocada');
    await page.getByRole('alert').getByText('Correo o contraseña incorrectos.').waitFor();
    await page.screenshot({ path: LOGIN_SCREENSHOT });

    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await nav(page).getByRole('link', { name: 'Comprobantes' }).click();
    await page.getByText('El libro contable aún no está disponible en este host.').waitFor();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByText('Sesión cerrada.').waitFor();
    await page.close();
  });
});
