import { expect } from 'chai';
import { createContainer } from '../../../plugin/di/container';
import { ConflictError, ValidationError } from '../../../plugin/errors/errors';
import { PostingRepository, type NewPosting } from '../../../plugin/reports/PostingRepository';
import { forEachDatabase } from '../../support/databases';
import { rejectionOf } from '../../support/rejections';
import { testHost } from '../../support/testHost';

const HASH = 'a'.repeat(64);

function buildPosting(overrides: Partial<NewPosting> = {}): NewPosting {
  const reportId = overrides.reportId ?? 13421804;
  return {
    companyId: 'c1',
    reportId,
    part: 'report',
    idempotencyKey: `rindegastos:c1:${reportId}:${HASH}`,
    contentHash: HASH,
    voucherId: 'v-812',
    voucherNumber: 812,
    voucherType: 'TRASPASO',
    fiscalYear: 2025,
    postedAt: '2026-11-28T12:00:00.000Z',
    ...overrides,
  };
}

forEachDatabase('PostingRepository', (suite) => {
  let postings: PostingRepository;

  beforeEach(() => {
    postings = createContainer(testHost({ db: suite.db })).resolve(PostingRepository);
  });

  it('records a posting and finds it by key', async () => {
    const { posting, created } = await postings.record(buildPosting());
    expect(created).to.equal(true);
    expect(posting).to.deep.include({
      reportId: 13421804,
      part: 'report',
      voucherId: 'v-812',
      voucherNumber: 812,
      fiscalYear: 2025,
      status: 'posted',
      reversalVoucherId: null,
      reversedAt: null,
    });
    expect(await postings.findByKey('c1', posting.idempotencyKey)).to.deep.equal(posting);
    expect(await postings.findByKey('c2', posting.idempotencyKey)).to.equal(null);
  });

  it('returns the existing posting when the same key and voucher are recorded again (a retry)', async () => {
    const first = await postings.record(buildPosting());
    const again = await postings.record(buildPosting());
    expect(again).to.deep.equal({ posting: first.posting, created: false });
    const [{ n }] = await suite.db('rg_postings').count({ n: '*' });
    expect(Number(n)).to.equal(1);
  });

  it('refuses a second voucher under the same key with a ConflictError', async () => {
    await postings.record(buildPosting());
    const err = await rejectionOf(postings.record(buildPosting({ voucherId: 'v-813', voucherNumber: 813 })));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.message).to.match(/informe 13421804 ya tiene registrado otro comprobante/);
    expect((await postings.historyOf('c1', 13421804)).map((p) => p.voucherId)).to.deep.equal(['v-812']);
  });

  it('refuses the same key from another company rather than returning its posting', async () => {
    await postings.record(buildPosting());
    const err = await rejectionOf(postings.record(buildPosting({ companyId: 'c2' })));
    expect(err).to.be.instanceOf(ConflictError);
  });

  it('refuses an empty key', async () => {
    expect(await rejectionOf(postings.record(buildPosting({ idempotencyKey: '' })))).to.be.instanceOf(
      ValidationError,
    );
  });

  it('keeps the caller transaction usable after a duplicate key', async () => {
    await postings.record(buildPosting());
    await suite.db.transaction(async (trx) => {
      const again = await postings.record(buildPosting(), trx);
      expect(again.created).to.equal(false);
      await postings.record(buildPosting({ idempotencyKey: 'other-key', part: '75528397' }), trx);
    });
    expect((await postings.activeOf('c1', 13421804)).map((p) => p.part)).to.deep.equal([
      '75528397',
      'report',
    ]);
  });

  it('lists the active postings of a report and forgets them once reversed', async () => {
    const a = await postings.record(buildPosting({ part: '1', idempotencyKey: 'k1', voucherId: 'v1' }));
    await postings.record(buildPosting({ part: '2', idempotencyKey: 'k2', voucherId: 'v2' }));
    await postings.record(buildPosting({ reportId: 99, idempotencyKey: 'k3', voucherId: 'v3' }));

    expect((await postings.activeOf('c1', 13421804)).map((p) => p.part)).to.deep.equal(['1', '2']);
    expect(
      await postings.markReversed('c1', a.posting.id, {
        reversalVoucherId: 'r1',
        reversedAt: '2026-11-29T00:00:00.000Z',
      }),
    ).to.equal(true);
    expect((await postings.activeOf('c1', 13421804)).map((p) => p.part)).to.deep.equal(['2']);
    expect((await postings.findByKey('c1', 'k1'))!).to.deep.include({
      status: 'reversed',
      reversalVoucherId: 'r1',
      reversedAt: '2026-11-29T00:00:00.000Z',
    });
    expect((await postings.historyOf('c1', 13421804)).map((p) => p.status)).to.deep.equal([
      'reversed',
      'posted',
    ]);
  });

  it('reverses a posting once: a second reversal changes nothing', async () => {
    const { posting } = await postings.record(buildPosting());
    await postings.markReversed('c1', posting.id, {
      reversalVoucherId: 'r1',
      reversedAt: '2026-11-29T00:00:00.000Z',
    });
    expect(
      await postings.markReversed('c1', posting.id, {
        reversalVoucherId: 'r2',
        reversedAt: '2026-11-30T00:00:00.000Z',
      }),
    ).to.equal(false);
    expect((await postings.findByKey('c1', posting.idempotencyKey))!.reversalVoucherId).to.equal('r1');
    expect(
      await postings.markReversed('c2', posting.id, { reversalVoucherId: 'x', reversedAt: 'x' }),
    ).to.equal(false);
  });

  it('finds the posting of a voucher within the company', async () => {
    const { posting } = await postings.record(buildPosting());
    expect(await postings.findByVoucher('c1', 'v-812')).to.deep.equal(posting);
    expect(await postings.findByVoucher('c2', 'v-812')).to.equal(null);
  });
});
