import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import type { DocumentKind } from '../accounting/model';
import { Tokens } from '../di/tokens';
import type { CatalogKind } from './catalogKinds';

/** What Rindegastos says about an item besides its name and code (kind-specific). */
export type CatalogExtra = Record<string, unknown>;

/** The mapping part of an item: what the user sets in Centralización. */
export interface ItemMapping {
  debitAccount: string | null;
  creditAccount: string | null;
  businessCenter: string | null;
  documentKind: DocumentKind | null;
  /** Categorías de factura: false when the IVA is not crédito fiscal (null = recoverable, the default). */
  ivaRecoverable: boolean | null;
}

export interface CatalogItem extends ItemMapping {
  id: number;
  companyId: string;
  kind: CatalogKind;
  remoteKey: string;
  name: string;
  code: string | null;
  active: boolean;
  removedAt: string | null;
  suggestedAccount: string | null;
  /** Why `suggestedAccount` was suggested (Spanish), null without a suggestion. */
  suggestionReason: string | null;
  extra: CatalogExtra;
  createdAt: string;
  importedAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

export type NewCatalogItem = Omit<CatalogItem, 'id'>;

/** Fields an import may change on an existing item; mappings are never among them. */
export interface ImportedChanges {
  remoteKey?: string;
  name?: string;
  code?: string | null;
  active?: boolean;
  removedAt?: string | null;
  suggestedAccount?: string | null;
  suggestionReason?: string | null;
  extra?: CatalogExtra;
  importedAt: string;
}

interface CatalogItemRow {
  id: number | string;
  company_id: string;
  kind: string;
  remote_key: string;
  name: string;
  code: string | null;
  active: number | boolean;
  removed_at: string | null;
  debit_account: string | null;
  credit_account: string | null;
  business_center: string | null;
  document_kind: string | null;
  iva_recoverable: boolean | number | null;
  suggested_account: string | null;
  suggestion_reason: string | null;
  extra_json: string | null;
  created_at: string;
  imported_at: string;
  updated_by: string | null;
  updated_at: string | null;
}

const TABLE = 'rg_catalog_items';

function toItem(row: CatalogItemRow): CatalogItem {
  return {
    id: Number(row.id),
    companyId: row.company_id,
    kind: row.kind as CatalogKind,
    remoteKey: row.remote_key,
    name: row.name,
    code: row.code,
    active: Boolean(row.active),
    removedAt: row.removed_at,
    debitAccount: row.debit_account,
    creditAccount: row.credit_account,
    businessCenter: row.business_center,
    documentKind: row.document_kind as DocumentKind | null,
    ivaRecoverable:
      row.iva_recoverable === null || row.iva_recoverable === undefined ? null : Boolean(row.iva_recoverable),
    suggestedAccount: row.suggested_account,
    suggestionReason: row.suggestion_reason,
    extra: row.extra_json ? (JSON.parse(row.extra_json) as CatalogExtra) : {},
    createdAt: row.created_at,
    importedAt: row.imported_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function toRow(item: NewCatalogItem): Omit<CatalogItemRow, 'id'> {
  return {
    company_id: item.companyId,
    kind: item.kind,
    remote_key: item.remoteKey,
    name: item.name,
    code: item.code,
    active: item.active,
    removed_at: item.removedAt,
    debit_account: item.debitAccount,
    credit_account: item.creditAccount,
    business_center: item.businessCenter,
    document_kind: item.documentKind,
    iva_recoverable: item.ivaRecoverable,
    suggested_account: item.suggestedAccount,
    suggestion_reason: item.suggestionReason,
    extra_json: JSON.stringify(item.extra),
    created_at: item.createdAt,
    imported_at: item.importedAt,
    updated_by: item.updatedBy,
    updated_at: item.updatedAt,
  };
}

function toChangesRow(changes: ImportedChanges): Partial<CatalogItemRow> {
  const row: Partial<CatalogItemRow> = { imported_at: changes.importedAt };
  if (changes.remoteKey !== undefined) row.remote_key = changes.remoteKey;
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.code !== undefined) row.code = changes.code;
  if (changes.active !== undefined) row.active = changes.active;
  if (changes.removedAt !== undefined) row.removed_at = changes.removedAt;
  if (changes.suggestedAccount !== undefined) row.suggested_account = changes.suggestedAccount;
  if (changes.suggestionReason !== undefined) row.suggestion_reason = changes.suggestionReason;
  if (changes.extra !== undefined) row.extra_json = JSON.stringify(changes.extra);
  return row;
}

/** Centralización items of every company; every query is scoped by company_id. */
@injectable()
export class CatalogRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  async list(companyId: string, kinds?: readonly CatalogKind[], trx: Knex = this.db): Promise<CatalogItem[]> {
    const q = trx<CatalogItemRow>(TABLE).where({ company_id: companyId });
    if (kinds) q.whereIn('kind', [...kinds]);
    const rows = await q.orderBy([
      { column: 'kind' },
      { column: 'active', order: 'desc' },
      { column: 'name' },
    ]);
    return rows.map(toItem);
  }

  async find(companyId: string, id: number, trx: Knex = this.db): Promise<CatalogItem | null> {
    const row = await trx<CatalogItemRow>(TABLE).where({ company_id: companyId, id }).first();
    return row ? toItem(row) : null;
  }

  async insertMany(items: NewCatalogItem[], trx: Knex = this.db): Promise<void> {
    // Chunks keep each statement well under SQLite's bound-parameter limit.
    for (let i = 0; i < items.length; i += 200) {
      await trx(TABLE).insert(items.slice(i, i + 200).map(toRow));
    }
  }

  async applyImported(companyId: string, id: number, changes: ImportedChanges, trx: Knex = this.db) {
    await trx(TABLE).where({ company_id: companyId, id }).update(toChangesRow(changes));
  }

  /** Sets the mapping columns given (undefined leaves a column as it is). */
  async setMapping(
    companyId: string,
    id: number,
    mapping: Partial<ItemMapping>,
    by: string,
    at: string,
    trx: Knex = this.db,
  ): Promise<void> {
    const row: Partial<CatalogItemRow> = { updated_by: by, updated_at: at };
    if (mapping.debitAccount !== undefined) row.debit_account = mapping.debitAccount;
    if (mapping.creditAccount !== undefined) row.credit_account = mapping.creditAccount;
    if (mapping.businessCenter !== undefined) row.business_center = mapping.businessCenter;
    if (mapping.documentKind !== undefined) row.document_kind = mapping.documentKind;
    if (mapping.ivaRecoverable !== undefined) row.iva_recoverable = mapping.ivaRecoverable;
    await trx(TABLE).where({ company_id: companyId, id }).update(row);
  }
}
