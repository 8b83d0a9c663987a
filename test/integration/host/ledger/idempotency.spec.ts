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
