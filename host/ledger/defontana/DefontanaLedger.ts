import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { BusinessCenter, Clock, LedgerLimits, Logger, VoucherDraft } from '../../../plugin/index';
import { formatRut, RutFormat } from '@fdograph/rut-utilities';
import { isUniqueViolation } from '../../../shared/db/database';
import { AccountRepository } from '../../accounts/AccountRepository';
import { ConfigError } from '../../config';
import { BuiltinLedger } from '../BuiltinLedger';
import { LedgerConflictError, PostingRejected } from '../errors';
import type { KeyBinding, LedgerVoucher, NewVoucherRow } from '../LedgerRepository';
import {
  DefontanaApiError,
  type DefontanaBusinessCenterNode,
  type DefontanaClient,
  type DefontanaDetailLine,
  type InsertVoucherBody,
} from './DefontanaClient';
import { DefontanaPostingRepository, type DefontanaPosting } from './DefontanaPostingRepository';

export interface DefontanaLedgerOptions {
  /** RUT of the host company whose ledger is Defontana (DEFONTANA_RUT); other companies keep the built-in one. */
  companyRut: string;
  /** How old the business-center tree may get before it is fetched again. Default 10 minutes. */
  businessCenterTtlMs?: number;
}

/** Re-sends of one InsertVoucher after looking Defontana up and not finding it. */
const MAX_SUBMISSIONS = 3;
const LIST_PAGE_SIZE = 100;
/** "[RG-0123456789]": 15 characters at the end of the comment. */
const MARKER_LENGTH = 15;

/** The comment Defontana keeps: the glosa, then the marker that finds it again. */
export function voucherComment(glosa: string, marker: string): string {
  return `${glosa.slice(0, 100 - marker.length - 1)} ${marker}`;
}

/** Defontana's tree, flattened with parent codes: only imputable and active centers are postable. */
export function flattenBusinessCenters(
  nodes: DefontanaBusinessCenterNode[],
  parentCode: string | null = null,
): BusinessCenter[] {
  return nodes.flatMap((n) => [
    {
      code: n.code,
      name: n.description,
      parentCode,
      postable: n.imputable === 'S' && n.activo === 'S' && (n.descendientes ?? []).length === 0,
      active: n.activo === 'S',
    },
    ...flattenBusinessCenters(n.descendientes ?? [], n.code),
  ]);
}

/** A draft's lines as Defontana's InsertVoucher detail (issue 15, contract item 4). */
export function toDetail(draft: VoucherDraft): DefontanaDetailLine[] {
  return draft.lines.map((l) => ({
    accountCode: l.accountCode,
    debit: l.debit,
    credit: l.credit,
    comment: l.glosa.slice(0, 100),
    ...(l.businessCenterCode ? { bussinessCenterId: l.businessCenterCode } : {}),
    ...(l.auxiliary ? { fileId: l.auxiliary.rut } : {}),
    ...(l.document ? { documentType: l.document.type, documentNumber: l.document.number } : {}),
  }));
}

/**
 * Connector mode (issue 15): the built-in ledger's pipeline — prepare hooks, the host's own
 * validation against the imported chart, the plugin's validate hooks, idempotency, afterPost —
 * with Defontana numbering and storing the voucher. The local host_vouchers row is a copy with
 * Defontana's number, so `GET /api/ledger/vouchers` lists what Defontana holds.
 *
 * No duplicates across ambiguous failures: before InsertVoucher, a `sending` row records the key
 * and a marker put in the voucher's comment; after a timeout, reset or 5xx the voucher is looked
 * up by date and marker (GetVoucherList, 0-based pages, then GetVoucher) and adopted when found;
 * only then is it sent again. A key left `sending` by a crash is looked up the same way first.
 */
export class DefontanaLedger extends BuiltinLedger {
  override readonly limits: LedgerLimits = { glosaMaxLength: 100 - MARKER_LENGTH - 1 };

  private readonly postings: DefontanaPostingRepository;
  private readonly companyRut: string;
  private companyIdOnce: Promise<string> | null = null;
  private readonly centerTtlMs: number;
  private centersFetchedAt = 0;

  constructor(
    db: Knex,
    private readonly client: DefontanaClient,
    deps: { clock: Clock; logger: Logger },
    opts: DefontanaLedgerOptions,
  ) {
    super(db, deps);
    this.postings = new DefontanaPostingRepository(db);
    this.companyRut = formatRut(opts.companyRut, RutFormat.DOTS_DASH);
    this.centerTtlMs = opts.businessCenterTtlMs ?? 10 * 60_000;
  }

  /**
   * The id of the Defontana company. Throws, naming DEFONTANA_RUT, when no host company has that
   * RUT: the host checks it at start.
   */
  companyId(): Promise<string> {
    this.companyIdOnce ??= new AccountRepository(this.db).findCompanyByRut(this.companyRut).then((c) => {
      if (c) return c.id;
      this.companyIdOnce = null;
      throw new ConfigError([
        `DEFONTANA_RUT=${this.companyRut} no corresponde a ninguna empresa del host; cree la empresa (rindegastos demo:seed) o corrija el RUT`,
      ]);
    });
    return this.companyIdOnce;
  }

  private async isDefontanaCompany(companyId: string): Promise<boolean> {
    return companyId === (await this.companyId());
  }

  /** The company's centers, fetched again from Defontana when older than the TTL. */
  override async listBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    if ((await this.isDefontanaCompany(companyId)) && Date.now() - this.centersFetchedAt > this.centerTtlMs) {
      try {
        await this.refreshBusinessCenters(companyId);
      } catch (err) {
        // A stale tree is better than none: the last one fetched stays in host_business_centers.
        this.logger.warn({ err, companyId }, 'business centers could not be refreshed from defontana');
      }
    }
    return super.listBusinessCenters(companyId);
  }

  /** Replaces the company's business centers with Defontana's tree (on demand and by TTL). */
  override async refreshBusinessCenters(companyId: string): Promise<BusinessCenter[]> {
    if (!(await this.isDefontanaCompany(companyId))) return super.refreshBusinessCenters(companyId);
    const centers = flattenBusinessCenters(await this.client.getBusinessCenterPlan());
    await this.repo.replaceBusinessCenters(companyId, centers, this.now());
    this.centersFetchedAt = Date.now();
    return centers;
  }

  /** "Eliminar comprobante" in connector mode: Defontana has no delete, so a counter-voucher. */
  override async deleteVoucher(companyId: string, voucherId: string): Promise<LedgerVoucher> {
    if (!(await this.isDefontanaCompany(companyId))) return super.deleteVoucher(companyId, voucherId);
    await this.reverse(companyId, voucherId, { reason: 'comprobante eliminado (contra-comprobante)' });
    const original = await this.repo.getVoucher(companyId, voucherId);
    if (!original) throw new LedgerConflictError(`El comprobante ${voucherId} no existe en esta empresa.`);
    return original;
  }

  protected override async persist(
    companyId: string,
    draft: VoucherDraft,
    key: string,
    binding: { fingerprint: string } | { reverses: string },
  ): Promise<{ binding: KeyBinding; created: boolean }> {
    if (!(await this.isDefontanaCompany(companyId))) return super.persist(companyId, draft, key, binding);
    const posted = await this.postToDefontana(companyId, draft, key);
    const reversesVoucherId = 'reverses' in binding ? binding.reverses : null;
    const fingerprint = 'fingerprint' in binding ? binding.fingerprint : null;
    try {
      const voucher = await this.db.transaction(async (trx) => {
        const now = this.now();
        const row: NewVoucherRow = {
          id: randomUUID(),
          companyId,
          source: draft.source,
          type: posted.type,
          number: posted.number,
          fiscalYear: posted.fiscalYear,
          date: draft.date,
          glosa: draft.glosa,
          currency: draft.currency,
          status: posted.pendingApproval ? 'pending-approval' : 'posted',
          reversesVoucherId,
          idempotencyKey: key,
          draftFingerprint: fingerprint,
          createdAt: now,
        };
        const stored = await this.repo.insertVoucher(trx, row, draft.lines);
        if (reversesVoucherId !== null) {
          await this.repo.changeStatus(
            trx,
            companyId,
            reversesVoucherId,
            ['posted', 'pending-approval'],
            'reversed',
            now,
          );
        }
        return stored;
      });
      if (posted.pendingApproval) {
        this.logger.warn({ companyId, number: posted.number }, 'defontana voucher pending approval');
      }
      return { binding: { voucher, draftFingerprint: fingerprint }, created: true };
    } catch (err) {
      if (isUniqueViolation(err)) {
        const winner = await this.repo.findByIdempotencyKey(companyId, key);
        if (winner) return { binding: winner, created: false };
      }
      throw err;
    }
  }

  /** InsertVoucher exactly once per key, whatever fails in between. */
  private async postToDefontana(
    companyId: string,
    draft: VoucherDraft,
    key: string,
  ): Promise<NonNullable<DefontanaPosting['voucher']>> {
    const marker = `[RG-${createHash('sha256').update(`${companyId}\u0000${key}`).digest('hex').slice(0, 10)}]`;
    const known = await this.postings.find(companyId, key);
    if (known?.voucher) return known.voucher;
    if (known) {
      const found = await this.lookUp(draft.date, marker);
      if (found) return this.adopt(companyId, key, found);
    } else {
      try {
        await this.postings.markSending(companyId, key, marker, draft.date, this.now());
      } catch (err) {
        // Another submit with this key is sending it right now: sending it too could post it twice.
        if (!isUniqueViolation(err)) throw err;
        throw new LedgerConflictError(
          'Este comprobante se está enviando a Defontana en este momento; vuelva a intentarlo en unos segundos.',
          { reason: 'defontana_submission_in_progress' },
        );
      }
    }
    const body: InsertVoucherBody = {
      header: {
        fiscalYear: Number(draft.date.slice(0, 4)),
        number: 0,
        voucherType: draft.type,
        date: `${draft.date}T00:00:00.000Z`,
        comment: voucherComment(draft.glosa, marker),
      },
      detail: toDetail(draft),
      automaticFoliation: true,
    };
    for (let submission = 1; ; submission++) {
      try {
        const inserted = await this.client.insertVoucher(body);
        return this.adopt(companyId, key, {
          type: inserted.voucherType,
          number: inserted.number,
          fiscalYear: inserted.fiscalYear,
          pendingApproval: /pendiente|aprobaci/i.test(inserted.message ?? ''),
        });
      } catch (err) {
        if (!(err instanceof DefontanaApiError)) throw err;
        if (!err.ambiguous) {
          await this.postings.forget(companyId, key);
          if (err.kind === 'refused' || err.kind === 'http') {
            throw new PostingRejected([
              {
                code: 'hook_rejected',
                message: `Defontana rechazó el comprobante: ${err.message}. Corrija el dato indicado (cuenta, centro de negocios, ficha o documento) y vuelva a contabilizar.`,
              },
            ]);
          }
          throw err;
        }
        this.logger.warn(
          { companyId, submission, kind: err.kind },
          'insertVoucher outcome unknown; looking it up',
        );
        const found = await this.lookUp(draft.date, marker);
        if (found) return this.adopt(companyId, key, found);
        if (submission >= MAX_SUBMISSIONS) throw err;
      }
    }
  }

  private async adopt(
    companyId: string,
    key: string,
    voucher: NonNullable<DefontanaPosting['voucher']>,
  ): Promise<NonNullable<DefontanaPosting['voucher']>> {
    await this.postings.markPosted(companyId, key, voucher, this.now());
    this.logger.info(
      { companyId, type: voucher.type, number: voucher.number },
      'voucher posted to defontana',
    );
    return voucher;
  }

  /** The voucher of `date` whose comment carries `marker`, confirmed by GetVoucher; null if none. */
  private async lookUp(
    date: string,
    marker: string,
  ): Promise<NonNullable<DefontanaPosting['voucher']> | null> {
    for (let page = 0; ; page++) {
      const { vouchers, totalItems } = await this.client.getVoucherList(date, date, page, LIST_PAGE_SIZE);
      const hit = vouchers.find((v) => v.comment.includes(marker));
      if (hit) {
        const full = await this.client.getVoucher(hit.voucherType, hit.number, hit.fiscalYear);
        if (full.header.comment.includes(marker)) {
          return {
            type: hit.voucherType,
            number: hit.number,
            fiscalYear: hit.fiscalYear,
            pendingApproval: /pendiente/i.test(full.state ?? ''),
          };
        }
      }
      if (vouchers.length === 0 || (page + 1) * LIST_PAGE_SIZE >= totalItems) return null;
    }
  }
}
