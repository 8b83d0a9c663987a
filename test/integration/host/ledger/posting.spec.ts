import { expect } from 'chai';
import type { PostingContext, PostingRejection, PostedVoucher } from '../../../../plugin/host/Ledger';
import { PostingRejected } from '../../../../host/ledger/errors';
import { seedChileanLedger } from '../../../../host/ledger/seed';
import { forEachDatabase } from '../../../support/databases';
import {
  buildDraft,
  buildLine,
  buildSimpleDraft,
  migrateLedger,
  newLedger,
  type LedgerUnderTest,
} from '../../../support/hostLedger';
import { rejectionOf } from '../../../support/rejections';

const C = 'comercial-andes';

forEachDatabase(
  'built-in ledger: posting pipeline validation and hooks',
  (suite) => {
    let t: LedgerUnderTest;
    beforeEach(async () => {
      await seedChileanLedger(suite.db, C);
      t = newLedger(suite.db);
    });

    async function rejectionsOf(promise: Promise<unknown>): Promise<PostingRejection[]> {
      const err = await rejectionOf(promise);
      expect(err).to.be.instanceOf(PostingRejected);
      expect(err.code).to.equal('POSTING_REJECTED');
      return err.rejections as PostingRejection[];
    }

    it('posts the balanced worked example with its lines, analyses and origins, numbered 1', async () => {
      const draft = buildDraft();
      const voucher = await t.ledger.posting.submit(C, draft, { idempotencyKey: 'k-8842' });
      expect(voucher).to.include({
        type: 'TRASPASO',
        number: 1,
        fiscalYear: 2025,
        date: '2025-06-20',
        status: 'posted',
      });
      expect(voucher.source).to.equal('rindegastos');
      expect(voucher.lines).to.deep.equal(draft.lines);

      const stored = await t.ledger.posting.getVoucher(C, voucher.id);
      expect(stored?.lines).to.deep.equal(draft.lines);
      expect(stored).to.include({ glosa: 'Rendición N° 8842 Octavio Olivares', number: 1 });
    });

    it('refuses a voucher that does not balance to the peso and states both totals', async () => {
      const draft = buildDraft();
      draft.lines[3].credit = 77_999;
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections).to.have.length(1);
      expect(rejections[0].code).to.equal('unbalanced');
      expect(rejections[0].message).to.contain('78.000').and.contain('77.999').and.contain('diferencia $1');
      expect(await t.ledger.listVouchers(C)).to.deep.equal([]);
    });

    it('refuses lines with both, neither, fractional or negative amounts, naming each line', async () => {
      const draft = buildSimpleDraft(1_000, {
        lines: [
          buildLine({ accountCode: '1110102001', debit: 500, credit: 500 }),
          buildLine({ accountCode: '1110101001', debit: 0, credit: 0 }),
          buildLine({ accountCode: '1110101001', debit: 10.5, credit: 0 }),
          buildLine({ accountCode: '1110101001', debit: 0, credit: -3 }),
        ],
      });
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => [r.code, r.lineIndex])).to.deep.equal([
        ['invalid_draft', 0],
        ['invalid_draft', 1],
        ['invalid_draft', 2],
        ['invalid_draft', 3],
      ]);
      expect(rejections[2].message)
        .to.match(/^Línea 3 \(cuenta 1110101001\)/)
        .and.contain('enteros no negativos');
    });

    it('refuses a voucher with fewer than two lines', async () => {
      const draft = buildSimpleDraft(1_000, {
        lines: [buildLine({ accountCode: '1110101001', debit: 0, credit: 0 })],
      });
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => r.message)).to.include(
        'El comprobante debe tener al menos 2 líneas (tiene 1).',
      );
    });

    it('refuses unknown, inactive and non-postable accounts with the line and account of each', async () => {
      await t.ledger.updateAccount(C, '1110101002', { active: false });
      const draft = buildSimpleDraft(3_000, {
        lines: [
          buildLine({ accountCode: '9999999999', debit: 1_000 }),
          buildLine({
            accountCode: '1110101002',
            debit: 1_000,
            auxiliary: { rut: '12.345.678-5', name: 'Caja' },
          }),
          buildLine({ accountCode: '11101', debit: 1_000 }),
          buildLine({ accountCode: '1110101001', credit: 3_000 }),
        ],
      });
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => [r.code, r.lineIndex, r.accountCode])).to.deep.equal([
        ['unknown_account', 0, '9999999999'],
        ['inactive_account', 1, '1110101002'],
        ['non_postable_account', 2, '11101'],
      ]);
      expect(rejections[0].message).to.equal(
        'Línea 1 (cuenta 9999999999): la cuenta 9999999999 no existe en el plan de cuentas.',
      );
      expect(rejections[2].message).to.contain('no es imputable');
    });

    it('refuses lines missing the business center, auxiliary or document their account requires', async () => {
      const draft = buildDraft();
      delete draft.lines[0].businessCenterCode;
      delete draft.lines[1].document;
      draft.lines[3].auxiliary = { rut: '12.345.678-5', name: '' };
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => [r.code, r.lineIndex, r.accountCode])).to.deep.equal([
        ['missing_business_center', 0, '4110201002'],
        ['missing_document', 1, '1110601001'],
        ['missing_auxiliary', 3, '2110701001'],
      ]);
      expect(rejections[0].message).to.equal(
        'Línea 1 (cuenta 4110201002): la cuenta 4110201002 Combustibles exige centro de negocios.',
      );
    });

    it('refuses unknown, inactive and non-postable business centers', async () => {
      const draft = buildDraft();
      draft.lines[0].businessCenterCode = 'EMPNEGXXXXXX000';
      draft.lines[2].businessCenterCode = 'EMPNEGVTAEXP000';
      draft.lines[3].businessCenterCode = 'EMPNEGVTA000000';
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => [r.code, r.lineIndex])).to.deep.equal([
        ['unknown_business_center', 0],
        ['non_postable_business_center', 2],
        ['non_postable_business_center', 3],
      ]);
      expect(rejections[1].message).to.contain('está inactivo');
      expect(rejections[2].message).to.contain('no es imputable');
    });

    it('refuses an invalid auxiliary RUT', async () => {
      const draft = buildDraft();
      draft.lines[3].auxiliary = { rut: '12.345.678-4', name: 'Octavio Olivares' };
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections).to.deep.equal([
        {
          code: 'invalid_draft',
          lineIndex: 3,
          accountCode: '2110701001',
          message: 'Línea 4 (cuenta 2110701001): el RUT del auxiliar 12.345.678-4 no es válido.',
        },
      ]);
    });

    it('refuses a voucher dated in a closed period and accepts it again once the period is reopened', async () => {
      await t.ledger.closePeriod(C, '2025-06', 'u-admin');
      const rejections = await rejectionsOf(
        t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'k' }),
      );
      expect(rejections).to.have.length(1);
      expect(rejections[0].code).to.equal('closed_period');
      expect(rejections[0].message).to.contain('2025-06 está cerrado');

      // Another month, never closed, has no row and counts as open.
      await t.ledger.posting.submit(C, buildDraft({ date: '2025-07-01' }), { idempotencyKey: 'k-july' });
      await t.ledger.openPeriod(C, '2025-06');
      const voucher = await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'k' });
      expect(voucher.status).to.equal('posted');
    });

    it('refuses a glosa longer than the ledger limit of 100 characters', async () => {
      expect(t.ledger.limits.glosaMaxLength).to.equal(100);
      const draft = buildDraft({ glosa: 'x'.repeat(101) });
      draft.lines[0].glosa = 'y'.repeat(101);
      const rejections = await rejectionsOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect(rejections.map((r) => [r.code, r.lineIndex])).to.deep.equal([
        ['invalid_draft', undefined],
        ['invalid_draft', 0],
      ]);
    });

    it('reports every rejection at once, with the line index of each', async () => {
      await t.ledger.closePeriod(C, '2025-06');
      const draft = buildDraft();
      draft.lines[0].accountCode = '4119999999';
      delete draft.lines[2].businessCenterCode;
      delete draft.lines[3].auxiliary;
      draft.lines[3].credit = 70_000;
      const err = await rejectionOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      const rejections = err.rejections as PostingRejection[];
      expect(rejections.map((r) => [r.code, r.lineIndex])).to.deep.equal([
        ['closed_period', undefined],
        ['unknown_account', 0],
        ['missing_business_center', 2],
        ['missing_auxiliary', 3],
        ['unbalanced', undefined],
      ]);
      expect(err.message).to.match(/^Comprobante rechazado \(5 problemas\)/);
    });

    it('runs hooks in stage order: prepare, validate, persist, afterPost', async () => {
      const calls: string[] = [];
      let numberSeenAfterPost: number | undefined;
      t.ledger.registerHook({
        name: 'a',
        prepare: async () => void calls.push('a.prepare'),
        validate: async () => (calls.push('a.validate'), []),
        afterPost: async (_ctx, voucher: PostedVoucher) => {
          calls.push('a.afterPost');
          numberSeenAfterPost = voucher.number;
        },
      });
      t.ledger.posting.registerHook({
        name: 'b',
        prepare: async () => void calls.push('b.prepare'),
        validate: async () => (calls.push('b.validate'), []),
        afterPost: async () => void calls.push('b.afterPost'),
      });
      await t.ledger.posting.submit(C, buildDraft(), { idempotencyKey: 'k' });
      expect(calls).to.deep.equal([
        'a.prepare',
        'b.prepare',
        'a.validate',
        'b.validate',
        'a.afterPost',
        'b.afterPost',
      ]);
      expect(numberSeenAfterPost).to.equal(1);
    });

    it('lets a validate hook reject, reporting its reasons with the built-in ones and posting nothing', async () => {
      let afterPostRan = false;
      t.ledger.registerHook({
        name: 'rindegastos',
        validate: async (ctx: PostingContext) =>
          ctx.draft.source === 'rindegastos'
            ? [
                {
                  code: 'hook_rejected',
                  lineIndex: 2,
                  message: 'Línea 3: la categoría Alimentación no está mapeada.',
                },
              ]
            : [],
        afterPost: async () => {
          afterPostRan = true;
        },
      });
      const draft = buildDraft();
      draft.lines[0].accountCode = '11101';
      const err = await rejectionOf(t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' }));
      expect((err.rejections as PostingRejection[]).map((r) => r.code)).to.deep.equal([
        'non_postable_account',
        'hook_rejected',
      ]);
      expect(afterPostRan).to.equal(false);
      expect(await t.ledger.listVouchers(C)).to.deep.equal([]);

      // Other sources pass the same hook.
      await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'manual' });
    });

    it('lets a prepare hook enrich the lines before validation, without touching the caller draft', async () => {
      t.ledger.registerHook({
        name: 'centers',
        prepare: async (ctx) => {
          for (const line of ctx.draft.lines) {
            if (line.accountCode.startsWith('41') && !line.businessCenterCode)
              line.businessCenterCode = 'EMPGESGESADM000';
          }
        },
      });
      const draft = buildDraft();
      delete draft.lines[0].businessCenterCode;
      delete draft.lines[2].businessCenterCode;
      const voucher = await t.ledger.posting.submit(C, draft, { idempotencyKey: 'k' });
      expect(voucher.lines.map((l) => l.businessCenterCode)).to.deep.equal([
        'EMPGESGESADM000',
        undefined,
        'EMPGESGESADM000',
        undefined,
      ]);
      expect(draft.lines[0].businessCenterCode).to.equal(undefined);
    });

    it('stops running a hook once it is unregistered', async () => {
      let runs = 0;
      const off = t.ledger.registerHook({ name: 'count', prepare: async () => void runs++ });
      await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'k1' });
      off();
      await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'k2' });
      expect(runs).to.equal(1);
    });

    it('keeps the voucher and logs when an afterPost hook fails', async () => {
      t.ledger.registerHook({
        name: 'notifier',
        afterPost: async () => {
          throw new Error('mail server down');
        },
      });
      const voucher = await t.ledger.posting.submit(C, buildSimpleDraft(), { idempotencyKey: 'k' });
      expect(await t.ledger.getVoucher(C, voucher.id)).to.not.equal(null);
      expect(t.logger.text()).to.contain('afterPost hook failed').and.contain('mail server down');
    });

    it('validates against the posting company only', async () => {
      const rejections = await rejectionsOf(
        t.ledger.posting.submit('other-company', buildDraft(), { idempotencyKey: 'k' }),
      );
      expect(rejections.map((r) => [r.code, r.lineIndex])).to.deep.equal([
        ['unknown_account', 0],
        ['unknown_business_center', 0],
        ['unknown_account', 1],
        ['unknown_account', 2],
        ['unknown_business_center', 2],
        ['unknown_account', 3],
      ]);
    });
  },
  { migrators: [migrateLedger] },
);
