import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import type { AccountPair, MappingSnapshot } from '../accounting/model';
import { AuditLog } from '../audit/AuditLog';
import { CatalogRepository, type CatalogItem, type ItemMapping } from '../catalog/CatalogRepository';
import {
  ACCOUNT_PAIR_KINDS,
  KIND_LABELS,
  MAPPING_KINDS,
  isMappingKindSegment,
  type CatalogKind,
  type MappingKind,
} from '../catalog/catalogKinds';
import { Tokens } from '../di/tokens';
import { Listeners } from '../events/Listeners';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors/errors';
import type { Clock, Logger } from '../host/Host';
import type { BusinessCenter, Ledger, LedgerAccount } from '../host/Ledger';
import type { Actor } from '../permissions/actor';
import { positiveIntegerParam } from '../../shared/validation/inputRules';
import { validateDto } from '../../shared/validation/validateDto';
import { LedgerIndex } from '../accounting/LedgerIndex';
import { AccountPairDto, BusinessCenterDto, DocumentKindDto, IvaRecoverableDto } from './MappingDto';

/**
 * Told after a mapping is committed, with the item's kind and remote key (category name,
 * account code, cost-center code, document code) — the keys the builder's problems name.
 */
/** What a saved mapping released: blocked reports now ready, and how many of them were posted. */
export interface MappingChangeOutcome {
  released: number;
  posted: number;
}

export type MappingChangedListener = (
  companyId: string,
  kind: CatalogKind,
  itemKey: string,
) => Promise<MappingChangeOutcome | void>;

/** A saved mapping: the item as Centralización shows it, and what the change released. */
export interface MappingSaved extends MappingChangeOutcome {
  item: MappingItemView;
}

export type MappingValue =
  | { debitAccount: string | null; creditAccount: string | null; ivaRecoverable?: boolean }
  | { businessCenter: string | null }
  | { documentKind: string | null };

export interface MappingItemView {
  id: number;
  remoteKey: string;
  name: string;
  code: string | null;
  active: boolean;
  removedAt: string | null;
  mapped: boolean;
  mapping: MappingValue;
  /**
   * An ERP account for the Debe, suggested because its digits equal the Rindegastos code or its
   * name is alike the categories' names; `reason` says which. Shown until the Debe is set;
   * applied only when the user accepts it.
   */
  suggestion: { debitAccount: string; reason: string } | null;
  details: Record<string, unknown>;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface MappingListView {
  kind: string;
  counts: { total: number; mapped: number; unmapped: number; inactive: number; suggestions: number };
  items: MappingItemView[];
}

const FIELDS_BY_KIND: Record<MappingKind, readonly string[]> = {
  account: ['debitAccount', 'creditAccount'],
  category: ['debitAccount', 'creditAccount'],
  invoice_category: ['debitAccount', 'creditAccount', 'ivaRecoverable'],
  cost_center: ['businessCenter'],
  document_type: ['documentKind'],
};

function mappingOf(item: CatalogItem): MappingValue {
  if (item.kind === 'invoice_category') {
    return {
      debitAccount: item.debitAccount,
      creditAccount: item.creditAccount,
      ivaRecoverable: item.ivaRecoverable !== false,
    };
  }
  if (ACCOUNT_PAIR_KINDS.includes(item.kind))
    return { debitAccount: item.debitAccount, creditAccount: item.creditAccount };
  if (item.kind === 'cost_center') return { businessCenter: item.businessCenter };
  return { documentKind: item.documentKind };
}

function isMapped(item: CatalogItem): boolean {
  if (ACCOUNT_PAIR_KINDS.includes(item.kind)) return Boolean(item.debitAccount && item.creditAccount);
  if (item.kind === 'cost_center') return item.businessCenter !== null;
  return item.documentKind !== null;
}

function toView(item: CatalogItem): MappingItemView {
  return {
    id: item.id,
    remoteKey: item.remoteKey,
    name: item.name,
    code: item.code,
    active: item.active,
    removedAt: item.removedAt,
    mapped: isMapped(item),
    mapping: mappingOf(item),
    suggestion:
      item.suggestedAccount && !item.debitAccount
        ? {
            debitAccount: item.suggestedAccount,
            // Suggestions stored before reasons were kept were all by code.
            reason: item.suggestionReason ?? `código igual a ${item.suggestedAccount}`,
          }
        : null,
    details: item.extra,
    updatedBy: item.updatedBy,
    updatedAt: item.updatedAt,
  };
}

function kindOf(segment: string): MappingKind {
  if (!isMappingKindSegment(segment)) {
    throw new NotFoundError(
      `No existe la lista "${segment}" en Centralización. Use: ${Object.keys(MAPPING_KINDS).join(', ')}.`,
    );
  }
  return MAPPING_KINDS[segment];
}

/** Configuración › Centralización: the Debe/Haber, Centro de Negocios and document kind of each item. */
@injectable()
export class MappingService {
  private readonly listeners = new Listeners<MappingChangedListener>();

  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(CatalogRepository) private readonly repo: CatalogRepository,
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  /** Registers a listener called after each saved mapping; returns an unsubscribe function. */
  onMappingChanged(listener: MappingChangedListener): () => void {
    return this.listeners.add(listener);
  }

  async list(companyId: string, segment: string): Promise<MappingListView> {
    const kind = kindOf(segment);
    const items = (await this.repo.list(companyId, [kind])).map(toView);
    const mapped = items.filter((i) => i.mapped).length;
    return {
      kind: segment,
      counts: {
        total: items.length,
        mapped,
        unmapped: items.length - mapped,
        inactive: items.filter((i) => !i.active).length,
        suggestions: items.filter((i) => i.suggestion).length,
      },
      items,
    };
  }

  /**
   * Sets an item's mapping. Accounts must exist in the ledger, be active and postable; business
   * centers likewise. Every problem is reported at once, per field, in Spanish.
   */
  async set(actor: Actor, segment: string, idParam: string, body: object): Promise<MappingSaved> {
    const kind = kindOf(segment);
    const item = await this.findItem(actor.companyId, kind, idParam);
    const allowed = FIELDS_BY_KIND[kind];
    const foreign = Object.keys(body).filter((k) => !allowed.includes(k));
    if (foreign.length) {
      throw new ValidationError(
        foreign.map((field) => ({
          field,
          message: `no corresponde a ${KIND_LABELS[kind]}: indique ${allowed.join(' y ')}`,
        })),
      );
    }
    const mapping = await this.checked(actor.companyId, kind, { ...body });
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (trx) => {
      await this.repo.setMapping(actor.companyId, item.id, mapping, actor.userId, now, trx);
      await this.audit.record(
        {
          companyId: actor.companyId,
          actorId: actor.userId,
          action: 'mapping.updated',
          subject: `${kind}:${item.remoteKey}`,
          before: mappingOf(item),
          after: mappingOf({ ...item, ...mapping }),
          requestId: actor.requestId,
        },
        trx,
      );
    });
    const outcome = await this.notify(actor.companyId, kind, item.remoteKey);
    return { item: toView((await this.repo.find(actor.companyId, item.id))!), ...outcome };
  }

  /**
   * Accepts every open suggestion: the suggested account becomes the Debe of each unmapped
   * account item whose suggestion is still an active postable account. Nothing else changes.
   */
  async acceptSuggestions(actor: Actor): Promise<{
    accepted: { id: number; remoteKey: string; debitAccount: string }[];
    skipped: { id: number; remoteKey: string; suggestion: string; reason: string }[];
  }> {
    const index = new LedgerIndex(await this.ledger.listAccounts(actor.companyId));
    const now = this.clock.now().toISOString();
    const accepted: { id: number; remoteKey: string; debitAccount: string }[] = [];
    const skipped: { id: number; remoteKey: string; suggestion: string; reason: string }[] = [];
    await this.db.transaction(async (trx) => {
      const items = await this.repo.list(actor.companyId, ACCOUNT_PAIR_KINDS, trx);
      for (const item of items) {
        if (!item.suggestedAccount || item.debitAccount) continue;
        const resolved = index.resolveAccount(item.suggestedAccount);
        if (!resolved.ok) {
          skipped.push({
            id: item.id,
            remoteKey: item.remoteKey,
            suggestion: item.suggestedAccount,
            reason: resolved.message,
          });
          continue;
        }
        await this.repo.setMapping(
          actor.companyId,
          item.id,
          { debitAccount: resolved.code },
          actor.userId,
          now,
          trx,
        );
        accepted.push({ id: item.id, remoteKey: item.remoteKey, debitAccount: resolved.code });
      }
      if (accepted.length) {
        await this.audit.record(
          {
            companyId: actor.companyId,
            actorId: actor.userId,
            action: 'mapping.suggestions_accepted',
            subject: `${accepted.length} sugerencias`,
            before: accepted.map((a) => ({ item: `account:${a.remoteKey}`, debitAccount: null })),
            after: accepted.map((a) => ({ item: `account:${a.remoteKey}`, debitAccount: a.debitAccount })),
            requestId: actor.requestId,
          },
          trx,
        );
      }
    });
    for (const a of accepted) await this.notify(actor.companyId, 'account', a.remoteKey);
    return { accepted, skipped };
  }

  /** The company's Centralización as the voucher builder reads it (inactive items included). */
  async snapshot(companyId: string): Promise<MappingSnapshot> {
    const snapshot: MappingSnapshot = {
      accounts: new Map(),
      categories: new Map(),
      invoiceCategories: new Map(),
      costCenters: new Map(),
      costCenterNames: new Map(),
      documentTypes: new Map(),
    };
    const pairs: Partial<Record<CatalogKind, Map<string, AccountPair>>> = {
      account: snapshot.accounts,
      category: snapshot.categories,
      invoice_category: snapshot.invoiceCategories,
    };
    for (const item of await this.repo.list(companyId, Object.values(MAPPING_KINDS))) {
      const pairMap = pairs[item.kind];
      if (pairMap)
        pairMap.set(item.remoteKey, {
          debitAccount: item.debitAccount,
          creditAccount: item.creditAccount,
          ...(item.ivaRecoverable === false ? { ivaRecoverable: false } : {}),
        });
      else if (item.kind === 'cost_center') {
        snapshot.costCenters.set(item.remoteKey, item.businessCenter);
        if (item.name && item.name !== item.remoteKey)
          snapshot.costCenterNames!.set(item.remoteKey, item.name);
      } else if (item.kind === 'document_type' && item.documentKind)
        snapshot.documentTypes.set(item.remoteKey, item.documentKind);
    }
    return snapshot;
  }

  /** Picker: active postable accounts. */
  async postableAccounts(companyId: string): Promise<LedgerAccount[]> {
    return new LedgerIndex(await this.ledger.listAccounts(companyId)).postableAccounts();
  }

  /** Picker: active postable business centers. */
  async postableBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    return new LedgerIndex([], await this.ledger.listBusinessCenters(companyId)).postableBusinessCenters();
  }

  private async findItem(companyId: string, kind: MappingKind, idParam: string): Promise<CatalogItem> {
    const item = await this.repo.find(companyId, positiveIntegerParam(idParam, 'id'));
    if (!item || item.kind !== kind) {
      throw new NotFoundError(`No existe el ítem ${idParam} en ${KIND_LABELS[kind]} de esta empresa.`);
    }
    return item;
  }

  private async checked(companyId: string, kind: MappingKind, body: object): Promise<Partial<ItemMapping>> {
    if (kind === 'invoice_category' && 'ivaRecoverable' in body) {
      // The IVA flag may be set alone, or with the accounts.
      const { ivaRecoverable, ...accounts } = body as Record<string, unknown>;
      const flag = validateDto(IvaRecoverableDto, { ivaRecoverable }).ivaRecoverable;
      const pair = Object.keys(accounts).length > 0 ? await this.checked(companyId, kind, accounts) : {};
      return { ...pair, ivaRecoverable: flag };
    }
    if (kind === 'document_type') return { documentKind: validateDto(DocumentKindDto, body).documentKind };
    const problems: FieldProblem[] = [];
    if (kind === 'cost_center') {
      const { businessCenter } = validateDto(BusinessCenterDto, body);
      if (businessCenter === null) return { businessCenter: null };
      const index = new LedgerIndex([], await this.ledger.listBusinessCenters(companyId));
      const r = index.resolveBusinessCenter(businessCenter);
      if (r.ok) return { businessCenter: r.code };
      throw new ValidationError([{ field: 'businessCenter', message: r.message }]);
    }
    const dto = validateDto(AccountPairDto, body);
    const index = new LedgerIndex(await this.ledger.listAccounts(companyId));
    const out: Partial<ItemMapping> = { debitAccount: null, creditAccount: null };
    for (const field of ['debitAccount', 'creditAccount'] as const) {
      const value = dto[field];
      if (value === null) continue;
      const r = index.resolveAccount(value);
      if (r.ok) out[field] = r.code;
      else problems.push({ field, message: r.message });
    }
    if (!problems.length && out.debitAccount && out.debitAccount === out.creditAccount) {
      problems.push({ field: 'creditAccount', message: 'El Haber no puede ser la misma cuenta del Debe' });
    }
    if (problems.length) throw new ValidationError(problems);
    return out;
  }

  private async notify(companyId: string, kind: CatalogKind, itemKey: string): Promise<MappingChangeOutcome> {
    // The mapping is saved; a failed re-evaluation is retried by the next sync.
    const answers = await this.listeners.emitSettled([companyId, kind, itemKey], (err) =>
      this.logger.warn({ err, companyId, kind, itemKey }, 'mapping change listener failed'),
    );
    const outcome: MappingChangeOutcome = { released: 0, posted: 0 };
    for (const answer of answers) {
      if (!answer) continue;
      outcome.released += answer.released;
      outcome.posted += answer.posted;
    }
    return outcome;
  }
}
