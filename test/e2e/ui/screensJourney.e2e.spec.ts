import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  axeScan,
  launchChromium,
  logInAs,
  newPage,
  screenshot,
  type AxeFinding,
} from '../../support/browser';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { hostMigrators } from '../../support/hostHarness';
import { PLUGIN_API, startStack, type Stack } from '../../support/stack';

/** The worked example of chile-accounting.md, always in the sandbox's demo company. */
const WORKED_EXAMPLE = { id: 13421804, number: '8842', costCenter: 'CC-210' };
const DEBIT = '4110206001';
const CREDIT = '2110701001';
const CENTER = 'EMPGESGESADM000';

/** Every screen's axe violations, written to test-artifacts/axe.json for the closing note. */
const axeResults: Record<string, AxeFinding[]> = {};

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeScan(page);
  axeResults[screen] = violations;
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${screen}: ${JSON.stringify(blocking, null, 1)}`).to.deep.equal([]);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Menú principal' });
const status = (page: Page) => page.locator('main [role=status]:not([hidden])');

/** Picks `code` in a searchable account picker: types part of it and takes the matching choice. */
async function pick(field: Locator, code: string) {
  await field.fill(code);
  const listId = await field.getAttribute('list');
  const option = field.page().locator(`datalist[id="${listId}"] option[value^="${code} · "]`);
  await option.waitFor({ state: 'attached' }); // the choices arrive with the ledger's accounts
  await field.fill((await option.getAttribute('value'))!);
}

describe('the plugin screens in the browser: the whole journey by clicking', function () {
  this.timeout(240_000);
  let browser: Browser;
  let database: TestDatabase;
  let stack: Stack | undefined;

  before(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('sqlite', hostMigrators);
  });
  after(async () => {
    await browser?.close();
    await database?.destroy();
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS_DIR, 'axe.json'), JSON.stringify(axeResults, null, 2));
  });
  beforeEach(async () => {
    await database.clean();
    stack = await startStack(database.db);
  });
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('buys, connects, configures, grants, syncs, fixes a problem in place, reads a voucher, eliminates and centralizes it again', async () => {
    const s = stack!;
    const page = await newPage(browser);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) pageErrors.push(msg.text());
    });

    // Purchase: the menu appears on payment.
    await logInAs(page, s.baseUrl, 'admin@demo.cl');
    await nav(page).getByRole('link', { name: 'Funcionalidades' }).click();
    await page.getByRole('button', { name: 'Comprar' }).click();
    await page.getByRole('button', { name: /^Pagar / }).click();
    await page.getByText('Pago confirmado.').waitFor();
    await nav(page).getByRole('link', { name: 'Token', exact: true }).waitFor();

    // Token: a refused one says so; the sandbox's imports the configuration.
    await nav(page).getByRole('link', { name: 'Token', exact: true }).click();
    await page.getByRole('heading', { name: 'Token', exact: true }).waitFor();
    await expectAccessible(page, 'Token');
    await page.getByLabel('Token de Rindegastos').fill('x'.repeat(40));
    await page.getByRole('button', { name: 'Guardar token' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).to.match(/token/i);
    await screenshot(page, '01-token-rechazado');
    await page.getByLabel('Token de Rindegastos').fill(s.tokenFor(s.companies.andes));
    await page.getByRole('button', { name: 'Guardar token' }).click();
    await page.getByRole('heading', { name: 'Configuración importada' }).waitFor();
    expect(await page.getByRole('row', { name: /^Categorías \d+/ }).count()).to.equal(1);
    expect(await page.getByText(/^termina en /).textContent()).to.include(
      s.tokenFor(s.companies.andes).slice(-4),
    );
    await screenshot(page, '02-token-importado');

    // General: the accounts, automatic posting, and an import window holding the seeded reports.
    await nav(page).getByRole('link', { name: 'General', exact: true }).click();
    await page.getByRole('heading', { name: 'Configuración General' }).waitFor();
    await pick(page.getByLabel('Cuenta IVA crédito fiscal'), '1110601001');
    await pick(page.getByLabel('Cuenta retención honorarios'), '2110501002');
    await page.getByLabel('Centralizar automáticamente').check();
    await page.getByLabel('Tipo de comprobante').fill('');
    await page.getByRole('button', { name: 'Guardar' }).click();
    // An invalid field shows its message next to it and nothing is saved.
    await page.getByRole('alert').waitFor();
    expect(
      await page
        .locator('#' + (await page.getByLabel('Tipo de comprobante').getAttribute('id')) + '-error')
        .textContent(),
    ).to.not.equal('');
    await page.getByLabel('Tipo de comprobante').fill('TRASPASO');
    await page.getByLabel('Importar desde').fill('2025-01-01');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await status(page).getByText('Configuración General guardada').waitFor();
    await expectAccessible(page, 'General');
    await screenshot(page, '03-general');

    // Centralización: every Cuenta to Debe/Haber, every cost center but the worked example's.
    await nav(page).getByRole('link', { name: 'Centralización', exact: true }).click();
    await page.getByRole('heading', { name: 'Centralización' }).waitFor();
    const dialog = page.getByRole('dialog');
    const accountRows = page.getByRole('button', { name: /^Configurar / });
    await accountRows.first().waitFor();
    const accountNames = await accountRows.allTextContents();
    expect(accountNames.length).to.be.greaterThan(2);
    for (let i = 0; i < accountNames.length; i++) {
      await accountRows.nth(i).click();
      await pick(dialog.getByLabel('Cuenta Debe'), DEBIT);
      await pick(dialog.getByLabel('Cuenta Haber'), CREDIT);
      await dialog.getByRole('button', { name: 'Guardar' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await status(page).getByText('guardado').waitFor();
    await page
      .getByRole('tab', { name: /^Cuentas/ })
      .getByText('0 sin configurar')
      .waitFor();
    // The lists are tabs: the arrow keys move between them.
    await page.getByRole('tab', { name: /^Cuentas/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: /^Categorías \d/, selected: true }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: /^Cuentas/, selected: true }).waitFor();
    // Categorías fall back to their Cuenta: covered, so nothing there would block a report.
    await page.getByRole('tab', { name: /^Categorías \d/ }).click();
    await page
      .getByRole('tab', { name: /^Categorías \d/ })
      .getByText('0 sin configurar')
      .waitFor();
    await page
      .getByText(/^Cubierto por la Cuenta «/)
      .first()
      .waitFor();
    await page.getByRole('tab', { name: /^Centros de costo/ }).click();
    const centers = page.getByRole('button', { name: /^Configurar / });
    await centers.first().waitFor();
    const centerNames = (await centers.allTextContents()).map((t) => t.trim().replace(/^Configurar /, ''));
    for (const name of centerNames) {
      const row = page.getByRole('row', { name: new RegExp(`Configurar ${escape(name)}$`) });
      if ((await row.textContent())!.includes(WORKED_EXAMPLE.costCenter)) continue;
      await page.getByRole('button', { name: `Configurar ${name}`, exact: true }).click();
      await pick(dialog.getByLabel('Centro de negocios'), CENTER);
      await dialog.getByRole('button', { name: 'Guardar' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.getByLabel('Solo sin configurar').check();
    expect(await page.getByRole('button', { name: /^Configurar / }).count()).to.equal(1);
    await expectAccessible(page, 'Centralización');
    await screenshot(page, '04-centralizacion');
    // The dialog, open, for the screenshot and the scan.
    await page.getByRole('button', { name: /^Configurar / }).click();
    await dialog.getByLabel('Centro de negocios').waitFor();
    await expectAccessible(page, 'Centralización (diálogo)');
    await screenshot(page, '05-centralizacion-dialogo');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByLabel('Solo sin configurar').uncheck();

    // Permisos: the contador may see and centralize.
    await nav(page).getByRole('link', { name: 'Permisos', exact: true }).click();
    await page.getByRole('heading', { name: 'Permisos' }).waitFor();
    await page.getByRole('button', { name: 'Configurar permisos de Jorge Contreras' }).click();
    await dialog.getByLabel('Ver informes').check();
    await dialog.getByLabel('Centralizar').check();
    await screenshot(page, '06-permisos-dialogo');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await status(page).getByText('Jorge Contreras ahora tiene: Ver informes, Centralizar.').waitFor();
    await expectAccessible(page, 'Permisos');
    await screenshot(page, '07-permisos');

    // Informes: sync; the worked example is blocked by its unmapped cost center.
    await nav(page).getByRole('link', { name: 'Informes', exact: true }).click();
    await page.getByRole('heading', { name: 'Informes', exact: true }).waitFor();
    // Every Rindegastos request slowed down, so the sync's progress bar can be seen.
    const calm = s.sandbox.faults();
    s.sandbox.setFaults({ ...calm, rate: 1, kinds: ['latency'], latencyMs: 300 });
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await page.getByRole('progressbar', { name: 'Progreso de la sincronización' }).waitFor();
    await screenshot(page, '08a-informes-sincronizando');
    await status(page)
      .getByText(/^Sincronización terminada: \d+ informes leídos/)
      .waitFor({ timeout: 60_000 });
    s.sandbox.setFaults(calm);
    const problems = page.getByRole('region', { name: 'Problemas' });
    await problems.waitFor();
    const centerProblem = problems
      .getByRole('listitem')
      .filter({ hasText: `(código ${WORKED_EXAMPLE.costCenter})` });
    await centerProblem.getByRole('link', { name: `N° ${WORKED_EXAMPLE.number}` }).waitFor();
    const total = Number((await problems.getByText(/de \d+ resueltos/).textContent())!.match(/de (\d+)/)![1]);
    expect(await problems.getByText(`0 de ${total} resueltos`).count()).to.equal(1);
    await expectAccessible(page, 'Informes');
    await screenshot(page, '08-informes-problemas');

    // Problemas: Configurar opens the same dialog in place; the report is released and posted.
    await centerProblem.getByRole('button', { name: 'Configurar' }).click();
    await pick(dialog.getByLabel('Centro de negocios'), 'EMPNEGVTAVTA000');
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    await status(page)
      .getByText(
        /(informe bloqueado quedó liberado|informes bloqueados quedaron liberados)\. \d+ (quedó centralizado|quedaron centralizados)\./,
      )
      .waitFor();
    await problems.getByText(`1 de ${total} resueltos`).waitFor();

    // Filter Informes, open the detail (a deep link that survives a reload), read its voucher.
    await page.getByLabel('Filtro').fill(WORKED_EXAMPLE.number);
    await page.getByLabel('Centralizado').selectOption({ label: 'Sí' });
    await page.getByLabel('Fecha de inicio').fill('2025-06-01');
    await page.getByLabel('Fecha de término').fill('2025-06-30');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    // The filtered page has arrived (the report was already listed before filtering).
    await page.getByText(/(^|\s)1 informe · página 1 de 1/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Rendición junio - faena norte' });
    await row.getByText('Centralizado').waitFor();
    expect(await page.getByRole('row').count()).to.equal(2);
    for (const header of ['N°', 'Título', 'Colaborador', 'Fecha de cierre', 'Total', 'Estado', 'Comprobante'])
      expect(await page.getByRole('columnheader', { name: header, exact: true }).count(), header).to.equal(1);
    await screenshot(page, '09-informes-filtrado');
    // The row menu by keyboard: Enter opens it, Tab reaches its first item, Enter follows it.
    await page.getByRole('button', { name: `Acciones del informe ${WORKED_EXAMPLE.number}` }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).to.equal('Ver detalle');
    await screenshot(page, '10-informes-menu');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/rindegastos/informes/${WORKED_EXAMPLE.id}`);
    await page.getByRole('heading', { name: `Informe N° ${WORKED_EXAMPLE.number}` }).waitFor();
    const voucher = page.locator('table.voucher-lines');
    await voucher.waitFor();
    for (const header of ['Cuenta', 'Debe', 'Haber', 'Centro de negocios', 'Auxiliar', 'Documento', 'Origen'])
      expect(await voucher.getByRole('columnheader', { name: header, exact: true }).count(), header).to.equal(
        1,
      );
    const lines = (await voucher.locator('tbody tr').allTextContents()).map((l) =>
      l.replace(/\s+/g, ' ').trim(),
    );
    expect(lines.find((l) => l.startsWith(DEBIT) && l.includes('EMPNEGVTAVTA000'))).to.include('$53.880');
    expect(lines.find((l) => l.startsWith('1110601001')))
      .to.include('$5.620')
      .and.include('33 N° 1234567');
    expect(lines.find((l) => l.startsWith(CREDIT)))
      .to.include('$78.000')
      .and.include('12.345.678-5');
    expect(await voucher.locator('tfoot').textContent()).to.include('$78.000');
    await page.getByText(/^Marcado como integrado|^Pendiente|^Marca actualizada/).waitFor();
    await expectAccessible(page, 'Detalle');
    await screenshot(page, '11-detalle');

    // Eliminar comprobante (confirmed), then Centralizar again.
    await page.getByRole('button', { name: 'Eliminar comprobante' }).click();
    await screenshot(page, '12-eliminar-confirmacion');
    await dialog.getByRole('button', { name: 'Confirmar' }).click();
    await status(page)
      .getByText(/eliminado: se registró su reverso/)
      .waitFor();
    await page.getByText('Comprobante eliminado', { exact: true }).waitFor();
    // A closed period (June, with the default policy "rechazar") says why and offers Centralizar again.
    const andes = s.companies.andes.company.id;
    await s.ledger.closePeriod(andes, '2025-06');
    await page.getByRole('button', { name: 'Centralizar' }).click();
    await page
      .getByRole('alert')
      .getByText(/El informe N° 8842 no se centralizó: .*período 2025-06 está cerrado/)
      .waitFor();
    await screenshot(page, '12a-detalle-rechazado');
    await s.ledger.openPeriod(andes, '2025-06');
    await page.getByRole('button', { name: 'Centralizar' }).click();
    await status(page)
      .getByText(`Informe N° ${WORKED_EXAMPLE.number} centralizado: comprobante TRASPASO N°`)
      .waitFor();
    await screenshot(page, '13-detalle-recentralizado');
    const vouchers = await s.ledger.listVouchers(s.companies.andes.company.id, { source: 'rindegastos' });
    const posted = vouchers.filter((v) => !v.reversesVoucherId && v.glosa.includes(WORKED_EXAMPLE.number));
    expect(posted, 'posted, then posted again').to.have.length(2);
    expect(
      vouchers.filter((v) => v.reversesVoucherId === posted[0].id || v.reversesVoucherId === posted[1].id),
    ).to.have.length(1);

    // Comprobantes (the host's ledger): filtered by origin, account names beside codes, Spanish statuses.
    await nav(page).getByRole('link', { name: 'Comprobantes', exact: true }).click();
    await page.getByRole('heading', { name: 'Comprobantes contables' }).waitFor();
    await page.getByLabel('Origen', { exact: true }).selectOption({ label: 'Integración Rindegastos' });
    await page.getByLabel('Número').fill('');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByText(/comprobantes · página 1 de \d+/).waitFor();
    await page.getByText(`${DEBIT} · Materiales de oficina`).first().waitFor();
    await page
      .getByText(/· Reversado/)
      .first()
      .waitFor();
    await page
      .getByText(/· Contabilizado/)
      .first()
      .waitFor();
    expect(await page.getByText(/deleted|reversed|posted/).count()).to.equal(0);
    await expectAccessible(page, 'Comprobantes');
    await screenshot(page, '14-comprobantes');
    // Each voucher links back to the report it came from (also the reversal of a voucher).
    await page
      .getByRole('link', { name: /^Ver el informe de origen del comprobante / })
      .first()
      .click();
    await page.waitForURL(`**/rindegastos/informes/${WORKED_EXAMPLE.id}`);
    await page.getByRole('heading', { name: `Informe N° ${WORKED_EXAMPLE.number}` }).waitFor();

    // Back in Informes the filters are as the user left them (the shell keeps the mounted screen).
    await nav(page).getByRole('link', { name: 'Informes', exact: true }).click();
    await page.getByRole('heading', { name: 'Informes', exact: true }).waitFor();
    expect(await page.getByLabel('Filtro').inputValue()).to.equal(WORKED_EXAMPLE.number);
    // A detail is a deep link: it survives a reload.
    await page.getByRole('link', { name: WORKED_EXAMPLE.number, exact: true }).click();
    await page.waitForURL(`**/rindegastos/informes/${WORKED_EXAMPLE.id}`);
    await page.reload();
    await page.getByRole('heading', { name: `Informe N° ${WORKED_EXAMPLE.number}` }).waitFor();
    await page.locator('table.voucher-lines').waitFor();
    expect(pageErrors).to.deep.equal([]);
    await page.close();
  });

  it('shows what to do when Rindegastos refuses the token, and takes a new one', async () => {
    const s = stack!;
    await s.connectCompany(s.companies.andes);
    const fresh = s.sandbox.issueToken('demo'); // the old token is refused from now on
    const page = await newPage(browser);
    await logInAs(page, s.baseUrl, 'admin@demo.cl');
    await nav(page).getByRole('link', { name: 'Informes', exact: true }).click();
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    const card = page.getByRole('article').filter({ hasText: 'Rindegastos rechazó el token' });
    await card.waitFor();
    expect(await card.textContent()).to.include('Configuración › Token');
    await expectAccessible(page, 'Informes (token rechazado)');
    await screenshot(page, '16-informes-token-rechazado');
    await card.getByRole('button', { name: 'Pegar un token nuevo' }).click();
    await page.getByRole('heading', { name: 'Token', exact: true }).waitFor();
    await page.getByLabel('Token de Rindegastos').fill(fresh);
    await page.getByRole('button', { name: 'Guardar token' }).click();
    await page.getByRole('heading', { name: 'Configuración importada' }).waitFor();
    await page.close();
  });

  it('tells an auditor without grants what to ask for, hides Configuración and the API answers 403', async () => {
    const s = stack!;
    await s.activatePlugin(await s.login('admin@demo.cl'));
    const page = await newPage(browser);
    await logInAs(page, s.baseUrl, 'auditor@demo.cl');
    await page.getByText('está activa para esta empresa, pero su usuario aún no tiene permisos').waitFor();
    expect(await nav(page).textContent())
      .to.not.include('Configuración')
      .and.not.include('Rindegastos');
    await expectAccessible(page, 'Inicio (auditor)');
    await screenshot(page, '15-auditor-inicio');
    const statuses = await page.evaluate(async (api) => {
      const get = await fetch(`${api}/reports`);
      const put = await fetch(`${api}/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ autoPost: true }),
      });
      return [get.status, put.status];
    }, PLUGIN_API);
    expect(statuses).to.deep.equal([403, 403]);
    // A deep link to a screen the auditor may not open says so.
    await page.goto(`${s.baseUrl}/rindegastos/configuracion/general`);
    await page.getByRole('heading', { name: 'Página no disponible' }).waitFor();
    await page.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
