/**
 * Reconciliation of the stored Centralización items with a fresh read of Rindegastos — a pure
 * function, so every rule is tested without a database:
 *
 * - new remote items arrive unmapped (document types get their SII default kind);
 * - existing items keep their mapping whatever else changes;
 * - items whose name, code or details changed are updated;
 * - items gone from Rindegastos become inactive (kept, with their mapping, `removedAt` set);
 * - an inactive item that comes back is re-activated;
 * - a category rename is recognised (see `detectCategoryRenames`) and moves the item, mapping
 *   included, to the new name.
 */
import { defaultDocumentKind } from '../accounting/documentKinds';
import { suggestAccount } from '../accounting/accountSuggestion';
import type { LedgerIndex } from '../accounting/LedgerIndex';
import type { CatalogExtra, CatalogItem, ImportedChanges, NewCatalogItem } from './CatalogRepository';
import type { RemoteCatalog } from './CatalogReader';
import { CATALOG_KINDS, type CatalogKind } from './catalogKinds';

export interface KindCounts {
  new: number;
  updated: number;
  reactivated: number;
  inactivated: number;
  unchanged: number;
}

export interface ItemRef {
  kind: CatalogKind;
  key: string;
  name: string;
}

export interface ImportSummary {
  importedAt: string;
  counts: Record<CatalogKind, KindCounts>;
  /** Items no longer in Rindegastos, now inactive (mappings kept). */
  removed: ItemRef[];
  /** Items back in Rindegastos, active again with their old mapping. */
  reactivated: ItemRef[];
  renamed: { kind: CatalogKind; from: string; to: string }[];
  /** Unmapped account items that carry a suggested ERP account (by code or by name). */
  suggestions: number;
  /** Spanish notes for the user, e.g. an extra field that no policy has. */
  warnings: string[];
}

export interface ReconcilePlan {
  inserts: NewCatalogItem[];
  updates: { id: number; changes: ImportedChanges }[];
  summary: ImportSummary;
}

interface Desired {
  name: string;
  code: string | null;
  extra: CatalogExtra;
}

const MAX_NAME = 255;
const MAX_KEY = 255;
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

function emptyCounts(): Record<CatalogKind, KindCounts> {
  return Object.fromEntries(
    CATALOG_KINDS.map((k) => [k, { new: 0, updated: 0, reactivated: 0, inactivated: 0, unchanged: 0 }]),
  ) as Record<CatalogKind, KindCounts>;
}

/** JSON with sorted keys, so equal details compare equal whatever order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** What Rindegastos says each item is, per kind and remote key (see catalogKinds.ts). */
export function desiredItems(remote: RemoteCatalog): Map<CatalogKind, Map<string, Desired>> {
  const out = new Map<CatalogKind, Map<string, Desired>>(CATALOG_KINDS.map((k) => [k, new Map()]));
  const categories = out.get('category')!;
  const accounts = out.get('account')!;
  const costCenters = out.get('cost_center')!;
  const documentTypes = out.get('document_type')!;

  for (const policy of remote.policies) {
    out.get('policy')!.set(String(policy.id), {
      name: cut(policy.name || `Política ${policy.id}`, MAX_NAME),
      code: policy.code || null,
      extra: {
        isActive: policy.isActive,
        currency: policy.currency,
        categories: policy.categories.map((c) => ({ name: c.name, accountCode: c.accountCode })),
      },
    });
    for (const c of policy.categories) {
      if (!c.name || c.name.length > MAX_KEY) continue;
      let cat = categories.get(c.name);
      if (!cat) {
        cat = {
          name: cut(c.name, MAX_NAME),
          code: c.accountCode || null,
          extra: { groupName: c.groupName, groupCode: c.groupCode, accountCodes: [], policyIds: [] },
        };
        categories.set(c.name, cat);
      }
      if (!cat.code && c.accountCode) cat.code = c.accountCode;
      if (c.accountCode) pushUnique(cat.extra.accountCodes as string[], c.accountCode);
      pushUnique(cat.extra.policyIds as number[], policy.id);

      if (c.accountCode && c.accountCode.length <= MAX_KEY) {
        let acc = accounts.get(c.accountCode);
        if (!acc) {
          acc = { name: '', code: c.accountCode, extra: { categories: [] } };
          accounts.set(c.accountCode, acc);
        }
        pushUnique(acc.extra.categories as string[], c.name);
      }
    }
    for (const o of policy.costCenters ?? []) {
      if (!o.code || o.code.length > MAX_KEY) continue;
      const cc = costCenters.get(o.code) ?? {
        name: cut(o.value || o.code, MAX_NAME),
        code: o.code,
        extra: { source: 'field', policyIds: [] },
      };
      pushUnique(cc.extra.policyIds as number[], policy.id);
      costCenters.set(o.code, cc);
    }
    for (const o of policy.documentTypes ?? []) {
      if (!o.code || o.code.length > MAX_KEY) continue;
      const dt = documentTypes.get(o.code) ?? {
        name: cut(o.value || o.code, MAX_NAME),
        code: o.code,
        extra: { policyIds: [] },
      };
      pushUnique(dt.extra.policyIds as number[], policy.id);
      documentTypes.set(o.code, dt);
    }
  }
  for (const acc of accounts.values()) {
    acc.name = cut((acc.extra.categories as string[]).join(', '), MAX_NAME);
  }
  // Categories de factura are the same categories, mapped separately.
  for (const [key, cat] of categories) {
    out.get('invoice_category')!.set(key, { ...cat, extra: structuredClone(cat.extra) });
  }
  for (const user of remote.users) {
    out.get('user')!.set(String(user.id), {
      name: cut(user.name || user.email || `Usuario ${user.id}`, MAX_NAME),
      code: user.identification || null,
      extra: {
        email: user.email,
        identification: user.identification,
        costingCode: user.costingCode,
        employeeNumber: user.employeeNumber,
        department: user.department,
      },
    });
    // The builder falls back to the user's CostingCode: it must be mappable too.
    const cc = user.costingCode;
    if (cc && cc.length <= MAX_KEY) {
      const existing = costCenters.get(cc);
      if (!existing) {
        costCenters.set(cc, { name: cc, code: cc, extra: { source: 'user', userIds: [user.id] } });
      } else if (existing.extra.source === 'user') {
        pushUnique(existing.extra.userIds as number[], user.id);
      }
    }
  }
  return out;
}

interface PolicyCategoryRef {
  name: string;
  accountCode: string;
}

/**
 * Category renames. v1 categories have no id, so a rename is inferred: in a policy that existed
 * before, the category at the same position now has another name and the same non-empty
 * AccountCode, the old name is gone from every policy, and the new name was never seen before.
 * When policies disagree (one old name to two new ones, or the reverse) nothing is renamed: the
 * old item becomes inactive and the new one arrives unmapped, both listed in the summary.
 */
export function detectCategoryRenames(
  existing: readonly CatalogItem[],
  desired: Map<CatalogKind, Map<string, Desired>>,
): Map<string, string> {
  const newNames = desired.get('category')!;
  const knownNames = new Set(existing.filter((i) => i.kind === 'category').map((i) => i.remoteKey));
  const desiredPolicies = desired.get('policy')!;
  const candidates: { from: string; to: string }[] = [];
  for (const policy of existing.filter((i) => i.kind === 'policy')) {
    const now = desiredPolicies.get(policy.remoteKey);
    if (!now) continue;
    const before = (policy.extra.categories ?? []) as PolicyCategoryRef[];
    const after = now.extra.categories as PolicyCategoryRef[];
    for (let i = 0; i < Math.min(before.length, after.length); i++) {
      const [b, a] = [before[i], after[i]];
      if (
        b.name !== a.name &&
        b.accountCode &&
        b.accountCode === a.accountCode &&
        !newNames.has(b.name) &&
        knownNames.has(b.name) &&
        !knownNames.has(a.name)
      ) {
        candidates.push({ from: b.name, to: a.name });
      }
    }
  }
  const renames = new Map<string, string>();
  for (const { from, to } of candidates) {
    const sameFrom = candidates.filter((c) => c.from === from);
    const sameTo = candidates.filter((c) => c.to === to);
    if (sameFrom.every((c) => c.to === to) && sameTo.every((c) => c.from === from)) renames.set(from, to);
  }
  return renames;
}

export interface ReconcileInput {
  companyId: string;
  existing: readonly CatalogItem[];
  remote: RemoteCatalog;
  ledger: LedgerIndex;
  now: string;
}

export function reconcile({ companyId, existing, remote, ledger, now }: ReconcileInput): ReconcilePlan {
  const desired = desiredItems(remote);
  const renames = detectCategoryRenames(existing, desired);
  const summary: ImportSummary = {
    importedAt: now,
    counts: emptyCounts(),
    removed: [],
    reactivated: [],
    renamed: [],
    suggestions: 0,
    warnings: fieldWarnings(remote),
  };
  const inserts: NewCatalogItem[] = [];
  const updates: { id: number; changes: ImportedChanges }[] = [];

  for (const kind of CATALOG_KINDS) {
    const wanted = desired.get(kind)!;
    const current = new Map(existing.filter((i) => i.kind === kind).map((i) => [i.remoteKey, i]));
    const matched = new Set<number>();
    const renameTarget =
      kind === 'category' || kind === 'invoice_category' ? renames : new Map<string, string>();
    const renamedFrom = new Map([...renameTarget].map(([from, to]) => [to, from]));
    const counts = summary.counts[kind];

    for (const [key, d] of wanted) {
      const suggestion =
        kind === 'account'
          ? suggestAccount(ledger, key, (d.extra.categories as string[] | undefined) ?? [])
          : null;
      const oldKey = renamedFrom.get(key);
      const item = current.get(key) ?? (oldKey !== undefined ? current.get(oldKey) : undefined);
      if (!item) {
        inserts.push({
          companyId,
          kind,
          remoteKey: key,
          name: d.name,
          code: d.code,
          active: true,
          removedAt: null,
          debitAccount: null,
          creditAccount: null,
          businessCenter: null,
          documentKind: kind === 'document_type' ? defaultDocumentKind(key) : null,
          ivaRecoverable: null,
          suggestedAccount: suggestion?.account ?? null,
          suggestionReason: suggestion?.reason ?? null,
          extra: d.extra,
          createdAt: now,
          importedAt: now,
          updatedBy: null,
          updatedAt: null,
        });
        counts.new++;
        if (suggestion) summary.suggestions++;
        continue;
      }
      matched.add(item.id);
      const changes: ImportedChanges = { importedAt: now };
      if (item.remoteKey !== key) {
        changes.remoteKey = key;
        summary.renamed.push({ kind, from: item.remoteKey, to: key });
      }
      if (item.name !== d.name) changes.name = d.name;
      if (item.code !== d.code) changes.code = d.code;
      if (stableJson(item.extra) !== stableJson(d.extra)) changes.extra = d.extra;
      const remoteChanged = Object.keys(changes).length > 1;
      if (!item.active) {
        changes.active = true;
        changes.removedAt = null;
        counts.reactivated++;
        summary.reactivated.push({ kind, key, name: d.name });
      } else if (remoteChanged) {
        counts.updated++;
      } else {
        counts.unchanged++;
      }
      // The ledger, not Rindegastos, moves a suggestion: refreshed, never counted as an update.
      if (item.suggestedAccount !== (suggestion?.account ?? null))
        changes.suggestedAccount = suggestion?.account ?? null;
      if (item.suggestionReason !== (suggestion?.reason ?? null))
        changes.suggestionReason = suggestion?.reason ?? null;
      if (suggestion && !item.debitAccount) summary.suggestions++;
      if (Object.keys(changes).length > 1) updates.push({ id: item.id, changes });
    }

    for (const item of current.values()) {
      if (matched.has(item.id) || !item.active) continue;
      updates.push({ id: item.id, changes: { importedAt: now, active: false, removedAt: now } });
      counts.inactivated++;
      summary.removed.push({ kind, key: item.remoteKey, name: item.name });
    }
  }
  return { inserts, updates, summary };
}

function fieldWarnings(remote: RemoteCatalog): string[] {
  const warnings: string[] = [];
  if (!remote.policies.length) {
    warnings.push('Rindegastos no devolvió ninguna política de gastos: no hay categorías que centralizar.');
    return warnings;
  }
  if (remote.policies.every((p) => p.documentTypes === null)) {
    warnings.push(
      `Ninguna política tiene el campo adicional "${remote.fields.documentType}": revise "Campo tipo de documento" en Contabilidad › Contabilidad › Rindegastos › Configuración › General. Sin él, todos los gastos se tratan como "otro" documento.`,
    );
  }
  if (remote.policies.every((p) => p.costCenters === null)) {
    warnings.push(
      `Ninguna política tiene el campo adicional "${remote.fields.costCenter}": revise "Campo centro de costo" en Contabilidad › Contabilidad › Rindegastos › Configuración › General.`,
    );
  }
  return warnings;
}
