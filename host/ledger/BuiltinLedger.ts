import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  type AccountRequirements,
  type BusinessCenter,
  type Clock,
  type Ledger,
  type LedgerAccount,
  type LedgerLimits,
  type Logger,
  type PostedVoucher,
  type PostingContext,
  type PostingHook,
  type PostingPipeline,
  type PostingRejection,
  type VoucherDraft,
  type VoucherEvent,
  type VoucherLine,
  type VoucherStatus,
} from '../../plugin/index';
import { canonicalJson } from '../../shared/canonicalJson';
import { isUniqueViolation } from '../../shared/db/database';
import {
  LedgerConflictError,
  LedgerError,
  LedgerNotFoundError,
  PostingRejected,
  VoucherAlreadyReversedError,
} from './errors';
import {
  LedgerRepository,
  type KeyBinding,
  type FiscalPeriod,
  type LedgerVoucher,
  type NewVoucherRow,
  type VoucherFilter,
} from './LedgerRepository';
import { validateDraft } from './validateDraft';

export type { FiscalPeriod, LedgerVoucher, VoucherFilter } from './LedgerRepository';

export interface NewAccount {
  code: string;
  name: string;
  postable: boolean;
  /** Default true. */
  active?: boolean;
  /** Analyses a line on the account must carry; each defaults to false. */
  requires?: Partial<AccountRequirements>;
}

export interface AccountPatch {
  name?: string;
  postable?: boolean;
  active?: boolean;
  requires?: Partial<AccountRequirements>;
}

export interface NewBusinessCenter {
  code: string;
  name: string;
  parentCode?: string | null;
  postable: boolean;
  /** Default true. */
  active?: boolean;
}

export interface ErpReverseOptions {
  reason: string;
  /** Default `erp:reverse:{voucherId}`: asking twice in the ERP returns the same reversal. */
  idempotencyKey?: string;
}

const MAX_IDEMPOTENCY_KEY = 255;
const MAX_ATTEMPTS = 5;
/** Statuses a voucher can be reversed or deleted from. */
const LIVE: VoucherStatus[] = ['posted', 'pending-approval'];

/** Thrown inside the numbering transaction when the (company, type, year) row is still missing. */
class NumberingRowMissing extends Error {}
/** Thrown inside a reversal transaction when the original was reversed or deleted meanwhile. */
class OriginalNoLongerLive extends Error {}

/** Lock conflicts the database resolves by aborting one side: safe to run the transaction again. */
function isTransient(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return (
    e?.code === 'ER_LOCK_DEADLOCK' ||
    e?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    e?.code === 'SQLITE_BUSY' ||
    e?.errno === 1213 ||
    e?.errno === 1205
  );
}

function isPeriod(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

const chileDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Santiago',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The standalone host's own ledger: chart of accounts, business centers, fiscal periods and
 * vouchers in host_* tables, behind the posting pipeline of the host contract (DESIGN.md §4).
 *
 * Stages of `submit`: prepare hooks → validate hooks + built-in validation (every rejection at
 * once) → persist and number in one transaction → afterPost hooks.
 */
export class BuiltinLedger implements Ledger {
  /** Defontana's comment length. */
  readonly limits: LedgerLimits = { glosaMaxLength: 100 };
  /** The pipeline the plugin sees. Its `reverse` is the plugin's own: it emits no event. */
  readonly posting: PostingPipeline;

  protected readonly db: Knex;
  protected readonly repo: LedgerRepository;
  private readonly clock: Clock;
  protected readonly logger: Logger;
  private readonly hooks: PostingHook[] = [];
  private readonly listeners = new Set<(event: VoucherEvent) => Promise<void>>();
  /**
   * Numbering rows known to exist. NOTE: the row is created in its own statement before the
   * numbering transaction, never inside it: on InnoDB an UPDATE or INSERT of a missing key takes
   * gap locks, and two first submits of a year would deadlock each other.
   */
  private readonly knownNumberingRows = new Set<string>();

  constructor(db: Knex, deps: { clock: Clock; logger: Logger }) {
    this.db = db;
    this.repo = new LedgerRepository(db);
    this.clock = deps.clock;
    this.logger = deps.logger.child({ component: 'builtin-ledger' });
    this.posting = {
      registerHook: (hook) => this.registerHook(hook),
      submit: (companyId, draft, opts) => this.submit(companyId, draft, opts),
      reverse: (companyId, voucherId, opts) => this.reverseVoucher(companyId, voucherId, opts, false),
      getVoucher: (companyId, voucherId) => this.getVoucher(companyId, voucherId),
      onVoucherEvent: (listener) => this.onVoucherEvent(listener),
    };
  }

  // Ledger metadata --------------------------------------------------------------------------

  listAccounts(companyId: string): Promise<LedgerAccount[]> {
    return this.repo.listAccounts(companyId);
  }

  listBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    return this.repo.listBusinessCenters(companyId);
  }

  /** Fetches the tree again from where it comes from; the built-in tree is its own source. */
  refreshBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    return this.repo.listBusinessCenters(companyId);
  }

  async listClosedPeriods(companyId: string): Promise<string[]> {
    return (await this.repo.listPeriods(companyId)).filter((p) => p.status === 'closed').map((p) => p.period);
  }

  // Posting pipeline -------------------------------------------------------------------------

  /** Hooks run in registration order within each stage. Returns a function that removes the hook. */
  registerHook(hook: PostingHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  onVoucherEvent(listener: (event: VoucherEvent) => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async getVoucher(companyId: string, voucherId: string): Promise<LedgerVoucher | null> {
    return this.repo.getVoucher(companyId, voucherId);
  }

  /**
   * Posts a draft. The same idempotency key returns the voucher it first produced — also when
   * submits with that key race each other: the UNIQUE (company, key) index lets one insert win
   * and the others return the winner. The caller's draft is never modified; prepare hooks enrich
   * a copy.
   */
  async submit(
    companyId: string,
    draft: VoucherDraft,
    opts: { idempotencyKey: string },
  ): Promise<LedgerVoucher> {
    const key = this.assertIdempotencyKey(opts?.idempotencyKey);
    if (draft === null || typeof draft !== 'object') {
      throw new PostingRejected([{ code: 'invalid_draft', message: 'No se recibió un comprobante.' }]);
    }
    const fingerprint = draftFingerprint(draft);
    const existing = await this.repo.findByIdempotencyKey(companyId, key);
    if (existing) return samePosting(existing, draft, fingerprint, key);

    const ctx: PostingContext = { companyId, draft: structuredClone(draft), idempotencyKey: key };
    const hooks = [...this.hooks];
    for (const hook of hooks) if (hook.prepare) await hook.prepare(ctx);

    const rejections: PostingRejection[] = validateDraft(ctx.draft, {
      chart: await this.chartFor(companyId, ctx.draft),
      closedPeriods: await this.closedPeriodsFor(companyId, ctx.draft),
      glosaMaxLength: this.limits.glosaMaxLength,
    });
    for (const hook of hooks) if (hook.validate) rejections.push(...(await hook.validate(ctx)));
    if (rejections.length > 0) throw new PostingRejected(rejections);

    const { binding, created } = await this.persist(companyId, ctx.draft, key, { fingerprint });
    const voucher = created ? binding.voucher : samePosting(binding, draft, fingerprint, key);
    if (!created) return voucher;
    this.logger.info(
      {
        companyId,
        voucherId: voucher.id,
        type: voucher.type,
        number: voucher.number,
        source: voucher.source,
      },
      'voucher posted',
    );
    for (const hook of hooks) {
      if (!hook.afterPost) continue;
      try {
        await hook.afterPost(ctx, voucher);
      } catch (err) {
        // The voucher is committed: a failing notification must not make the caller think otherwise.
        this.logger.error(
          { err, companyId, voucherId: voucher.id, hook: hook.name },
          'afterPost hook failed',
        );
      }
    }
    return voucher;
  }

  // ERP-side actions (host API) -------------------------------------------------------------

  /** A reversal made in the ERP itself: posts it like `posting.reverse` and emits `reversed`. */
  async reverse(companyId: string, voucherId: string, opts: ErpReverseOptions): Promise<LedgerVoucher> {
    return this.reverseVoucher(
      companyId,
      voucherId,
      { reason: opts.reason, idempotencyKey: opts.idempotencyKey ?? `erp:reverse:${voucherId}` },
      true,
    );
  }

  /**
   * Deletes a voucher in the ERP (status `deleted`; its lines stay for the audit trail) and emits
   * `deleted`. Deleting a deleted voucher returns it unchanged. A reversed voucher, a reversal
   * and a voucher in a closed period cannot be deleted: the books would stop adding up.
   */
  async deleteVoucher(companyId: string, voucherId: string): Promise<LedgerVoucher> {
    const voucher = await this.repo.getVoucher(companyId, voucherId);
    if (!voucher) throw this.voucherNotFound(voucherId);
    if (voucher.status === 'deleted') return voucher;
    const label = voucherLabel(voucher);
    if (voucher.status === 'reversed') {
      throw new LedgerConflictError(`El comprobante ${label} está reversado; no se puede eliminar.`);
    }
    if (voucher.reversesVoucherId !== undefined) {
      throw new LedgerConflictError(`El comprobante ${label} es una reversa; no se puede eliminar.`);
    }
    const period = voucher.date.slice(0, 7);
    if ((await this.repo.closedPeriods(companyId, [period])).size > 0) {
      throw new LedgerConflictError(
        `El período ${period} está cerrado: no se puede eliminar el comprobante ${label}. Abra el período primero.`,
      );
    }
    const changed = await this.repo.changeStatus(this.db, companyId, voucherId, LIVE, 'deleted', this.now());
    if (!changed) {
      throw new LedgerConflictError(
        `El comprobante ${label} cambió mientras se eliminaba; vuelva a intentarlo.`,
      );
    }
    this.logger.info({ companyId, voucherId, number: voucher.number }, 'voucher deleted in the ERP');
    await this.emit({ kind: 'deleted', companyId, voucherId, source: voucher.source });
    return { ...voucher, status: 'deleted' };
  }

  async listVouchers(companyId: string, filter: VoucherFilter = {}): Promise<LedgerVoucher[]> {
    return this.repo.listVouchers(companyId, filter);
  }

  async countVouchers(companyId: string, filter: VoucherFilter = {}): Promise<number> {
    return this.repo.countVouchers(companyId, filter);
  }

  async createAccount(companyId: string, input: NewAccount): Promise<LedgerAccount> {
    const account: LedgerAccount = {
      code: input.code,
      name: input.name,
      postable: input.postable,
      active: input.active ?? true,
      requires: {
        businessCenter: input.requires?.businessCenter ?? false,
        auxiliary: input.requires?.auxiliary ?? false,
        document: input.requires?.document ?? false,
      },
    };
    try {
      await this.repo.insertAccount(companyId, account, this.now());
    } catch (err) {
      if (isUniqueViolation(err)) throw new LedgerConflictError(`La cuenta ${input.code} ya existe.`);
      throw err;
    }
    return account;
  }

  /** Renames, (de)activates, changes postability or the required analyses of an account. */
  async updateAccount(companyId: string, code: string, patch: AccountPatch): Promise<LedgerAccount> {
    const current = await this.repo.getAccount(companyId, code);
    if (!current) throw new LedgerNotFoundError(`La cuenta ${code} no existe en el plan de cuentas.`);
    const next: LedgerAccount = {
      ...current,
      name: patch.name ?? current.name,
      postable: patch.postable ?? current.postable,
      active: patch.active ?? current.active,
      requires: { ...current.requires, ...definedOnly(patch.requires ?? {}) },
    };
    await this.repo.updateAccount(companyId, next, this.now());
    return next;
  }

  /** Adds a center under a non-postable parent (a parent groups centers; it takes no lines). */
  async createBusinessCenter(companyId: string, input: NewBusinessCenter): Promise<BusinessCenter> {
    const parentCode = input.parentCode ?? null;
    if (parentCode !== null) {
      const parent = await this.repo.getBusinessCenter(companyId, parentCode);
      if (!parent) throw new LedgerNotFoundError(`El centro de negocios padre ${parentCode} no existe.`);
      if (parent.postable) {
        throw new LedgerConflictError(
          `El centro de negocios ${parentCode} es imputable; un centro imputable no puede tener centros hijos.`,
        );
      }
    }
    const center: BusinessCenter = {
      code: input.code,
      name: input.name,
      parentCode,
      postable: input.postable,
      active: input.active ?? true,
    };
    try {
      await this.repo.insertBusinessCenter(companyId, center, this.now());
    } catch (err) {
      if (isUniqueViolation(err))
        throw new LedgerConflictError(`El centro de negocios ${input.code} ya existe.`);
      throw err;
    }
    return center;
  }

  listPeriods(companyId: string): Promise<FiscalPeriod[]> {
    return this.repo.listPeriods(companyId);
  }

  /** Closes a `YYYY-MM` period: no voucher dated in it can be posted, reversed into or deleted. */
  closePeriod(companyId: string, period: string, by: string | null = null): Promise<FiscalPeriod> {
    return this.setPeriod(companyId, period, 'closed', by);
  }

  openPeriod(companyId: string, period: string, by: string | null = null): Promise<FiscalPeriod> {
    return this.setPeriod(companyId, period, 'open', by);
  }

  // Internals -------------------------------------------------------------------------------

  private async setPeriod(
    companyId: string,
    period: string,
    status: 'open' | 'closed',
    by: string | null,
  ): Promise<FiscalPeriod> {
    if (!isPeriod(period)) {
      throw new LedgerError('VALIDATION', `El período debe tener la forma AAAA-MM (recibido: ${period}).`);
    }
    const result = await this.repo.setPeriodStatus(companyId, period, status, by, this.now());
    this.logger.info({ companyId, period, status, by }, 'fiscal period changed');
    return result;
  }

  /**
   * Posts the reversing voucher of `voucherId`: the same lines with debit and credit swapped,
   * dated today (Chile) or the original's date if later. The chart is not checked again — the
   * lines were accepted once, and a since-deactivated account must not block undoing them — but
   * a closed period still refuses it. Hooks do not run: they judge new drafts, not undo.
   */
  private async reverseVoucher(
    companyId: string,
    voucherId: string,
    opts: { reason: string; idempotencyKey: string },
    emit: boolean,
  ): Promise<LedgerVoucher> {
    const key = this.assertIdempotencyKey(opts?.idempotencyKey);
    const byKey = await this.repo.findByIdempotencyKey(companyId, key);
    if (byKey) return this.sameReversal(byKey.voucher, voucherId, key);

    const original = await this.repo.getVoucher(companyId, voucherId);
    if (!original) throw this.voucherNotFound(voucherId);
    const refusal = await refusalOf(this.assertReversible(companyId, original));
    if (refusal) return this.reversalMadeMeanwhile(companyId, voucherId, key, refusal);
    const reason = typeof opts.reason === 'string' ? opts.reason.trim() : '';
    if (reason === '') {
      throw new PostingRejected([{ code: 'invalid_draft', message: 'Indique el motivo de la reversa.' }]);
    }

    const today = chileDate.format(this.clock.now());
    const draft: VoucherDraft = {
      source: original.source,
      type: original.type,
      date: original.date > today ? original.date : today,
      glosa:
        `Reversa de comprobante N° ${original.number} (${original.type} ${original.fiscalYear}): ${reason}`.slice(
          0,
          this.limits.glosaMaxLength,
        ),
      currency: original.currency,
      lines: original.lines.map((line): VoucherLine => ({ ...line, debit: line.credit, credit: line.debit })),
    };
    const rejections = validateDraft(draft, {
      closedPeriods: await this.closedPeriodsFor(companyId, draft),
      glosaMaxLength: this.limits.glosaMaxLength,
    });
    if (rejections.length > 0) throw new PostingRejected(rejections);

    let result: { binding: KeyBinding; created: boolean };
    try {
      result = await this.persist(companyId, draft, key, { reverses: original.id });
    } catch (err) {
      if (err instanceof OriginalNoLongerLive || isUniqueViolation(err)) {
        const now = await this.repo.getVoucher(companyId, voucherId);
        const refusal = now ? await refusalOf(this.assertReversible(companyId, now)) : null;
        if (refusal) return this.reversalMadeMeanwhile(companyId, voucherId, key, refusal);
      }
      throw err;
    }
    const { voucher } = result.binding;
    if (!result.created) return this.sameReversal(voucher, voucherId, key);
    this.logger.info(
      { companyId, voucherId, reversalVoucherId: voucher.id, number: voucher.number, erpSide: emit },
      'voucher reversed',
    );
    if (emit) {
      await this.emit({
        kind: 'reversed',
        companyId,
        voucherId,
        source: original.source,
        reversalVoucherId: voucher.id,
      });
    }
    return voucher;
  }

  /**
   * A concurrent reverse with the same key may commit between our key lookup and our check of the
   * original: the original is then `reversed` by *our* key's reversal, which is the answer, not a
   * refusal. Anything else rethrows the refusal.
   */
  private async reversalMadeMeanwhile(
    companyId: string,
    voucherId: string,
    key: string,
    refusal: unknown,
  ): Promise<LedgerVoucher> {
    const byKey = await this.repo.findByIdempotencyKey(companyId, key);
    if (byKey?.voucher.reversesVoucherId === voucherId) return byKey.voucher;
    throw refusal;
  }

  private sameReversal(voucher: LedgerVoucher, voucherId: string, key: string): LedgerVoucher {
    if (voucher.reversesVoucherId === voucherId) return voucher;
    throw keyConflict(key, voucher, 'que no es la reversa del comprobante pedido');
  }

  private async assertReversible(companyId: string, voucher: LedgerVoucher): Promise<void> {
    const label = voucherLabel(voucher);
    if (voucher.status === 'deleted') {
      throw new LedgerConflictError(`El comprobante ${label} fue eliminado; no se puede reversar.`);
    }
    if (voucher.status === 'reversed') {
      const reversal = await this.repo.findReversalOf(companyId, voucher.id);
      throw new VoucherAlreadyReversedError(voucher.id, reversal?.id ?? null, label);
    }
  }

  /**
   * Numbers and stores a validated draft in one transaction; for a reversal, also marks the
   * original `reversed` there. Returns `created: false` with what the key is bound to when
   * another submit with the same key won the race.
   */
  protected async persist(
    companyId: string,
    draft: VoucherDraft,
    key: string,
    binding: { fingerprint: string } | { reverses: string },
  ): Promise<{ binding: KeyBinding; created: boolean }> {
    const reversesVoucherId = 'reverses' in binding ? binding.reverses : null;
    const fingerprint = 'fingerprint' in binding ? binding.fingerprint : null;
    const fiscalYear = Number(draft.date.slice(0, 4));
    const numbering = `${companyId}\u0000${draft.type}\u0000${fiscalYear}`;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.knownNumberingRows.has(numbering)) {
          await this.repo.ensureNumberingRow(companyId, draft.type, fiscalYear);
          this.knownNumberingRows.add(numbering);
        }
        const voucher = await this.db.transaction(async (trx) => {
          const number = await this.repo.takeNextNumber(trx, companyId, draft.type, fiscalYear);
          if (number === null) throw new NumberingRowMissing();
          const now = this.now();
          const row: NewVoucherRow = {
            id: randomUUID(),
            companyId,
            source: draft.source,
            type: draft.type,
            number,
            fiscalYear,
            date: draft.date,
            glosa: draft.glosa,
            currency: draft.currency,
            status: 'posted',
            reversesVoucherId,
            idempotencyKey: key,
            draftFingerprint: fingerprint,
            createdAt: now,
          };
          const stored = await this.repo.insertVoucher(trx, row, draft.lines);
          if (reversesVoucherId !== null) {
            const marked = await this.repo.changeStatus(
              trx,
              companyId,
              reversesVoucherId,
              LIVE,
              'reversed',
              now,
            );
            if (!marked) throw new OriginalNoLongerLive();
          }
          return stored;
        });
        return { binding: { voucher, draftFingerprint: fingerprint }, created: true };
      } catch (err) {
        if (err instanceof NumberingRowMissing) {
          this.knownNumberingRows.delete(numbering);
          if (attempt < MAX_ATTEMPTS) continue;
        }
        if (isUniqueViolation(err)) {
          const winner = await this.repo.findByIdempotencyKey(companyId, key);
          if (winner) return { binding: winner, created: false };
        }
        if (isTransient(err) && attempt < MAX_ATTEMPTS) {
          this.logger.warn(
            { companyId, attempt, code: (err as { code?: string }).code },
            'posting retried after a lock conflict',
          );
          continue;
        }
        throw err;
      }
    }
  }

  private async chartFor(companyId: string, draft: VoucherDraft) {
    const lines: Partial<VoucherLine>[] = Array.isArray(draft.lines)
      ? draft.lines.filter((l) => l !== null && typeof l === 'object')
      : [];
    const accountCodes = unique(lines.map((l) => l.accountCode));
    const centerCodes = unique(lines.map((l) => l.businessCenterCode));
    const [accounts, businessCenters] = await Promise.all([
      this.repo.accountsByCode(companyId, accountCodes),
      this.repo.businessCentersByCode(companyId, centerCodes),
    ]);
    return { accounts, businessCenters };
  }

  private async closedPeriodsFor(companyId: string, draft: VoucherDraft): Promise<Set<string>> {
    if (typeof draft.date !== 'string' || draft.date.length < 7) return new Set();
    return this.repo.closedPeriods(companyId, [draft.date.slice(0, 7)]);
  }

  private async emit(event: VoucherEvent): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(event);
      } catch (err) {
        // The ERP action already happened; a subscriber's failure is its own to report.
        this.logger.error({ err, event }, 'voucher event listener failed');
      }
    }
  }

  private assertIdempotencyKey(key: unknown): string {
    if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_IDEMPOTENCY_KEY) {
      throw new PostingRejected([
        {
          code: 'invalid_draft',
          message: `Falta la clave de idempotencia del comprobante (texto de hasta ${MAX_IDEMPOTENCY_KEY} caracteres).`,
        },
      ]);
    }
    return key;
  }

  private voucherNotFound(voucherId: string): LedgerNotFoundError {
    return new LedgerNotFoundError(`El comprobante ${voucherId} no existe en esta empresa.`);
  }

  protected now(): string {
    return this.clock.now().toISOString();
  }
}

/**
 * sha256 of the draft as the caller submitted it (before prepare hooks), over a canonical JSON
 * (keys sorted), so the same draft always has the same fingerprint.
 */
export function draftFingerprint(draft: VoucherDraft): string {
  return createHash('sha256').update(canonicalJson(draft)).digest('hex');
}

/**
 * The voucher a key already produced, when the key is asked for the same posting again: same
 * kind (a posting, not a reversal), same source and the same draft. Anything else is a 409,
 * never the other voucher.
 */
function samePosting(
  binding: KeyBinding,
  draft: VoucherDraft,
  fingerprint: string,
  key: string,
): LedgerVoucher {
  const { voucher } = binding;
  if (voucher.reversesVoucherId !== undefined) throw keyConflict(key, voucher, 'que es una reversa');
  if (voucher.source !== draft.source) throw keyConflict(key, voucher, `de otro origen (${voucher.source})`);
  if (binding.draftFingerprint !== null && binding.draftFingerprint !== fingerprint) {
    throw keyConflict(key, voucher, 'con otro contenido');
  }
  return voucher;
}

function keyConflict(key: string, voucher: LedgerVoucher, what: string): LedgerConflictError {
  return new LedgerConflictError(
    `La clave de idempotencia "${key.slice(0, 80)}" ya se usó para el comprobante ${voucherLabel(voucher)}, ${what}; use otra clave.`,
    { reason: 'idempotency_key_reused', voucherId: voucher.id },
  );
}

/** The error a check rejects with, or null when it passes. */
function refusalOf(check: Promise<void>): Promise<unknown> {
  return check.then(
    () => null,
    (err: unknown) => err ?? new Error('refused'),
  );
}

/** "N° 12 (TRASPASO 2025)": numbers restart per type and fiscal year. */
function voucherLabel(v: PostedVoucher): string {
  return `N° ${v.number} (${v.type} ${v.fiscalYear})`;
}

function unique(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
