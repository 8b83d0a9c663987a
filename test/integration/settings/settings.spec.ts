import { expect } from 'chai';
import { DEFAULT_BUILDER_SETTINGS } from '../../../plugin/accounting/model';
import { AuditLog } from '../../../plugin/audit/AuditLog';
import { SettingsService } from '../../../plugin/settings/SettingsService';
import {
  COMPANY,
  createTestbed,
  errorOf,
  OTHER_COMPANY,
  USERS,
  type Testbed,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

forEachDatabase('Configuración General', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
  });

  const settingsOf = async (company = COMPANY) =>
    (
      (
        await bed.call('settings.get', {
          company,
          user: company === COMPANY ? USERS.admin : USERS.otherAdmin,
        })
      ).body as {
        settings: Record<string, unknown>;
      }
    ).settings;

  it('starts from the documented defaults, importing from one year back', async () => {
    expect(await settingsOf()).to.deep.equal({
      autoPost: false,
      syncIntervalMinutes: 15,
      grouping: 'report',
      voucherDate: 'close',
      voucherType: 'TRASPASO',
      glosaTemplate: 'Rendición N° {number} {employee}',
      mergeLines: 'credit',
      ivaCreditAccount: null,
      retentionAccount: null,
      documentTypeField: 'Tipo de Documento',
      costCenterField: 'Centro de Costo',
      supplierRutField: 'RUT Proveedor',
      documentNumberField: 'Número de Documento',
      closedPeriodPolicy: 'rechazar',
      staleExpenseDays: 90,
      repostOnChange: false,
      importFrom: '2025-11-28',
    });
  });

  it('applies a partial update, keeps the rest and audits only what changed', async () => {
    const res = await bed.call('settings.put', {
      body: {
        autoPost: true,
        ivaCreditAccount: '1110601001',
        retentionAccount: '2110501002',
        grouping: 'report',
      },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const settings = (res.body as { settings: Record<string, unknown> }).settings;
    expect(settings).to.include({
      autoPost: true,
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
      syncIntervalMinutes: 15,
    });
    expect(await settingsOf()).to.deep.equal(settings);
    const [entry] = (await bed.container.resolve(AuditLog).list(COMPANY)).filter(
      (a) => a.action === 'settings.updated',
    );
    expect(entry.before).to.deep.equal({ autoPost: false, ivaCreditAccount: null, retentionAccount: null });
    expect(entry.after).to.deep.equal({
      autoPost: true,
      ivaCreditAccount: '1110601001',
      retentionAccount: '2110501002',
    });
    expect(entry.actorId).to.equal(USERS.admin.id);
  });

  it('writes no audit entry when nothing changes', async () => {
    await bed.call('settings.put', { body: { voucherType: 'TRASPASO' } });
    expect(await bed.container.resolve(AuditLog).list(COMPANY)).to.deep.equal([]);
  });

  it('rejects an unknown or non-postable account and an unknown placeholder, field by field in Spanish, saving nothing', async () => {
    const res = await bed.call('settings.put', {
      body: {
        autoPost: true,
        ivaCreditAccount: '9999',
        retentionAccount: '4110200000',
        glosaTemplate: 'Rendición {number} de {empleado}',
      },
    });
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.fields).to.deep.equal([
      { field: 'ivaCreditAccount', message: 'La cuenta 9999 no existe en el plan de cuentas' },
      {
        field: 'retentionAccount',
        message:
          'La cuenta 4110200000 (Gastos de administración y ventas) no es imputable: elija una cuenta de detalle',
      },
      {
        field: 'glosaTemplate',
        message:
          'El marcador {empleado} no existe. Marcadores disponibles: {number}, {employee}, {title}, {reportId}, {policy}, {closeDate}, {sendDate}',
      },
    ]);
    expect((await settingsOf()).autoPost).to.equal(false);
  });

  it('rejects an inactive account', async () => {
    const res = await bed.call('settings.put', { body: { ivaCreditAccount: '4110299001' } });
    expect(errorOf(res).details!.fields).to.deep.equal([
      {
        field: 'ivaCreditAccount',
        message: 'La cuenta 4110299001 (Gastos varios (cerrada)) está inactiva en el plan de cuentas',
      },
    ]);
  });

  it('rejects values out of range or of the wrong type with Spanish messages', async () => {
    const res = await bed.call('settings.put', {
      body: {
        syncIntervalMinutes: 0,
        grouping: 'month',
        autoPost: 'sí',
        importFrom: '2031-01-01',
        voucherType: '',
      },
    });
    const fields = Object.fromEntries(errorOf(res).details!.fields!.map((f) => [f.field, f.message]));
    expect(fields).to.deep.equal({
      syncIntervalMinutes: 'debe ser al menos 1 minuto',
      grouping: 'debe ser "report" (un comprobante por informe) o "expense" (uno por gasto)',
      autoPost: 'debe ser verdadero o falso',
      voucherType: 'no puede estar vacío ni empezar o terminar con espacios',
    });
    const future = await bed.call('settings.put', { body: { importFrom: '2031-01-01' } });
    expect(errorOf(future).details!.fields).to.deep.equal([
      { field: 'importFrom', message: 'no puede ser una fecha futura' },
    ]);
    const impossible = await bed.call('settings.put', { body: { importFrom: '2026-02-30' } });
    expect(errorOf(impossible).details!.fields![0].message).to.equal('2026-02-30 no es una fecha válida');
  });

  it('rejects null for a setting that cannot be empty, and clears an account with null', async () => {
    let res = await bed.call('settings.put', { body: { mergeLines: null } });
    expect(res.status).to.equal(400);
    await bed.call('settings.put', { body: { ivaCreditAccount: '1110601001' } });
    res = await bed.call('settings.put', { body: { ivaCreditAccount: null } });
    expect(res.status).to.equal(200);
    expect((await settingsOf()).ivaCreditAccount).to.equal(null);
  });

  it('rejects fields that are not settings', async () => {
    const res = await bed.call('settings.put', { body: { autoPost: true, colour: 'red' } });
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.fields!.map((f) => f.field)).to.deep.equal(['body.colour']);
    expect((await settingsOf()).autoPost).to.equal(false);
  });

  it("keeps each company's settings apart", async () => {
    await bed.call('settings.put', { body: { voucherType: 'EGRESO' } });
    expect((await settingsOf(OTHER_COMPANY)).voucherType).to.equal('TRASPASO');
  });

  it('gives the builder every BuilderSettings field, typed', async () => {
    await bed.call('settings.put', { body: { mergeLines: 'all', voucherDate: 'lastExpense' } });
    const settings = await bed.container.resolve(SettingsService).get(COMPANY);
    for (const key of Object.keys(DEFAULT_BUILDER_SETTINGS)) expect(settings).to.have.property(key);
    expect(settings).to.include({
      mergeLines: 'all',
      voucherDate: 'lastExpense',
      glosaTemplate: 'Rendición N° {number} {employee}',
    });
  });

  it('tells listeners which settings changed', async () => {
    const heard: string[][] = [];
    bed.container.resolve(SettingsService).onSettingsChanged(async (_c, keys) => {
      heard.push(keys);
    });
    await bed.call('settings.put', { body: { syncIntervalMinutes: 30, autoPost: false } });
    expect(heard).to.deep.equal([['syncIntervalMinutes']]);
  });
});
