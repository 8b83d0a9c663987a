import { expect } from 'chai';
import fc from 'fast-check';
import { defaultDocumentKind } from '../../../plugin/accounting/documentKinds';
import { CatalogReader, type RemoteCatalog, type RemotePolicy } from '../../../plugin/catalog/CatalogReader';
import type { CatalogItem } from '../../../plugin/catalog/CatalogRepository';
import {
  detectCategoryRenames,
  desiredItems,
  reconcile,
  type ReconcilePlan,
} from '../../../plugin/catalog/reconcile';
import { LedgerIndex } from '../../../plugin/accounting/LedgerIndex';
import { sameFieldName } from '../../../plugin/rindegastos/extraFields';
import { FakeRindegastos } from '../../support/fakeRindegastos';
import { demoChart } from '../../support/testChart';

const ledger = new LedgerIndex(demoChart());
const FIELDS = { documentType: 'Tipo de Documento', costCenter: 'Centro de Costo' };

function remotePolicy(id: number, categories: [name: string, code: string][]): RemotePolicy {
  return {
    id,
    name: `Política ${id}`,
    code: '',
    isActive: true,
    currency: 'CLP',
    categories: categories.map(([name, accountCode]) => ({
      name,
      accountCode,
      groupName: '',
      groupCode: '',
    })),
    documentTypes: [],
    costCenters: [],
  };
}

function remote(...policies: RemotePolicy[]): RemoteCatalog {
  return { policies, users: [], fields: FIELDS };
}

/** Applies a plan the way CatalogRepository does, in memory. */
function apply(existing: CatalogItem[], plan: ReconcilePlan): CatalogItem[] {
  let nextId = Math.max(0, ...existing.map((i) => i.id)) + 1;
  const out = existing.map((i) => {
    const u = plan.updates.find((x) => x.id === i.id);
    return u ? { ...i, ...u.changes } : i;
  });
  for (const n of plan.inserts) out.push({ ...n, id: nextId++ });
  return out;
}

function run(existing: CatalogItem[], catalog: RemoteCatalog, now = '2026-11-28T12:00:00.000Z') {
  const plan = reconcile({ companyId: 'c1', existing, remote: catalog, ledger, now });
  return { plan, items: apply(existing, plan) };
}

const mapAll = (items: CatalogItem[]) =>
  items.map((i) => ({ ...i, debitAccount: `D-${i.kind}-${i.remoteKey}`, creditAccount: 'C' }));

describe('catalog reconciliation', () => {
  it("derives every kind from a company's Rindegastos configuration", async () => {
    const fake = new FakeRindegastos();
    fake.acceptedTokens.add('t'.repeat(30));
    const catalog = await new CatalogReader().read(fake.forToken('t'.repeat(30)), FIELDS);
    const sizes = Object.fromEntries([...desiredItems(catalog)].map(([kind, m]) => [kind, m.size]));
    expect(sizes).to.deep.equal({
      account: 5,
      category: 5,
      invoice_category: 5,
      cost_center: 4,
      document_type: 6,
      policy: 2,
      user: 3,
    });
  });

  it('matches extra-field names whatever their case, accents and spacing', () => {
    expect(sameFieldName(' Centro de costo ', 'Centro de Costo')).to.equal(true);
    expect(sameFieldName('Número  de Documento', 'numero de documento')).to.equal(true);
    expect(sameFieldName('Centro Costo', 'Centro de Costo')).to.equal(false);
  });

  it('gives document codes their SII default kind', () => {
    expect(
      ['33', '34', '46', 'af', 'FL', '39', '41', 'BO', 'H', '99', 'BH', '61', ''].map(defaultDocumentKind),
    ).to.deep.equal([
      'factura',
      'factura',
      'factura',
      'factura',
      'factura',
      'boleta',
      'boleta',
      'boleta',
      'honorarios',
      'honorarios',
      'honorarios',
      'other',
      'other',
    ]);
  });

  it('renames a category that keeps its account code and position, mapping and all', () => {
    const first = run(
      [],
      remote(
        remotePolicy(1, [
          ['Combustible', '4-1'],
          ['Peajes', '4-2'],
        ]),
      ),
    );
    const mapped = mapAll(first.items);
    const second = run(
      mapped,
      remote(
        remotePolicy(1, [
          ['Combustible diésel', '4-1'],
          ['Peajes', '4-2'],
        ]),
      ),
    );
    expect(second.plan.summary.renamed).to.deep.equal([
      { kind: 'category', from: 'Combustible', to: 'Combustible diésel' },
      { kind: 'invoice_category', from: 'Combustible', to: 'Combustible diésel' },
    ]);
    const renamed = second.items.find((i) => i.kind === 'category' && i.remoteKey === 'Combustible diésel')!;
    expect(renamed).to.include({ debitAccount: 'D-category-Combustible', active: true });
    expect(second.plan.summary.counts.category).to.include({ new: 0, updated: 1, inactivated: 0 });
  });

  for (const [why, after] of [
    [
      'the account code changed',
      [
        ['Combustible diésel', '4-9'],
        ['Peajes', '4-2'],
      ],
    ],
    [
      'the position changed',
      [
        ['Peajes', '4-2'],
        ['Combustible diésel', '4-1'],
      ],
    ],
  ] as const) {
    it(`does not call it a rename when ${why}`, () => {
      const first = run(
        [],
        remote(
          remotePolicy(1, [
            ['Combustible', '4-1'],
            ['Peajes', '4-2'],
          ]),
        ),
      );
      const second = run(
        first.items,
        remote(
          remotePolicy(
            1,
            after.map(([n, c]) => [n, c]),
          ),
        ),
      );
      expect(second.plan.summary.renamed).to.deep.equal([]);
      expect(second.plan.summary.removed.map((r) => r.key)).to.include('Combustible');
    });
  }

  it('does not call it a rename when another policy still uses the old name', () => {
    const first = run(
      [],
      remote(remotePolicy(1, [['Combustible', '4-1']]), remotePolicy(2, [['Combustible', '4-1']])),
    );
    const catalog = remote(
      remotePolicy(1, [['Combustible diésel', '4-1']]),
      remotePolicy(2, [['Combustible', '4-1']]),
    );
    expect(detectCategoryRenames(first.items, desiredItems(catalog))).to.deep.equal(new Map());
  });

  it('does not call it a rename without an account code to compare', () => {
    const first = run([], remote(remotePolicy(1, [['Varios', '']])));
    const second = run(first.items, remote(remotePolicy(1, [['Otros', '']])));
    expect(second.plan.summary.renamed).to.deep.equal([]);
  });

  it('re-activates a name seen before rather than renaming onto it', () => {
    const a = run(
      [],
      remote(
        remotePolicy(1, [
          ['Taxi', '4-1'],
          ['Uber', '4-2'],
        ]),
      ),
    );
    const b = run(mapAll(a.items), remote(remotePolicy(1, [['Taxi', '4-1']])));
    expect(b.plan.summary.removed.map((r) => r.key)).to.include('Uber');
    const c = run(b.items, remote(remotePolicy(1, [['Uber', '4-1']])));
    expect(c.plan.summary.renamed).to.deep.equal([]);
    expect(c.plan.summary.reactivated).to.deep.include({ kind: 'category', key: 'Uber', name: 'Uber' });
    expect(c.plan.summary.removed.map((r) => r.key)).to.include('Taxi');
    const uber = c.items.find((i) => i.kind === 'category' && i.remoteKey === 'Uber')!;
    expect(uber).to.include({ active: true, removedAt: null, debitAccount: 'D-category-Uber' });
  });

  it('refreshes a suggestion the ledger moved without counting it as a Rindegastos change', () => {
    const first = run([], remote(remotePolicy(1, [['Combustible', '4110201002']])));
    const withoutSuggestion = first.items.map((i) => ({ ...i, suggestedAccount: null }));
    const second = run(withoutSuggestion, remote(remotePolicy(1, [['Combustible', '4110201002']])));
    expect(second.plan.summary.counts.account).to.include({ updated: 0, unchanged: 1 });
    expect(second.plan.updates).to.have.length(1);
    expect(second.plan.updates[0].changes.suggestedAccount).to.equal('4110201002');
    expect(second.plan.summary.suggestions).to.equal(1);
  });

  it('never loses an item or a mapping, whatever Rindegastos sends over successive imports', () => {
    const names = ['Combustible', 'Peajes', 'Alimentación', 'Hotel', 'Taxi', 'Oficina'];
    const codes = ['4-1', '4-2', '4-3', ''];
    const policyArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...codes)), {
      selector: ([n]) => n,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(policyArb, policyArb), { minLength: 1, maxLength: 5 }), (imports) => {
        let items: CatalogItem[] = [];
        const mappingOf = new Map<number, string | null>();
        for (const [p1, p2] of imports) {
          const catalog = remote(remotePolicy(1, [...p1]), remotePolicy(2, [...p2]));
          const before = items;
          items = run(items, catalog).items;
          // Every item survives, keeps its id and its mapping.
          for (const old of before) {
            const now = items.find((i) => i.id === old.id)!;
            expect(now, `${old.kind}:${old.remoteKey}`).to.not.equal(undefined);
            expect(now.debitAccount).to.equal(mappingOf.get(old.id));
          }
          // Active categories are exactly the names Rindegastos sent.
          const sent = new Set([...p1, ...p2].map(([n]) => n));
          const active = items.filter((i) => i.kind === 'category' && i.active).map((i) => i.remoteKey);
          expect(new Set(active)).to.deep.equal(sent);
          // Keys stay unique per kind.
          const keys = items.map((i) => `${i.kind}\u0000${i.remoteKey}`);
          expect(new Set(keys).size).to.equal(keys.length);
          // Map everything new, so later imports must carry it along.
          items = items.map((i) => {
            if (!mappingOf.has(i.id)) mappingOf.set(i.id, `D${i.id}`);
            return { ...i, debitAccount: mappingOf.get(i.id)! };
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
