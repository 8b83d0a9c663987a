import { expect } from 'chai';
import type { VoucherEvent } from '../../../../plugin/host/Ledger';
import { VoucherAlreadyReversedError } from '../../../../host/ledger/errors';
import { seedChileanLedger } from '../../../../host/ledger/seed';
import { forEachDatabase } from '../../../support/databases';
import {
  buildDraft,
  buildSimpleDraft,
  migrateLedger,
  newLedger,
  type LedgerUnderTest,
} from '../../../support/hostLedger';
import { rejectionOf } from '../../../support/rejections';

const C = 'comercial-andes';

forEachDatabase(
  'built-in ledger: reversal, deletion and voucher events',
  (suite) => {
    let t: LedgerUnderTest;
    let events: VoucherEvent[];
    beforeEach(async () => {
      await seedChileanLedger(suite.db, C);
      t = newLedger(suite.db);
      events = [];
      t.ledger.onVoucherEvent(async (e) => void events.push(e));
    });

    it('posts a reversal with debits and credits swapped and the same analyses, and marks the original reversed', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const reversal = await t.ledger.posting.reverse(C, original.id, {
        reason: 'gasto duplicado',
        idempotencyKey: 'rev',
      });
      expect(reversal).to.include({
        type: 'TRASPASO',
        number: 2,
        fiscalYear: 2025,
        status: 'posted',
        source: 'rindegastos',
        reversesVoucherId: original.id,
        // Dated the day it is made, in Chile (the test clock is 2025-07-10).
        date: '2025-07-10',
        glosa: 'Reversa de comprobante N° 1 (TRASPASO 2025): gasto duplicado',
      });
      expect(reversal.lines).to.deep.equal(
        original.lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit })),
      );
      expect((await t.ledger.getVoucher(C, original.id))?.status).to.equal('reversed');
    });

    it('returns the same reversal for the same key, also when asked concurrently', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const reversals = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.ledger.posting.reverse(C, original.id, { reason: 'error', idempotencyKey: 'rev' }),
        ),
      );
      expect(new Set(reversals.map((r) => r.id)).size).to.equal(1);
      const again = await t.ledger.posting.reverse(C, original.id, { reason: 'otro', idempotencyKey: 'rev' });
      expect(again.id).to.equal(reversals[0].id);
      const [{ n }] = await suite.db('host_vouchers').count({ n: '*' });
      expect(Number(n)).to.equal(2);
    });

    it('refuses reversing twice with another key, naming the existing reversal', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const first = await t.ledger.posting.reverse(C, original.id, {
        reason: 'error',
        idempotencyKey: 'rev-1',
      });
      const err = await rejectionOf(
        t.ledger.posting.reverse(C, original.id, { reason: 'error', idempotencyKey: 'rev-2' }),
      );
      expect(err).to.be.instanceOf(VoucherAlreadyReversedError);
      expect(err.code).to.equal('CONFLICT');
      expect((err as unknown as VoucherAlreadyReversedError).reversalVoucherId).to.equal(first.id);
      expect(err.message).to.contain('ya fue reversado');
    });

    it('lets only one of two concurrent reversals with different keys through', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const outcomes = await Promise.allSettled([
        t.ledger.posting.reverse(C, original.id, { reason: 'a', idempotencyKey: 'rev-a' }),
        t.ledger.posting.reverse(C, original.id, { reason: 'b', idempotencyKey: 'rev-b' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).to.be.instanceOf(VoucherAlreadyReversedError);
      const [{ n }] = await suite.db('host_vouchers').whereNotNull('reverses_voucher_id').count({ n: '*' });
      expect(Number(n)).to.equal(1);
    });

    it('refuses a reversal into a closed period and an unknown voucher', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      await t.ledger.closePeriod(C, '2025-07');
      const closed = await rejectionOf(
        t.ledger.posting.reverse(C, original.id, { reason: 'x', idempotencyKey: 'rev' }),
      );
      expect(closed.code).to.equal('POSTING_REJECTED');
      expect((closed.rejections as { code: string }[])[0].code).to.equal('closed_period');
      expect((await t.ledger.getVoucher(C, original.id))?.status).to.equal('posted');

      const missing = await rejectionOf(
        t.ledger.posting.reverse(C, 'nope', { reason: 'x', idempotencyKey: 'r2' }),
      );
      expect(missing.code).to.equal('NOT_FOUND');
    });

    it('reverses even when an account of the original was deactivated since', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      await t.ledger.updateAccount(C, '4110201002', { active: false });
      const reversal = await t.ledger.posting.reverse(C, original.id, { reason: 'x', idempotencyKey: 'rev' });
      expect(reversal.reversesVoucherId).to.equal(original.id);
    });

    it('emits no event for a reversal the plugin requests through the pipeline', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      await t.ledger.posting.reverse(C, original.id, { reason: 'x', idempotencyKey: 'rev' });
      expect(events).to.deep.equal([]);
    });

    it('emits `reversed` to listeners for a reversal made in the ERP, once', async () => {
      const original = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const reversal = await t.ledger.reverse(C, original.id, { reason: 'anulado por contabilidad' });
      await t.ledger.reverse(C, original.id, { reason: 'anulado por contabilidad' });
      expect(events).to.deep.equal([
        {
          kind: 'reversed',
          companyId: C,
          voucherId: original.id,
          source: 'rindegastos',
          reversalVoucherId: reversal.id,
        },
      ]);
    });

    it('deletes a voucher in the ERP, keeps its lines and emits `deleted`', async () => {
      const voucher = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      const deleted = await t.ledger.deleteVoucher(C, voucher.id);
      expect(deleted.status).to.equal('deleted');
      const stored = await t.ledger.getVoucher(C, voucher.id);
      expect(stored?.status).to.equal('deleted');
      expect(stored?.lines).to.have.length(4);
      expect(events).to.deep.equal([
        { kind: 'deleted', companyId: C, voucherId: voucher.id, source: 'rindegastos' },
      ]);
      // Deleting again changes nothing and tells no one twice.
      await t.ledger.deleteVoucher(C, voucher.id);
      expect(events).to.have.length(1);
      // The key still answers with the (deleted) voucher: a retry never posts it again.
      const retried = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      expect(retried).to.include({ id: voucher.id, status: 'deleted' });
    });

    it('refuses deleting a reversed voucher, a reversal, a voucher of a closed period or of another company', async () => {
      const a = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'a' });
      const rev = await t.ledger.posting.reverse(C, a.id, { reason: 'x', idempotencyKey: 'rev' });
      expect((await rejectionOf(t.ledger.deleteVoucher(C, a.id))).message).to.contain('está reversado');
      expect((await rejectionOf(t.ledger.deleteVoucher(C, rev.id))).message).to.contain('es una reversa');

      const b = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'b' });
      await t.ledger.closePeriod(C, '2025-06');
      const closed = await rejectionOf(t.ledger.deleteVoucher(C, b.id));
      expect(closed.code).to.equal('CONFLICT');
      expect(closed.message).to.contain('2025-06 está cerrado');

      expect((await rejectionOf(t.ledger.deleteVoucher('other', b.id))).code).to.equal('NOT_FOUND');
      expect(events).to.deep.equal([]);
    });

    it('logs a failing listener, still completes the ERP action and still tells the other listeners', async () => {
      t.ledger.onVoucherEvent(async () => {
        throw new Error('listener exploded');
      });
      const late: VoucherEvent[] = [];
      t.ledger.onVoucherEvent(async (e) => void late.push(e));
      const voucher = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'post' });
      await t.ledger.deleteVoucher(C, voucher.id);
      expect((await t.ledger.getVoucher(C, voucher.id))?.status).to.equal('deleted');
      expect(late).to.have.length(1);
      expect(t.logger.text()).to.contain('voucher event listener failed').and.contain('listener exploded');
    });

    it('stops telling a listener once it unsubscribes', async () => {
      const seen: VoucherEvent[] = [];
      const off = t.ledger.posting.onVoucherEvent(async (e) => void seen.push(e));
      const a = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'a' });
      const b = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'b' });
      await t.ledger.deleteVoucher(C, a.id);
      off();
      await t.ledger.deleteVoucher(C, b.id);
      expect(seen.map((e) => e.voucherId)).to.deep.equal([a.id]);
    });
  },
  { migrators: [migrateLedger] },
);
