import { expect } from 'chai';
import { CatalogService } from '../../../plugin/catalog/CatalogService';
import type { ImportSummary } from '../../../plugin/catalog/reconcile';
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
import { category, listField } from '../../support/fakeRindegastos';

interface ItemRow {
  id: number;
  kind: string;
  remote_key: string;
  name: string;
  active: number | boolean;
  removed_at: string | null;
  debit_account: string | null;
  credit_account: string | null;
  business_center: string | null;
  document_kind: string | null;
}

forEachDatabase('import of the Rindegastos configuration', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
    await connect(bed);
  });

  const rows = async (kind: string): Promise<ItemRow[]> =>
    suite.db('rg_catalog_items').where({ company_id: COMPANY, kind }).orderBy('remote_key');
  const row = async (kind: string, key: string): Promise<ItemRow> =>
    suite.db('rg_catalog_items').where({ company_id: COMPANY, kind, remote_key: key }).first();

  async function reimport(): Promise<ImportSummary> {
    const res = await bed.call('catalog.import');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body as { import: ImportSummary }).import;
  }

  async function mapCategory(kind: 'categories' | 'invoice-categories', name: string, debit: string) {
    const item = await row(kind === 'categories' ? 'category' : 'invoice_category', name);
    const res = await bed.call('mappings.put', {
      params: { kind, id: String(item.id) },
      body: { debitAccount: debit, creditAccount: '2110701001' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }

  it('imports a category used by several policies once, with its account and group', async () => {
    const alimentacion = await row('category', 'Alimentación');
    expect(alimentacion).to.include({ name: 'Alimentación', debit_account: null, credit_account: null });
    const extra = JSON.parse(
      (await suite.db('rg_catalog_items').where({ id: alimentacion.id }).first()).extra_json,
    );
    expect(extra).to.deep.include({
      groupName: 'Viáticos',
      accountCodes: ['4-1-10-205-001'],
      policyIds: [4044, 4050],
    });
  });

  it("imports cost centers from both spellings of the field and from users' CostingCode", async () => {
    expect((await rows('cost_center')).map((r) => r.remote_key)).to.deep.equal([
      'CC-210',
      'CC-300',
      'CC-400',
      'CC-999',
    ]);
  });

  it('gives each document type its SII default kind', async () => {
    const kinds = Object.fromEntries(
      (await rows('document_type')).map((r) => [r.remote_key, r.document_kind]),
    );
    expect(kinds).to.deep.equal({
      '33': 'factura',
      '34': 'factura',
      '39': 'boleta',
      '99': 'honorarios',
      FL: 'factura',
      H: 'honorarios',
    });
  });

  it('re-imports after renaming, adding and removing categories, keeping every mapping and reporting each change', async () => {
    await mapCategory('categories', 'Combustible', '4110201002');
    await mapCategory('invoice-categories', 'Combustible', '4110201002');
    await mapCategory('categories', 'Peajes', '4110203001');
    await mapCategory('categories', 'Alimentación', '4110205001');
    const cc = await row('cost_center', 'CC-210');
    await bed.call('mappings.put', {
      params: { kind: 'cost-centers', id: String(cc.id) },
      body: { businessCenter: 'EMPNEGVTAVTA000' },
    });

    const [maquinaria] = bed.fake.data.policies;
    maquinaria.categories = [
      category('Combustibles y lubricantes', '4-1-10-201-002', 'Vehículos'), // renamed, same code and position
      category('Alimentación', '4-1-10-205-001', 'Viáticos'),
      // "Peajes" removed
      category('Estacionamientos', '4-1-10-203-010', 'Vehículos'), // new
    ];
    const summary = await reimport();

    expect(summary.renamed).to.deep.include.members([
      { kind: 'category', from: 'Combustible', to: 'Combustibles y lubricantes' },
      { kind: 'invoice_category', from: 'Combustible', to: 'Combustibles y lubricantes' },
    ]);
    expect(summary.removed).to.deep.include({ kind: 'category', key: 'Peajes', name: 'Peajes' });
    expect(summary.counts.category).to.deep.equal({
      new: 1,
      updated: 1,
      reactivated: 0,
      inactivated: 1,
      unchanged: 3,
    });

    const renamed = await row('category', 'Combustibles y lubricantes');
    expect(renamed).to.include({ debit_account: '4110201002', credit_account: '2110701001' });
    expect(Boolean(renamed.active)).to.equal(true);
    expect(await row('invoice_category', 'Combustibles y lubricantes')).to.include({
      debit_account: '4110201002',
    });
    const peajes = await row('category', 'Peajes');
    expect(Boolean(peajes.active)).to.equal(false);
    expect(peajes).to.include({ debit_account: '4110203001', removed_at: '2026-11-28T12:00:00.000Z' });
    expect(await row('category', 'Alimentación')).to.include({ debit_account: '4110205001' });
    expect(await row('category', 'Estacionamientos')).to.include({ debit_account: null });
    expect(await row('cost_center', 'CC-210')).to.include({ business_center: 'EMPNEGVTAVTA000' });
    expect(
      await suite
        .db('rg_catalog_items')
        .where({ company_id: COMPANY, kind: 'category', remote_key: 'Combustible' }),
    ).to.deep.equal([]);
  });

  it('re-activates an item that comes back, with its old mapping', async () => {
    await mapCategory('categories', 'Peajes', '4110203001');
    const [maquinaria] = bed.fake.data.policies;
    const original = [...maquinaria.categories];
    maquinaria.categories = original.filter((c) => c.Name !== 'Peajes');
    await reimport();
    maquinaria.categories = original;
    const summary = await reimport();
    expect(summary.reactivated).to.deep.include({ kind: 'category', key: 'Peajes', name: 'Peajes' });
    expect(summary.counts.category.reactivated).to.equal(1);
    const peajes = await row('category', 'Peajes');
    expect(Boolean(peajes.active)).to.equal(true);
    expect(peajes).to.include({ removed_at: null, debit_account: '4110203001' });
  });

  it('does not guess a rename when two policies disagree, and reports a removal and an arrival instead', async () => {
    await mapCategory('categories', 'Alimentación', '4110205001');
    const [maquinaria, administracion] = bed.fake.data.policies;
    maquinaria.categories[1] = category('Comidas', '4-1-10-205-001', 'Viáticos');
    administracion.categories[0] = category('Viáticos', '4-1-10-205-001', 'Viáticos');
    const summary = await reimport();
    expect(summary.renamed).to.deep.equal([]);
    expect(summary.removed).to.deep.include({ kind: 'category', key: 'Alimentación', name: 'Alimentación' });
    expect(await row('category', 'Alimentación')).to.include({ debit_account: '4110205001' });
    expect(await row('category', 'Comidas')).to.include({ debit_account: null });
  });

  it('updates a renamed cost center and a changed user, and counts the rest as unchanged', async () => {
    bed.fake.data.policies[0].expenseFields[1] = listField('Centro de Costo', [
      ['CC-210', 'Faena Norte (Antofagasta)'],
      ['CC-300', 'Comercial'],
    ]);
    bed.fake.data.users[0].LastName = 'Olivares Rojas';
    const summary = await reimport();
    expect(summary.counts.cost_center).to.deep.include({ updated: 1, new: 0, inactivated: 0 });
    expect(summary.counts.user).to.deep.include({ updated: 1, unchanged: 2 });
    expect(summary.counts.policy).to.deep.equal({
      new: 0,
      updated: 0,
      reactivated: 0,
      inactivated: 0,
      unchanged: 2,
    });
    expect((await row('cost_center', 'CC-210')).name).to.equal('Faena Norte (Antofagasta)');
  });

  it('never overwrites the document kind a user chose', async () => {
    const h = await row('document_type', 'H');
    await bed.call('mappings.put', {
      params: { kind: 'document-types', id: String(h.id) },
      body: { documentKind: 'other' },
    });
    await reimport();
    expect((await row('document_type', 'H')).document_kind).to.equal('other');
  });

  it('reads the extra fields named in Configuración General and warns when no policy has one', async () => {
    const res = await bed.call('settings.put', { body: { costCenterField: 'Faena' } });
    expect(res.status).to.equal(200);
    const summary = await reimport();
    expect(summary.warnings.join(' ')).to.match(/Ninguna política tiene el campo adicional "Faena"/);
    // Only the users' CostingCodes remain as cost centers.
    expect((await rows('cost_center')).filter((r) => r.active).map((r) => r.remote_key)).to.deep.equal([
      'CC-210',
      'CC-300',
      'CC-999',
    ]);
  });

  it('changes nothing when the network fails during a re-import', async () => {
    const before = await suite.db('rg_catalog_items').orderBy('id');
    bed.fake.data.policies[0].categories.pop();
    bed.fake.failOnCall = 5;
    const res = await bed.call('catalog.import');
    expect(res.status).to.equal(502);
    expect(errorOf(res).message).to.match(/No se cambió nada/);
    expect(await suite.db('rg_catalog_items').orderBy('id')).to.deep.equal(before);
  });

  it('answers 409 with what to do when there is no valid token', async () => {
    await bed.call('connection.delete');
    const res = await bed.call('catalog.import');
    expect(res.status).to.equal(409);
    expect(errorOf(res).message).to.match(
      /Pegue un token nuevo en Contabilidad › Contabilidad › Rindegastos › Configuración › Token/,
    );
  });

  it("answers 422 and stops the company's sync when Rindegastos refuses the stored token", async () => {
    bed.fake.rejectTokens = true;
    const res = await bed.call('catalog.import');
    expect(res.status).to.equal(422);
    expect(errorOf(res).message).to.match(/Genere un token nuevo/);
    expect((await suite.db('rg_connections').where({ company_id: COMPANY }).first()).status).to.equal(
      'invalid',
    );
  });

  it('gives the voucher builder every imported user with RUT and cost center', async () => {
    const users = await bed.container.resolve(CatalogService).users(COMPANY);
    expect([...users.keys()]).to.have.members([61, 64, 70]);
    expect(users.get(61)).to.deep.equal({
      id: 61,
      name: 'Octavio Olivares',
      identification: '12.345.678-5',
      costingCode: 'CC-210',
    });
  });

  it("keeps each company's catalog apart", async () => {
    const other = fakeToken('pacifico');
    bed.fake.acceptedTokens.add(other);
    bed.fake.data.policies = [bed.fake.data.policies[1]];
    const res = await bed.call('connection.put', {
      company: OTHER_COMPANY,
      user: USERS.otherAdmin,
      body: { token: other },
    });
    expect(res.status).to.equal(200);
    // The first company's Maquinaria policy is untouched by the second company's import.
    expect(Boolean((await row('policy', '4044')).active)).to.equal(true);
    const counts = await suite.db('rg_catalog_items').where({ company_id: OTHER_COMPANY, kind: 'policy' });
    expect(counts).to.have.length(1);
  });
});
