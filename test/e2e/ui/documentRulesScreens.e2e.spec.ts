import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { axeScan, launchChromium, logInAs, newPage, screenshot } from '../../support/browser';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { addDuplicateReport, DUPLICATE_EXPENSE, DUPLICATE_REPORT } from '../../support/documentRuleReports';
import { hostMigrators } from '../../support/hostHarness';
import { startStack, type Stack, type StackClient } from '../../support/stack';
import { configureWorkedExampleOverHttp } from '../../support/workedExampleSetup';

const WORKED_REPORT = 13421804;

async function syncNow(s: Stack, admin: StackClient) {
  expect((await admin.plugin('/sync', 'POST', {})).status).to.equal(202);
  await s.syncsSettled();
}

async function expectAccessible(page: Page, screen: string) {
  const blocking = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${screen}: ${JSON.stringify(blocking, null, 1)}`).to.deep.equal([]);
}

describe('the screens of the document rules: no es duplicado, IVA no recuperable, período cerrado', function () {
  this.timeout(120_000);
  let browser: Browser;
  let database: TestDatabase;
  let stack: Stack | undefined;

  before(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('sqlite', hostMigrators);
  });
  after(async () => {
    await stack?.stop();
    await browser?.close();
    await database?.destroy();
  });

  it('releases a duplicate factura from the detail and offers the IVA and closed-period choices', async () => {
    const s = (stack = await startStack(database.db));
    const admin = await s.connectCompany(s.companies.andes);
    await configureWorkedExampleOverHttp(admin);
    await syncNow(s, admin);
    expect((await admin.plugin(`/reports/${WORKED_REPORT}/post`, 'POST', {})).status).to.equal(201);
    addDuplicateReport(s.sandbox);
    await syncNow(s, admin);

    const page = await newPage(browser);
    await logInAs(page, s.baseUrl, 'admin@demo.cl');

    // Detalle of 8850: the duplicate is named, and «No es duplicado» releases that one expense.
    await page.goto(`${s.baseUrl}/rindegastos/informes/${DUPLICATE_REPORT}`);
    await page.getByRole('heading', { name: 'Informe N° 8850' }).waitFor();
    await page.getByText(/Documento duplicado: la factura .*informe N° 8842/).waitFor();
    await expectAccessible(page, 'Detalle (duplicado)');
    await screenshot(page, 'reglas-01-detalle-duplicado');
    await page.getByRole('button', { name: `No es duplicado (gasto ${DUPLICATE_EXPENSE})` }).click();
    await page.getByText(`Gasto ${DUPLICATE_EXPENSE}: marcado «no es duplicado».`).waitFor();
    expect(await page.getByText(/Documento duplicado/).count()).to.equal(0);
    await page.getByRole('button', { name: 'Centralizar' }).click();
    await page.getByText(/Informe N° 8850 centralizado: comprobante TRASPASO N°/).waitFor();

    // General: the closed-period policy and the stale-expense advertencia are settings.
    await page.goto(`${s.baseUrl}/rindegastos/configuracion/general`);
    await page.getByRole('heading', { name: 'Configuración General' }).waitFor();
    await page.getByLabel('Período cerrado').selectOption('primerDiaAbierto');
    await page.getByLabel('Advertir gastos con más días antes del cierre').fill('45');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Configuración General guardada.', { exact: false }).waitFor();
    await expectAccessible(page, 'General (reglas)');
    const saved = await admin.plugin<{ settings: Record<string, unknown> }>('/settings');
    expect(saved.body.settings).to.deep.include({
      closedPeriodPolicy: 'primerDiaAbierto',
      staleExpenseDays: 45,
    });

    // Centralización › Categorías de factura: whether the factura's IVA is recoverable.
    await page.goto(`${s.baseUrl}/rindegastos/configuracion/centralizacion`);
    await page.getByRole('tab', { name: /^Categorías de factura/ }).click();
    await page.getByRole('button', { name: 'Configurar Combustible' }).click();
    const dialog = page.getByRole('dialog');
    const recoverable = dialog.getByLabel('IVA recuperable (crédito fiscal)');
    expect(await recoverable.isChecked()).to.equal(true);
    await recoverable.uncheck();
    await expectAccessible(page, 'Centralización (IVA)');
    await screenshot(page, 'reglas-02-iva-no-recuperable');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const items = await admin.plugin<{
      items: { remoteKey: string; mapping: { ivaRecoverable?: boolean } }[];
    }>('/mappings/invoice-categories');
    expect(items.body.items.find((i) => i.remoteKey === 'Combustible')?.mapping.ivaRecoverable).to.equal(
      false,
    );
  });
});
