import { expect } from 'chai';
import { CHILEAN_CHART, seedChileanLedger } from '../../../../host/ledger/seed';
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
  'built-in ledger: chart, business centers, periods, voucher list and seed',
  (suite) => {
    let t: LedgerUnderTest;
    beforeEach(() => {
      t = newLedger(suite.db);
    });

    describe('seed', () => {
      it('is idempotent and keeps what the company changed', async () => {
        await seedChileanLedger(suite.db, C);
        await t.ledger.updateAccount(C, '4110201002', { name: 'Combustibles y lubricantes' });
        await seedChileanLedger(suite.db, C);
        const accounts = await t.ledger.listAccounts(C);
        expect(accounts).to.have.length(CHILEAN_CHART.length);
        expect(accounts.find((a) => a.code === '4110201002')?.name).to.equal('Combustibles y lubricantes');
        expect(await t.ledger.listBusinessCenters(C)).to.have.length(16);
      });

      it('contains the accounts the demo journey posts to, with their required analyses', async () => {
        await seedChileanLedger(suite.db, C);
        const byCode = new Map((await t.ledger.listAccounts(C)).map((a) => [a.code, a]));
        const expectAccount = (code: string, name: RegExp, bc: boolean, aux: boolean, doc: boolean) => {
          const a = byCode.get(code);
          expect(a, code).to.not.equal(undefined);
          expect(a!.name, code).to.match(name);
          expect(a, code).to.deep.include({
            postable: true,
            active: true,
            requires: { businessCenter: bc, auxiliary: aux, document: doc },
          });
        };
        expectAccount('1110601001', /IVA crédito fiscal/i, false, true, true);
        expectAccount('2110501002', /retención honorarios por pagar/i, false, false, false);
        expectAccount('2110701001', /cuentas por pagar al personal/i, false, true, false);
        expectAccount('1110701001', /fondos por rendir/i, false, true, false);
        expectAccount('4110201002', /combustibles/i, true, false, false);
        expectAccount('4110205001', /alimentación y viáticos/i, true, false, false);
        expectAccount('4110203001', /pasajes y traslados/i, true, false, false);
        expectAccount('4110206001', /materiales de oficina/i, true, false, false);
        expectAccount('4110207001', /honorarios/i, true, false, false);

        const all = [...byCode.values()];
        const expenses = all.filter((a) => a.code.startsWith('41') && a.postable);
        expect(expenses.length).to.be.greaterThan(8);
        expect(expenses.every((a) => a.requires.businessCenter)).to.equal(true);
        expect(all.filter((a) => !a.postable).map((a) => a.code)).to.include.members([
          '1',
          '11',
          '41',
          '41102',
        ]);
      });

      it('has a business-center tree of 15-character codes with postable leaves under non-postable parents', async () => {
        await seedChileanLedger(suite.db, C);
        const centers = await t.ledger.listBusinessCenters(C);
        const byCode = new Map(centers.map((c) => [c.code, c]));
        expect(centers.every((c) => /^[A-Z0-9]{15}$/.test(c.code))).to.equal(true);
        for (const code of ['EMPNEGVTAVTA000', 'EMPGESGESADM000']) {
          expect(byCode.get(code), code).to.deep.include({ postable: true, active: true });
        }
        expect(byCode.get('EMPNEGVTAVTA000')?.parentCode).to.equal('EMPNEGVTA000000');
        for (const c of centers) {
          if (c.parentCode === null) continue;
          expect(byCode.get(c.parentCode), c.code).to.deep.include({ postable: false });
        }
        expect(centers.filter((c) => c.parentCode === null).map((c) => c.code)).to.deep.equal([
          'EMP000000000000',
        ]);
      });
    });

    describe('chart of accounts', () => {
      it('creates an account with defaults and refuses a duplicate code', async () => {
        const account = await t.ledger.createAccount(C, {
          code: '4110210001',
          name: 'Capacitación',
          postable: true,
        });
        expect(account).to.deep.equal({
          code: '4110210001',
          name: 'Capacitación',
          postable: true,
          active: true,
          requires: { businessCenter: false, auxiliary: false, document: false },
        });
        expect(await t.ledger.listAccounts(C)).to.deep.equal([account]);
        const dup = await rejectionOf(
          t.ledger.createAccount(C, { code: '4110210001', name: 'Otra', postable: true }),
        );
        expect(dup.code).to.equal('CONFLICT');
        // Codes are per company.
        await t.ledger.createAccount('other', { code: '4110210001', name: 'Capacitación', postable: true });
      });

      it('deactivates an account and changes its required analyses, which the next posting obeys', async () => {
        await seedChileanLedger(suite.db, C);
        const updated = await t.ledger.updateAccount(C, '1110101001', { requires: { auxiliary: true } });
        expect(updated.requires).to.deep.equal({ businessCenter: false, auxiliary: true, document: false });
        const err = await rejectionOf(
          t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'k' }),
        );
        expect((err.rejections as { code: string }[]).map((r) => r.code)).to.deep.equal([
          'missing_auxiliary',
        ]);

        const inactive = await t.ledger.updateAccount(C, '1110101001', { active: false });
        expect(inactive).to.deep.include({
          active: false,
          requires: { businessCenter: false, auxiliary: true, document: false },
        });
        expect((await rejectionOf(t.ledger.updateAccount(C, '123', { active: false }))).code).to.equal(
          'NOT_FOUND',
        );
      });
    });

    describe('business centers', () => {
      it('creates a center under a non-postable parent and refuses a postable parent or a missing one', async () => {
        await t.ledger.createBusinessCenter(C, { code: 'EMP000000000000', name: 'Empresa', postable: false });
        const leaf = await t.ledger.createBusinessCenter(C, {
          code: 'EMPSUR000000000',
          name: 'Sucursal sur',
          parentCode: 'EMP000000000000',
          postable: true,
        });
        expect(leaf).to.deep.equal({
          code: 'EMPSUR000000000',
          name: 'Sucursal sur',
          parentCode: 'EMP000000000000',
          postable: true,
          active: true,
        });
        const underLeaf = await rejectionOf(
          t.ledger.createBusinessCenter(C, {
            code: 'EMPSURX',
            name: 'x',
            parentCode: 'EMPSUR000000000',
            postable: true,
          }),
        );
        expect(underLeaf.code).to.equal('CONFLICT');
        const orphan = await rejectionOf(
          t.ledger.createBusinessCenter(C, { code: 'X', name: 'x', parentCode: 'NOPE', postable: true }),
        );
        expect(orphan.code).to.equal('NOT_FOUND');
        const dup = await rejectionOf(
          t.ledger.createBusinessCenter(C, {
            code: 'EMPSUR000000000',
            name: 'x',
            parentCode: 'EMP000000000000',
            postable: true,
          }),
        );
        expect(dup.code).to.equal('CONFLICT');
      });
    });

    describe('periods', () => {
      it('lists closed and reopened periods and refuses a malformed period', async () => {
        await t.ledger.closePeriod(C, '2025-05', 'u1');
        await t.ledger.closePeriod(C, '2025-06', 'u1');
        await t.ledger.openPeriod(C, '2025-05', 'u2');
        const periods = await t.ledger.listPeriods(C);
        expect(periods.map((p) => [p.period, p.status, p.updatedBy])).to.deep.equal([
          ['2025-05', 'open', 'u2'],
          ['2025-06', 'closed', 'u1'],
        ]);
        expect((await rejectionOf(t.ledger.closePeriod(C, '2025-13'))).code).to.equal('VALIDATION');
        expect(await t.ledger.listPeriods('other')).to.deep.equal([]);
      });
    });

    describe('voucher list', () => {
      beforeEach(async () => {
        await seedChileanLedger(suite.db, C);
        await seedChileanLedger(suite.db, 'other');
        await t.ledger.posting.submit(C, buildDraft({ date: '2025-06-20' }), { idempotencyKey: 'r1' });
        await t.ledger.posting.submit(C, buildDraft({ date: '2025-07-02' }), { idempotencyKey: 'r2' });
        await t.ledger.posting.submit(C, buildSimpleDraft(500, { date: '2025-06-25' }), {
          idempotencyKey: 'm1',
        });
        await t.ledger.posting.submit('other', buildDraft({ date: '2025-06-21' }), { idempotencyKey: 'o1' });
      });

      it('lists the company vouchers with their lines, newest first', async () => {
        const vouchers = await t.ledger.listVouchers(C);
        expect(vouchers.map((v) => [v.date, v.number, v.source])).to.deep.equal([
          ['2025-07-02', 2, 'rindegastos'],
          ['2025-06-25', 3, 'manual'],
          ['2025-06-20', 1, 'rindegastos'],
        ]);
        expect(vouchers[0].lines).to.deep.equal(buildDraft().lines);
        expect(vouchers[0]).to.include({ currency: 'CLP', createdAt: '2025-07-10T15:00:00.000Z' });
      });

      it('filters by source, date range and number', async () => {
        const by = async (f: Parameters<typeof t.ledger.listVouchers>[1]) =>
          (await t.ledger.listVouchers(C, f)).map((v) => v.number);
        expect(await by({ source: 'rindegastos' })).to.deep.equal([2, 1]);
        expect(await by({ from: '2025-06-21', to: '2025-06-30' })).to.deep.equal([3]);
        expect(await by({ from: '2025-06-25' })).to.deep.equal([2, 3]);
        expect(await by({ to: '2025-06-25' })).to.deep.equal([3, 1]);
        expect(await by({ number: 2 })).to.deep.equal([2]);
        expect(await by({ source: 'manual', number: 2 })).to.deep.equal([]);
      });
    });
  },
  { migrators: [migrateLedger] },
);
