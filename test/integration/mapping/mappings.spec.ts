import { expect } from 'chai';
import { AuditLog } from '../../../plugin/audit/AuditLog';
import type { CatalogKind } from '../../../plugin/catalog/catalogKinds';
import type { MappingListView } from '../../../plugin/mapping/MappingService';
import { MappingService } from '../../../plugin/mapping/MappingService';
import {
  COMPANY,
  connect,
  createTestbed,
  errorOf,
  fakeToken,
  OTHER_COMPANY,
  USERS,
  type Testbed,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

forEachDatabase('Configuración › Centralización', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
    await connect(bed);
  });

  async function list(kind: string): Promise<MappingListView> {
    const res = await bed.call('mappings.list', { params: { kind } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as MappingListView;
  }

  async function idOf(kind: string, key: string): Promise<string> {
    const item = (await list(kind)).items.find((i) => i.remoteKey === key);
    if (!item) throw new Error(`no ${kind} ${key}`);
    return String(item.id);
  }

  const put = async (kind: string, key: string, body: unknown) =>
    bed.call('mappings.put', { params: { kind, id: await idOf(kind, key) }, body });

  it('lists each Centralización list with remote key, name, code, state, mapping and suggestion', async () => {
    const accounts = await list('accounts');
    expect(accounts.counts).to.deep.equal({ total: 5, mapped: 0, unmapped: 5, inactive: 0, suggestions: 4 });
    const combustible = accounts.items.find((i) => i.remoteKey === '4-1-10-201-002')!;
    expect(combustible).to.deep.include({
      name: 'Combustible',
      code: '4-1-10-201-002',
      active: true,
      mapped: false,
      mapping: { debitAccount: null, creditAccount: null },
      suggestion: { debitAccount: '4110201002', reason: 'código igual a 4110201002' },
    });
    expect(accounts.items.find((i) => i.remoteKey === '4-1-10-203-009')!.suggestion).to.equal(null);
    expect((await list('categories')).items.map((i) => i.remoteKey)).to.have.members([
      'Alimentación',
      'Combustible',
      'Honorarios',
      'Materiales de oficina',
      'Peajes',
    ]);
    expect((await list('invoice-categories')).counts.total).to.equal(5);
    expect((await list('cost-centers')).items[0].mapping).to.deep.equal({ businessCenter: null });
    const documentTypes = await list('document-types');
    expect(documentTypes.counts.mapped).to.equal(6);
    expect(documentTypes.items.find((i) => i.remoteKey === '33')!.mapping).to.deep.equal({
      documentKind: 'factura',
    });
  });

  it('answers 404 for a list that does not exist', async () => {
    const res = await bed.call('mappings.list', { params: { kind: 'funds' } });
    expect(res.status).to.equal(404);
    expect(errorOf(res).message).to.match(
      /accounts, categories, invoice-categories, cost-centers, document-types/,
    );
  });

  it('saves Debe and Haber of a category, audits before and after, and tells the listeners', async () => {
    const heard: [string, CatalogKind, string][] = [];
    bed.container.resolve(MappingService).onMappingChanged(async (companyId, kind, key) => {
      heard.push([companyId, kind, key]);
    });
    const res = await put('categories', 'Combustible', {
      debitAccount: '4110201002',
      creditAccount: '2110701001',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect((res.body as { item: unknown }).item).to.deep.include({
      mapped: true,
      mapping: { debitAccount: '4110201002', creditAccount: '2110701001' },
      updatedBy: USERS.admin.id,
    });
    expect(heard).to.deep.equal([[COMPANY, 'category', 'Combustible']]);
    const [entry] = (await bed.container.resolve(AuditLog).list(COMPANY)).filter(
      (a) => a.action === 'mapping.updated',
    );
    expect(entry).to.deep.include({
      subject: 'category:Combustible',
      before: { debitAccount: null, creditAccount: null },
      after: { debitAccount: '4110201002', creditAccount: '2110701001' },
    });
  });

  it("accepts account codes typed with dots and stores the ledger's code", async () => {
    const res = await put('accounts', '4-1-10-203-009', {
      debitAccount: '4.110.203.001',
      creditAccount: ' 2110701001 ',
    });
    expect((res.body as { item: { mapping: unknown } }).item.mapping).to.deep.equal({
      debitAccount: '4110203001',
      creditAccount: '2110701001',
    });
  });

  it('rejects unknown, inactive and non-postable accounts with a Spanish message per field, and saves nothing', async () => {
    let res = await put('categories', 'Peajes', { debitAccount: '9999', creditAccount: '4110200000' });
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.fields).to.deep.equal([
      { field: 'debitAccount', message: 'La cuenta 9999 no existe en el plan de cuentas' },
      {
        field: 'creditAccount',
        message:
          'La cuenta 4110200000 (Gastos de administración y ventas) no es imputable: elija una cuenta de detalle',
      },
    ]);
    res = await put('categories', 'Peajes', { debitAccount: '4110299001', creditAccount: '2110701001' });
    expect(errorOf(res).details!.fields).to.deep.equal([
      {
        field: 'debitAccount',
        message: 'La cuenta 4110299001 (Gastos varios (cerrada)) está inactiva en el plan de cuentas',
      },
    ]);
    expect((await list('categories')).items.find((i) => i.remoteKey === 'Peajes')!.mapped).to.equal(false);
  });

  it('rejects the same account on both sides and a missing side', async () => {
    let res = await put('categories', 'Peajes', { debitAccount: '4110203001', creditAccount: '4110203001' });
    expect(errorOf(res).details!.fields).to.deep.equal([
      { field: 'creditAccount', message: 'El Haber no puede ser la misma cuenta del Debe' },
    ]);
    res = await put('categories', 'Peajes', { debitAccount: '4110203001' });
    expect(errorOf(res).details!.fields).to.deep.equal([
      { field: 'creditAccount', message: 'indique el código de la cuenta del Haber (o null para quitarla)' },
    ]);
  });

  it('clears a side with null', async () => {
    await put('categories', 'Peajes', { debitAccount: '4110203001', creditAccount: '2110701001' });
    const res = await put('categories', 'Peajes', { debitAccount: '4110203001', creditAccount: null });
    expect((res.body as { item: { mapped: boolean } }).item.mapped).to.equal(false);
  });

  it('maps a cost center to an active postable business center only', async () => {
    let res = await put('cost-centers', 'CC-210', { businessCenter: 'EMPNEG000000000' });
    expect(errorOf(res).details!.fields).to.deep.equal([
      {
        field: 'businessCenter',
        message:
          'El centro de negocios EMPNEG000000000 (Negocios) no es imputable: elija un centro de último nivel',
      },
    ]);
    res = await put('cost-centers', 'CC-210', { businessCenter: 'EMPGESGESOLD000' });
    expect(errorOf(res).details!.fields![0].message).to.match(/está inactivo/);
    res = await put('cost-centers', 'CC-210', { businessCenter: 'NOEXISTE' });
    expect(errorOf(res).details!.fields![0].message).to.equal(
      'El centro de negocios NOEXISTE no existe en el ERP',
    );
    res = await put('cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
    expect(res.status).to.equal(200);
    expect((res.body as { item: { mapping: unknown } }).item.mapping).to.deep.equal({
      businessCenter: 'EMPNEGVTAVTA000',
    });
  });

  it("sets a document type's kind, and rejects a kind that does not exist", async () => {
    let res = await put('document-types', 'FL', { documentKind: 'boleta' });
    expect((res.body as { item: { mapping: unknown } }).item.mapping).to.deep.equal({
      documentKind: 'boleta',
    });
    res = await put('document-types', 'FL', { documentKind: 'ticket' });
    expect(errorOf(res).details!.fields![0]).to.deep.include({ field: 'documentKind' });
    expect(errorOf(res).details!.fields![0].message).to.match(/factura.*boleta.*honorarios/);
  });

  it('rejects fields of another list', async () => {
    const res = await put('categories', 'Peajes', { businessCenter: 'EMPNEGVTAVTA000' });
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.fields![0]).to.deep.equal({
      field: 'businessCenter',
      message: 'no corresponde a Categoría: indique debitAccount y creditAccount',
    });
  });

  it('answers 404 for an id of another list or another company', async () => {
    const categoryId = await idOf('categories', 'Peajes');
    let res = await bed.call('mappings.put', {
      params: { kind: 'cost-centers', id: categoryId },
      body: { businessCenter: 'EMPNEGVTAVTA000' },
    });
    expect(res.status).to.equal(404);
    const token = fakeToken('pacifico');
    bed.fake.acceptedTokens.add(token);
    await bed.call('connection.put', { company: OTHER_COMPANY, user: USERS.otherAdmin, body: { token } });
    res = await bed.call('mappings.put', {
      company: OTHER_COMPANY,
      user: USERS.otherAdmin,
      params: { kind: 'categories', id: categoryId },
      body: { debitAccount: '4110203001', creditAccount: '2110701001' },
    });
    expect(res.status).to.equal(404);
    expect((await list('categories')).items.find((i) => i.remoteKey === 'Peajes')!.mapped).to.equal(false);
  });

  it('accepts every open suggestion in one audited action, skipping those no longer postable', async () => {
    await put('accounts', '4110206001', { debitAccount: '4110203001', creditAccount: '2110701001' });
    await bed.ledger.updateAccount(COMPANY, '4110207001', { active: false });
    const heard: string[] = [];
    bed.container.resolve(MappingService).onMappingChanged(async (_c, kind, key) => {
      heard.push(`${kind}:${key}`);
    });
    const res = await bed.call('mappings.acceptSuggestions');
    expect(res.status).to.equal(200);
    const body = res.body as {
      accepted: { remoteKey: string; debitAccount: string }[];
      skipped: { remoteKey: string }[];
    };
    expect(body.accepted.map((a) => [a.remoteKey, a.debitAccount])).to.have.deep.members([
      ['4-1-10-201-002', '4110201002'],
      ['4-1-10-205-001', '4110205001'],
    ]);
    expect(body.skipped.map((s) => s.remoteKey)).to.deep.equal(['4-1-10-207-001']);
    expect(heard).to.have.members(['account:4-1-10-201-002', 'account:4-1-10-205-001']);
    const accounts = await list('accounts');
    // A Debe the user chose is never replaced by a suggestion.
    expect(accounts.items.find((i) => i.remoteKey === '4110206001')!.mapping).to.deep.include({
      debitAccount: '4110203001',
    });
    const audit = (await bed.container.resolve(AuditLog).list(COMPANY)).filter(
      (a) => a.action === 'mapping.suggestions_accepted',
    );
    expect(audit).to.have.length(1);
  });

  it('gives the voucher builder a snapshot keyed as it looks items up, inactive items included', async () => {
    await put('invoice-categories', 'Combustible', {
      debitAccount: '4110201002',
      creditAccount: '2110701001',
    });
    await put('categories', 'Peajes', { debitAccount: '4110203001', creditAccount: '2110701001' });
    await put('cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
    await put('document-types', 'H', { documentKind: 'other' });
    bed.fake.data.policies[0].categories.pop(); // Peajes leaves Rindegastos
    await bed.call('catalog.import');

    const snapshot = await bed.container.resolve(MappingService).snapshot(COMPANY);
    expect(snapshot.invoiceCategories.get('Combustible')).to.deep.equal({
      debitAccount: '4110201002',
      creditAccount: '2110701001',
    });
    expect(snapshot.categories.get('Combustible')).to.deep.equal({ debitAccount: null, creditAccount: null });
    expect(snapshot.categories.get('Peajes')).to.deep.equal({
      debitAccount: '4110203001',
      creditAccount: '2110701001',
    });
    expect(snapshot.accounts.get('4-1-10-201-002')).to.deep.equal({
      debitAccount: null,
      creditAccount: null,
    });
    expect(snapshot.costCenters.get('CC-210')).to.equal('EMPNEGVTAVTA000');
    expect(snapshot.costCenters.get('CC-300')).to.equal(null);
    expect(snapshot.documentTypes.get('H')).to.equal('other');
    expect(snapshot.documentTypes.get('33')).to.equal('factura');
  });

  it('offers only active postable accounts and business centers in the pickers', async () => {
    const accounts = (await bed.call('ledger.accounts')).body as {
      accounts: { code: string; requires: unknown }[];
    };
    expect(accounts.accounts.map((a) => a.code)).to.deep.equal([
      '1110601001',
      '1110701001',
      '2110501002',
      '2110701001',
      '4110201002',
      '4110203001',
      '4110205001',
      '4110206001',
      '4110207001',
    ]);
    expect(accounts.accounts[0].requires).to.deep.equal({
      businessCenter: false,
      auxiliary: true,
      document: true,
    });
    const centers = (await bed.call('ledger.businessCenters')).body as {
      businessCenters: { code: string }[];
    };
    expect(centers.businessCenters.map((c) => c.code)).to.deep.equal(['EMPGESGESADM000', 'EMPNEGVTAVTA000']);
  });
});
