import { expect } from 'chai';
import { seedChileanLedger } from '../../../../host/ledger/seed';
import { forEachDatabase } from '../../../support/databases';
import {
  buildDraft,
  buildSimpleDraft,
  migrateLedger,
  newLedger,
  type LedgerUnderTest,
} from '../../../support/hostLedger';

const C = 'comercial-andes';

forEachDatabase(
  'built-in ledger: idempotency and numbering',
  (suite) => {
    let t: LedgerUnderTest;
    beforeEach(async () => {
      await seedChileanLedger(suite.db, C);
      t = newLedger(suite.db);
    });

    async function voucherCount(): Promise<number> {
      const [{ n }] = await suite.db('host_vouchers').count({ n: '*' });
      return Number(n);
    }

    it('returns the same voucher for a second submit with the same key and runs no hook for it', async () => {
      let afterPosts = 0;
      t.ledger.registerHook({ name: 'count', afterPost: async () => void afterPosts++ });
      const first = await t.ledger.posting.submit(C, buildDraft(), {
        idempotencyKey: 'rindegastos:c:8842:h1',
      });
      const second = await t.ledger.posting.submit(C, buildDraft(), {
        idempotencyKey: 'rindegastos:c:8842:h1',
      });
      expect(second).to.deep.equal(first);
      expect(await voucherCount()).to.equal(1);
      expect(afterPosts).to.equal(1);
    });

    it('scopes idempotency keys by company', async () => {
      await seedChileanLedger(suite.db, 'other');
      const a = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'same' });
      const b = await t.ledger.posting.submit('other', buildDraft(), { idempotencyKey: 'same' });
      expect(b.id).to.not.equal(a.id);
      expect([a.number, b.number]).to.deep.equal([1, 1]);
    });

    it('creates exactly one voucher from 10 concurrent submits with one key', async () => {
      let afterPosts = 0;
      t.ledger.registerHook({ name: 'count', afterPost: async () => void afterPosts++ });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'race' }),
        ),
      );
      expect(new Set(results.map((v) => v.id)).size).to.equal(1);
      expect(results.every((v) => v.number === 1)).to.equal(true);
      expect(await voucherCount()).to.equal(1);
      expect(afterPosts).to.equal(1);
      const [{ n: lines }] = await suite.db('host_voucher_lines').count({ n: '*' });
      expect(Number(lines)).to.equal(4);
      // The losers gave their numbers back: the next voucher takes 2.
      const next = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'after-race' });
      expect(next.number).to.equal(2);
    });

    it('numbers sequentially per voucher type and fiscal year', async () => {
      const post = async (key: string, type: string, date: string) =>
        (await t.ledger.posting.submit(C, buildSimpleDraft(1_000, { type, date }), { idempotencyKey: key }))
          .number;
      expect(await post('t1', 'TRASPASO', '2025-06-01')).to.equal(1);
      expect(await post('t2', 'TRASPASO', '2025-12-31')).to.equal(2);
      expect(await post('e1', 'EGRESO', '2025-06-01')).to.equal(1);
      expect(await post('t3', 'TRASPASO', '2026-01-01')).to.equal(1);
      expect(await post('t4', 'TRASPASO', '2025-03-15')).to.equal(3);
      expect(await post('e2', 'EGRESO', '2026-02-01')).to.equal(1);
      const vouchers = await t.ledger.listVouchers(C);
      expect(vouchers.map((v) => `${v.type}/${v.fiscalYear}/${v.number}`).sort()).to.deep.equal([
        'EGRESO/2025/1',
        'EGRESO/2026/1',
        'TRASPASO/2025/1',
        'TRASPASO/2025/2',
        'TRASPASO/2025/3',
        'TRASPASO/2026/1',
      ]);
    });

    it('never gives two vouchers the same number under concurrent submits with different keys', async () => {
      const submits = Array.from({ length: 24 }, (_, i) =>
        t.ledger.posting.submit(
          C,
          buildSimpleDraft(1_000 + i, { type: i % 3 === 0 ? 'EGRESO' : 'TRASPASO' }),
          { idempotencyKey: `k-${i}` },
        ),
      );
      const vouchers = await Promise.all(submits);
      const traspasos = vouchers.filter((v) => v.type === 'TRASPASO').map((v) => v.number);
      const egresos = vouchers.filter((v) => v.type === 'EGRESO').map((v) => v.number);
      expect([...traspasos].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 16 }, (_, i) => i + 1));
      expect([...egresos].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 8 }, (_, i) => i + 1));
      expect(await voucherCount()).to.equal(24);
    });

    it('treats keys and voucher types that differ only in case as different, on every engine', async () => {
      const a = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'key-A' });
      const b = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'key-a' });
      const c = await t.ledger.posting.submit(C, buildSimpleDraft(1_000, { type: 'traspaso' }), {
        idempotencyKey: 'k3',
      });
      expect(b.id).to.not.equal(a.id);
      expect([a.number, b.number, c.number]).to.deep.equal([1, 2, 1]);
    });

    it('does not consume a number when a voucher is rejected', async () => {
      const bad = buildSimpleDraft();
      bad.lines[0].debit = 999;
      await t.ledger.posting.submit(C, bad, { idempotencyKey: 'bad' }).catch(() => undefined);
      const good = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'good' });
      expect(good.number).to.equal(1);
    });

    describe('a key binds to what it was first used for', () => {
      const conflictOf = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (e: { code: string; message: string; details?: { reason?: string } }) => e,
        );

      it('refuses the same key with another draft (409), never answering with the first voucher', async () => {
        const first = await t.ledger.posting.submit(C, buildSimpleDraft(1_000), {
          idempotencyKey: 'k-bound',
        });
        const err = await conflictOf(
          t.ledger.posting.submit(C, buildSimpleDraft(2_000), { idempotencyKey: 'k-bound' }),
        );
        expect(err?.code).to.equal('CONFLICT');
        expect(err?.details?.reason).to.equal('idempotency_key_reused');
        expect(err?.message).to.match(
          /^La clave de idempotencia "k-bound" ya se usó para el comprobante N° 1 /,
        );
        expect(await voucherCount()).to.equal(1);
        // The very same draft still gets its voucher back: retries stay exactly-once.
        const again = await t.ledger.posting.submit(C, buildSimpleDraft(1_000), {
          idempotencyKey: 'k-bound',
        });
        expect(again.id).to.equal(first.id);
      });

      it('refuses a posting whose key was first used by a reversal, and a reversal whose key posted a voucher', async () => {
        const a = await t.ledger.posting.submit(C, buildSimpleDraft(1_000), { idempotencyKey: 'a' });
        const b = await t.ledger.posting.submit(C, buildSimpleDraft(3_000), { idempotencyKey: 'b' });
        // The probe: a reversal made under a key shaped like a later posting's.
        const key = 'rindegastos:comercial-andes:8842:abc';
        await t.ledger.reverse(C, a.id, { reason: 'prueba', idempotencyKey: key });
        const posting = await conflictOf(
          t.ledger.posting.submit(C, buildSimpleDraft(5_000), { idempotencyKey: key }),
        );
        expect(posting?.code).to.equal('CONFLICT');
        expect(posting?.message).to.include('que es una reversa');
        const reversal = await conflictOf(t.ledger.reverse(C, a.id, { reason: 'otra', idempotencyKey: 'b' }));
        expect(reversal?.code).to.equal('CONFLICT');
        expect((await t.ledger.getVoucher(C, b.id))?.status).to.equal('posted');
        expect(await voucherCount()).to.equal(3);
      });

      it('refuses the same key from another source', async () => {
        await t.ledger.posting.submit(C, buildSimpleDraft(1_000), { idempotencyKey: 'src' });
        const err = await conflictOf(
          t.ledger.posting.submit(C, buildSimpleDraft(1_000, { source: 'otro-modulo' }), {
            idempotencyKey: 'src',
          }),
        );
        expect(err?.code).to.equal('CONFLICT');
      });

      it('still answers vouchers stored before drafts were fingerprinted, by source and kind', async () => {
        const first = await t.ledger.posting.submit(C, buildSimpleDraft(1_000), { idempotencyKey: 'legacy' });
        await suite.db('host_vouchers').where({ id: first.id }).update({ draft_fingerprint: null });
        const again = await t.ledger.posting.submit(C, buildSimpleDraft(1_000), { idempotencyKey: 'legacy' });
        expect(again.id).to.equal(first.id);
      });
    });

    it('refuses a missing idempotency key', async () => {
      const err = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: '' }).then(
        () => null,
        (e: { code: string }) => e,
      );
      expect(err?.code).to.equal('POSTING_REJECTED');
      expect(await voucherCount()).to.equal(0);
    });
  },
  { migrators: [migrateLedger] },
);
