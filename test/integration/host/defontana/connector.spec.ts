import { expect } from 'chai';
import { PostingRejected } from '../../../../host/ledger/errors';
import { importChart } from '../../../../host/ledger/defontana/importChart';
import { LedgerRepository } from '../../../../host/ledger/LedgerRepository';
import { forEachDatabase } from '../../../support/databases';
import {
  chartCsv,
  DEFONTANA_PASSWORD,
  startDefontanaBed,
  type DefontanaBed,
} from '../../../support/defontanaBed';
import { buildDraft } from '../../../support/hostLedger';
import { rejectionOf } from '../../../support/rejections';

/** The worked example's lines exactly as InsertVoucher must carry them (issue 15, contract item 4). */
const WORKED_EXAMPLE_DETAIL = [
  {
    accountCode: '4110201002',
    debit: 53_880,
    credit: 0,
    comment: 'Combustible Copec',
    bussinessCenterId: 'EMPNEGVTAVTA000',
  },
  {
    accountCode: '1110601001',
    debit: 5_620,
    credit: 0,
    comment: 'IVA factura 1234567',
    fileId: '99.520.000-7',
    documentType: '33',
    documentNumber: '1234567',
  },
  {
    accountCode: '4110205001',
    debit: 18_500,
    credit: 0,
    comment: 'Almuerzo cliente',
    bussinessCenterId: 'EMPNEGVTAVTA000',
  },
  {
    accountCode: '2110701001',
    debit: 0,
    credit: 78_000,
    comment: 'Rendición N° 8842',
    fileId: '12.345.678-5',
  },
];

forEachDatabase('connector mode: DefontanaLedger against the Defontana simulator', (suite) => {
  let bed: DefontanaBed;
  afterEach(async () => {
    await bed?.close();
  });

  it('posts the worked example through InsertVoucher with the exact header and detail lines', async () => {
    bed = await startDefontanaBed(suite.db);
    const voucher = await bed.ledger.posting.submit(bed.companyId, buildDraft(), {
      idempotencyKey: 'k-8842',
    });

    expect(bed.sim.vouchers).to.have.length(1);
    const sent = bed.sim.vouchers[0];
    expect(sent.detail).to.deep.equal(WORKED_EXAMPLE_DETAIL);
    expect(sent.header).to.include({
      voucherType: 'TRASPASO',
      number: 1,
      fiscalYear: 2025,
      date: '2025-06-20T00:00:00.000Z',
    });
    expect(sent.header.comment).to.match(/^Rendición N° 8842 Octavio Olivares \[RG-[0-9a-f]{10}\]$/);
    expect(voucher).to.include({ type: 'TRASPASO', number: 1, fiscalYear: 2025, status: 'posted' });
    const listed = await bed.ledger.listVouchers(bed.companyId, { source: 'rindegastos' });
    expect(listed.map((v) => v.number)).to.deep.equal([1]);
  });

  it('with a reset or a timeout after Defontana stored each voucher, 20 posts make exactly 20 vouchers', async () => {
    bed = await startDefontanaBed(suite.db);
    for (let i = 0; i < 20; i++) {
      bed.sim.faults.push(
        i % 2 === 0
          ? { op: 'InsertVoucher', kind: 'reset-after-store' }
          : { op: 'InsertVoucher', kind: 'timeout-after-store', holdMs: 800 },
      );
    }
    const numbers: number[] = [];
    for (let i = 0; i < 20; i++) {
      const draft = buildDraft({ glosa: `Rendición N° ${9000 + i} Octavio Olivares` });
      numbers.push(
        (await bed.ledger.posting.submit(bed.companyId, draft, { idempotencyKey: `k-${i}` })).number,
      );
    }
    expect(bed.sim.faults).to.deep.equal([]);
    expect(bed.sim.vouchers).to.have.length(20);
    expect(numbers).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await bed.ledger.countVouchers(bed.companyId)).to.equal(20);
    // The same key once more answers with the same voucher, without another InsertVoucher.
    const again = await bed.ledger.posting.submit(
      bed.companyId,
      buildDraft({ glosa: 'Rendición N° 9000 Octavio Olivares' }),
      { idempotencyKey: 'k-0' },
    );
    expect(again.number).to.equal(1);
    expect(bed.sim.vouchers).to.have.length(20);
  });

  it('sends one InsertVoucher when two submits with the same key race; the other waits its turn or gets the same voucher', async () => {
    bed = await startDefontanaBed(suite.db);
    const outcomes = await Promise.allSettled([
      bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'race' }),
      bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'race' }),
    ]);
    expect(bed.sim.vouchers).to.have.length(1);
    const posted = outcomes.filter((o) => o.status === 'fulfilled');
    expect(posted.length).to.be.at.least(1);
    for (const o of outcomes) {
      if (o.status === 'rejected')
        expect((o.reason as Error).message).to.contain('se está enviando a Defontana');
    }
    const again = await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'race' });
    expect(again.number).to.equal(1);
  });

  it('re-authenticates once after the token expired and the next post succeeds', async () => {
    bed = await startDefontanaBed(suite.db);
    await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k-1' });
    const before = bed.sim.authCount();
    bed.sim.expireTokens();
    const second = await bed.ledger.posting.submit(bed.companyId, buildDraft({ glosa: 'Otra rendición' }), {
      idempotencyKey: 'k-2',
    });
    expect(second.number).to.equal(2);
    expect(bed.sim.authCount()).to.equal(before + 1);
  });

  it('retries a 5xx on a read and reports success:false in an HTTP 200 as a Spanish rejection, storing nothing', async () => {
    bed = await startDefontanaBed(suite.db);
    bed.sim.faults.push({ op: 'InsertVoucher', kind: 'refuse', message: 'El período contable está cerrado' });
    const err = await rejectionOf(
      bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k' }),
    );
    expect(err).to.be.instanceOf(PostingRejected);
    expect(err.message)
      .to.contain('Defontana rechazó el comprobante')
      .and.contain('El período contable está cerrado');
    expect(await bed.ledger.countVouchers(bed.companyId)).to.equal(0);
    // Nothing was stored: the same key posts once Defontana accepts it.
    bed.sim.faults.push({ op: 'GetBusinessCenterPlan', kind: 'http', status: 503 });
    expect(await bed.ledger.refreshBusinessCenters(bed.companyId)).to.have.length.above(10);
    const voucher = await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k' });
    expect(voucher.number).to.equal(1);
  });

  it('still runs the host validation against the imported chart before calling Defontana', async () => {
    bed = await startDefontanaBed(suite.db);
    const draft = buildDraft();
    delete draft.lines[0].businessCenterCode;
    const err = await rejectionOf(bed.ledger.posting.submit(bed.companyId, draft, { idempotencyKey: 'k' }));
    expect(err).to.be.instanceOf(PostingRejected);
    expect((err.rejections as { code: string }[]).map((r) => r.code)).to.deep.equal([
      'missing_business_center',
    ]);
    expect(bed.sim.vouchers).to.have.length(0);
  });

  it('imports the chart: flags become requirements, unknown codes are skipped, the demo chart is gone, re-runs update', async () => {
    bed = await startDefontanaBed(suite.db);
    const repo = new LedgerRepository(suite.db);
    const accounts = await repo.listAccounts(bed.companyId);
    expect(accounts.every((a) => a.postable)).to.equal(true);
    expect(accounts.find((a) => a.code === '1110601001')?.requires).to.deep.equal({
      businessCenter: false,
      auxiliary: true,
      document: true,
    });
    const result = await importChart(
      repo,
      bed.client,
      bed.companyId,
      chartCsv(['9999999999;Cuenta que Defontana no tiene']).replace(
        '4110201002;Combustibles',
        '4110201002;Combustibles y lubricantes',
      ),
      new Date().toISOString(),
    );
    expect(result.unknown).to.deep.equal(['9999999999']);
    expect(result.created).to.deep.equal([]);
    expect((await repo.getAccount(bed.companyId, '4110201002'))?.name).to.equal('Combustibles y lubricantes');
    expect(await repo.getAccount(bed.companyId, '9999999999')).to.equal(null);
  });

  it('flattens the business-center tree: only imputable, active leaves are postable', async () => {
    bed = await startDefontanaBed(suite.db);
    const centers = await bed.ledger.listBusinessCenters(bed.companyId);
    const byCode = new Map(centers.map((c) => [c.code, c]));
    expect(byCode.get('EMPNEGVTAVTA000')).to.include({
      postable: true,
      active: true,
      parentCode: 'EMPNEGVTA000000',
    });
    expect(byCode.get('EMPNEGVTA000000')).to.include({ postable: false });
    expect(byCode.get('EMPNEGVTAEXP000')).to.include({ postable: false, active: false });
  });

  it('answers "eliminar comprobante" with a counter-voucher in Defontana (debits and credits swapped)', async () => {
    bed = await startDefontanaBed(suite.db);
    const voucher = await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k' });
    await bed.ledger.deleteVoucher(bed.companyId, voucher.id);
    expect(bed.sim.vouchers).to.have.length(2);
    const counter = bed.sim.vouchers[1].detail;
    expect(counter.map((l) => [l.accountCode, l.debit, l.credit])).to.deep.equal(
      WORKED_EXAMPLE_DETAIL.map((l) => [l.accountCode, l.credit, l.debit]),
    );
    expect((await bed.ledger.getVoucher(bed.companyId, voucher.id))?.status).to.equal('reversed');
  });

  it('reports a voucher Defontana left pending approval', async () => {
    bed = await startDefontanaBed(suite.db, { approvalRequired: true });
    const voucher = await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k' });
    expect(voucher.status).to.equal('pending-approval');
  });

  it('never writes the Defontana password to a log or the database', async () => {
    bed = await startDefontanaBed(suite.db);
    bed.sim.faults.push({ op: 'InsertVoucher', kind: 'reset-after-store' });
    bed.sim.expireTokens();
    await bed.ledger.posting.submit(bed.companyId, buildDraft(), { idempotencyKey: 'k' });
    expect(JSON.stringify(bed.logger.lines)).to.not.contain(DEFONTANA_PASSWORD);
    for (const table of [
      'host_vouchers',
      'host_voucher_lines',
      'host_defontana_postings',
      'host_ledger_accounts',
    ]) {
      expect(JSON.stringify(await suite.db(table).select())).to.not.contain(DEFONTANA_PASSWORD);
    }
  });
});
