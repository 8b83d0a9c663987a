import { expect } from 'chai';
import fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { VoucherEvent } from '../../../../plugin/host/Ledger';
import { registerLedgerRoutes, type LedgerCaller } from '../../../../host/ledger/routes';
import { seedChileanLedger } from '../../../../host/ledger/seed';
import { forEachDatabase } from '../../../support/databases';
import { buildDraft, migrateLedger, newLedger, type LedgerUnderTest } from '../../../support/hostLedger';

const A = 'comercial-andes';
const B = 'transportes-sur';

/** A stand-in for the host's session layer: the caller travels in test headers. */
async function testAuth(request: FastifyRequest): Promise<LedgerCaller> {
  const companyId = request.headers['x-company'];
  if (typeof companyId !== 'string') {
    throw Object.assign(new Error('Inicie sesión para continuar.'), { statusCode: 401 });
  }
  return { companyId, userId: 'u-test', isCompanyAdmin: request.headers['x-admin'] === 'yes' };
}

const admin = (companyId: string) => ({ 'x-company': companyId, 'x-admin': 'yes' });
const reader = (companyId: string) => ({ 'x-company': companyId });

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

forEachDatabase(
  'built-in ledger HTTP API',
  (suite) => {
    let t: LedgerUnderTest;
    let app: FastifyInstance;
    let events: VoucherEvent[];

    beforeEach(async () => {
      await seedChileanLedger(suite.db, A);
      await seedChileanLedger(suite.db, B);
      t = newLedger(suite.db);
      events = [];
      t.ledger.onVoucherEvent(async (e) => void events.push(e));
      app = fastify();
      registerLedgerRoutes(app, t.ledger, testAuth);
      await app.ready();
    });

    afterEach(async () => {
      await app.close();
    });

    it('refuses every route without a session with 401', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/ledger/accounts' });
      expect(res.statusCode).to.equal(401);
      expect(res.json()).to.deep.equal({
        error: { code: 'UNAUTHENTICATED', message: 'Inicie sesión para continuar.' },
      });
      const write = await app.inject({ method: 'DELETE', url: '/api/ledger/vouchers/x' });
      expect(write.statusCode).to.equal(401);
    });

    it('lists the chart and business centers of the caller company to any of its users', async () => {
      const accounts = await app.inject({ method: 'GET', url: '/api/ledger/accounts', headers: reader(A) });
      expect(accounts.statusCode).to.equal(200);
      expect(accounts.json().accounts.find((a: { code: string }) => a.code === '1110601001')).to.deep.equal({
        code: '1110601001',
        name: 'IVA crédito fiscal',
        postable: true,
        active: true,
        requires: { businessCenter: false, auxiliary: true, document: true },
      });
      const centers = await app.inject({
        method: 'GET',
        url: '/api/ledger/business-centers',
        headers: reader(A),
      });
      expect(centers.json().businessCenters.map((c: { code: string }) => c.code)).to.include(
        'EMPGESGESADM000',
      );
    });

    it('lets only a company admin write, with 403 and a Spanish message for other users', async () => {
      const writes = [
        {
          method: 'POST' as const,
          url: '/api/ledger/accounts',
          payload: { code: '4110210001', name: 'Capacitación', postable: true },
        },
        { method: 'PATCH' as const, url: '/api/ledger/accounts/4110201002', payload: { active: false } },
        {
          method: 'POST' as const,
          url: '/api/ledger/business-centers',
          payload: { code: 'X', name: 'x', postable: true },
        },
        { method: 'POST' as const, url: '/api/ledger/periods/2025-06/close' },
        { method: 'POST' as const, url: '/api/ledger/periods/2025-06/open' },
        { method: 'POST' as const, url: '/api/ledger/vouchers/x/reverse', payload: { reason: 'x' } },
        { method: 'DELETE' as const, url: '/api/ledger/vouchers/x' },
      ];
      for (const w of writes) {
        const res = await app.inject({ ...w, headers: reader(A) });
        expect(res.statusCode, `${w.method} ${w.url}`).to.equal(403);
        expect((res.json() as ErrorJson).error).to.deep.equal({
          code: 'NOT_ALLOWED',
          message: 'Solo un administrador de la empresa puede modificar la contabilidad.',
        });
      }
      expect((await t.ledger.listAccounts(A)).find((a) => a.code === '4110201002')?.active).to.equal(true);
    });

    it('creates an account, sets its required analyses and deactivates it', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/ledger/accounts',
        headers: admin(A),
        payload: {
          code: '4110210001',
          name: 'Capacitación',
          postable: true,
          requires: { businessCenter: true },
        },
      });
      expect(created.statusCode).to.equal(201);
      expect(created.json().account.requires).to.deep.equal({
        businessCenter: true,
        auxiliary: false,
        document: false,
      });

      const patched = await app.inject({
        method: 'PATCH',
        url: '/api/ledger/accounts/4110210001',
        headers: admin(A),
        payload: { active: false, requires: { document: true } },
      });
      expect(patched.statusCode).to.equal(200);
      expect(patched.json().account).to.deep.include({
        active: false,
        requires: { businessCenter: true, auxiliary: false, document: true },
      });
      const dup = await app.inject({
        method: 'POST',
        url: '/api/ledger/accounts',
        headers: admin(A),
        payload: { code: '4110210001', name: 'Otra', postable: true },
      });
      expect(dup.statusCode).to.equal(409);
      expect(dup.json().error.message).to.equal('La cuenta 4110210001 ya existe.');
    });

    it('validates bodies, rejecting unknown fields and naming every bad field in Spanish', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/ledger/accounts',
        headers: admin(A),
        payload: { code: '41-10', postable: 'sí', color: 'rojo' },
      });
      expect(res.statusCode).to.equal(400);
      const body = res.json() as ErrorJson;
      expect(body.error.code).to.equal('VALIDATION');
      expect(body.error.message)
        .to.contain('body.code: el código de cuenta son solo dígitos')
        .and.contain('body.name: falta el nombre de la cuenta')
        .and.contain('body.postable: postable debe ser verdadero o falso')
        .and.contain('body.color');

      const badJson = await app.inject({
        method: 'POST',
        url: '/api/ledger/accounts',
        headers: { ...admin(A), 'content-type': 'application/json' },
        payload: '{"code":',
      });
      expect(badJson.statusCode).to.equal(400);
      expect(badJson.json()).to.deep.equal({
        error: { code: 'VALIDATION', message: 'El cuerpo de la solicitud no es JSON válido.' },
      });
    });

    it('creates a business center under a parent of the caller company only', async () => {
      const ok = await app.inject({
        method: 'POST',
        url: '/api/ledger/business-centers',
        headers: admin(A),
        payload: {
          code: 'EMPNEGVTANTE000',
          name: 'Ventas norte',
          parentCode: 'EMPNEGVTA000000',
          postable: true,
        },
      });
      expect(ok.statusCode).to.equal(201);
      expect(ok.json().businessCenter).to.deep.include({
        code: 'EMPNEGVTANTE000',
        parentCode: 'EMPNEGVTA000000',
      });
      const list = await app.inject({
        method: 'GET',
        url: '/api/ledger/business-centers',
        headers: reader(B),
      });
      expect(list.json().businessCenters.map((c: { code: string }) => c.code)).to.not.include(
        'EMPNEGVTANTE000',
      );
    });

    it('closes and reopens a period, refusing a malformed one', async () => {
      const closed = await app.inject({
        method: 'POST',
        url: '/api/ledger/periods/2025-06/close',
        headers: admin(A),
      });
      expect(closed.statusCode).to.equal(200);
      expect(closed.json().period).to.include({ period: '2025-06', status: 'closed', updatedBy: 'u-test' });
      const refused = await t.ledger.posting.submit(A, buildDraft(), { idempotencyKey: 'k' }).then(
        () => 'posted',
        (e: { code: string }) => e.code,
      );
      expect(refused).to.equal('POSTING_REJECTED');
      // Company B's June is untouched.
      await t.ledger.posting.submit(B, buildDraft(), { idempotencyKey: 'k' });

      const opened = await app.inject({
        method: 'POST',
        url: '/api/ledger/periods/2025-06/open',
        headers: admin(A),
      });
      expect(opened.json().period.status).to.equal('open');
      const bad = await app.inject({
        method: 'POST',
        url: '/api/ledger/periods/junio/close',
        headers: admin(A),
      });
      expect(bad.statusCode).to.equal(400);
      expect(bad.json().error.message).to.contain('AAAA-MM');
      const periods = await app.inject({ method: 'GET', url: '/api/ledger/periods', headers: reader(A) });
      expect(periods.json().periods.map((p: { period: string }) => p.period)).to.deep.equal(['2025-06']);
    });

    it('lists vouchers with their lines, filtered by source, dates and number, for the caller company only', async () => {
      const v1 = await t.ledger.posting.submit(A, buildDraft(), { idempotencyKey: 'a1' });
      await t.ledger.posting.submit(A, buildDraft({ date: '2025-07-01', source: 'manual' }), {
        idempotencyKey: 'a2',
      });
      await t.ledger.posting.submit(B, buildDraft(), { idempotencyKey: 'b1' });

      const all = await app.inject({ method: 'GET', url: '/api/ledger/vouchers', headers: reader(A) });
      expect(all.statusCode).to.equal(200);
      expect(all.json().vouchers).to.have.length(2);

      const filtered = await app.inject({
        method: 'GET',
        url: '/api/ledger/vouchers?source=rindegastos&from=2025-06-01&to=2025-06-30&number=1',
        headers: reader(A),
      });
      const [voucher] = filtered.json().vouchers;
      expect(filtered.json().vouchers).to.have.length(1);
      expect(voucher).to.include({ id: v1.id, number: 1, source: 'rindegastos' });
      expect(voucher.lines[1]).to.deep.include({
        accountCode: '1110601001',
        debit: 5620,
        credit: 0,
        auxiliary: { rut: '99.520.000-7', name: 'Copec S.A.' },
        document: { type: '33', number: '1234567' },
      });

      const bad = await app.inject({
        method: 'GET',
        url: '/api/ledger/vouchers?from=20250601&page=0&pageSize=500',
        headers: reader(A),
      });
      expect(bad.statusCode).to.equal(400);
      expect(bad.json().error.message)
        .to.contain('query.from')
        .and.contain('query.page')
        .and.contain('query.pageSize');
    });

    it('pages the voucher list newest first and counts every match', async () => {
      for (const [i, date] of ['2025-06-10', '2025-06-20', '2025-06-30'].entries())
        await t.ledger.posting.submit(A, buildDraft({ date }), { idempotencyKey: `p${i}` });
      const page = async (n: number) =>
        (
          await app.inject({
            method: 'GET',
            url: `/api/ledger/vouchers?source=rindegastos&page=${n}&pageSize=2`,
            headers: reader(A),
          })
        ).json();
      const first = await page(1);
      expect(first).to.include({ total: 3, page: 1, pageSize: 2 });
      expect(first.vouchers.map((v: { date: string }) => v.date)).to.deep.equal(['2025-06-30', '2025-06-20']);
      const second = await page(2);
      expect(second.vouchers.map((v: { date: string }) => v.date)).to.deep.equal(['2025-06-10']);
    });

    it('reverses a voucher in the ERP, emitting `reversed`, and answers a repeat with the same reversal', async () => {
      const v = await t.ledger.posting.submit(A, buildDraft(), { idempotencyKey: 'a1' });
      const res = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${v.id}/reverse`,
        headers: admin(A),
        payload: { reason: 'Rendición duplicada' },
      });
      expect(res.statusCode).to.equal(201);
      const reversal = res.json().voucher;
      expect(reversal).to.include({ reversesVoucherId: v.id, number: 2 });
      expect(reversal.glosa).to.match(/^Reversa de comprobante N° 1 .*: Rendición duplicada$/);
      expect(events).to.deep.equal([
        {
          kind: 'reversed',
          companyId: A,
          voucherId: v.id,
          source: 'rindegastos',
          reversalVoucherId: reversal.id,
        },
      ]);

      const again = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${v.id}/reverse`,
        headers: admin(A),
        payload: { reason: 'Rendición duplicada' },
      });
      expect(again.json().voucher.id).to.equal(reversal.id);
      const otherKey = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${v.id}/reverse`,
        headers: admin(A),
        payload: { reason: 'otra vez', idempotencyKey: 'manual-2' },
      });
      expect(otherKey.statusCode).to.equal(409);
      expect(otherKey.json().error.message).to.contain('ya fue reversado');

      const noReason = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${v.id}/reverse`,
        headers: admin(A),
        payload: { reason: '  ' },
      });
      expect(noReason.statusCode).to.equal(400);
      expect(noReason.json().error.message).to.contain('indique el motivo de la reversa');
    });

    it('answers 422 with every rejection when a reversal lands in a closed period', async () => {
      const v = await t.ledger.posting.submit(A, buildDraft(), { idempotencyKey: 'a1' });
      await t.ledger.closePeriod(A, '2025-07');
      const res = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${v.id}/reverse`,
        headers: admin(A),
        payload: { reason: 'x' },
      });
      expect(res.statusCode).to.equal(422);
      const body = res.json() as ErrorJson;
      expect(body.error.code).to.equal('POSTING_REJECTED');
      expect((body.error.details as { rejections: { code: string }[] }).rejections[0].code).to.equal(
        'closed_period',
      );
    });

    it('deletes a voucher in the ERP and emits `deleted`', async () => {
      const v = await t.ledger.posting.submit(A, buildDraft(), { idempotencyKey: 'a1' });
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/ledger/vouchers/${v.id}`,
        headers: admin(A),
      });
      expect(res.statusCode).to.equal(200);
      expect(res.json().voucher).to.include({ id: v.id, status: 'deleted' });
      expect(events).to.deep.equal([
        { kind: 'deleted', companyId: A, voucherId: v.id, source: 'rindegastos' },
      ]);
    });

    it("never reads or changes another company's vouchers or accounts", async () => {
      const theirs = await t.ledger.posting.submit(B, buildDraft(), { idempotencyKey: 'b1' });
      const get = await app.inject({
        method: 'GET',
        url: `/api/ledger/vouchers/${theirs.id}`,
        headers: admin(A),
      });
      expect(get.statusCode).to.equal(404);
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/ledger/vouchers/${theirs.id}`,
        headers: admin(A),
      });
      expect(del.statusCode).to.equal(404);
      expect(del.json().error.code).to.equal('NOT_FOUND');
      const rev = await app.inject({
        method: 'POST',
        url: `/api/ledger/vouchers/${theirs.id}/reverse`,
        headers: admin(A),
        payload: { reason: 'x' },
      });
      expect(rev.statusCode).to.equal(404);
      const list = await app.inject({ method: 'GET', url: '/api/ledger/vouchers', headers: admin(A) });
      expect(list.json().vouchers).to.deep.equal([]);
      await t.ledger.createAccount(B, { code: '4110299001', name: 'Fletes', postable: true });
      const patch = await app.inject({
        method: 'PATCH',
        url: '/api/ledger/accounts/4110299001',
        headers: admin(A),
        payload: { active: false },
      });
      expect(patch.statusCode).to.equal(404);
      expect((await t.ledger.listAccounts(B)).find((a) => a.code === '4110299001')?.active).to.equal(true);

      expect((await t.ledger.getVoucher(B, theirs.id))?.status).to.equal('posted');
      expect(events).to.deep.equal([]);
      const own = await app.inject({
        method: 'GET',
        url: `/api/ledger/vouchers/${theirs.id}`,
        headers: reader(B),
      });
      expect(own.statusCode).to.equal(200);
    });
  },
  { migrators: [migrateLedger] },
);
