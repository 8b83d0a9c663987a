import util from 'node:util';
import { expect } from 'chai';
import type { Expense } from '../../../plugin/rindegastos/api';
import { FAULT_KINDS } from '../../../sandbox/index';
import { MemoryLogger } from '../../support/testHost';
import { apiFailure } from '../../support/rejections';
import { collect, sandboxClient, useSandbox } from '../../support/sandbox';

describe('Rindegastos client under injected faults (sandbox)', () => {
  // 1,000 reports × 5 = 5,000 generated expenses (+ the worked example's 3).
  const sandbox = useSandbox({ seed: 5, reports: 1_000, expensesPerReport: 5 });
  let clean: Expense[];

  before(async () => {
    clean = await collect(sandboxClient(sandbox()).getExpenses({}));
  });
  beforeEach(() => sandbox().reset());

  it('reads 5,000 expenses with 30% faults of every kind and gets exactly the clean data', async () => {
    expect(clean).to.have.length(5_003);
    sandbox().setFaults({
      rate: 0.3,
      seed: 42,
      kinds: [...FAULT_KINDS],
      latencyMs: 20,
      hangMs: 3_000,
      retryAfterSeconds: 1,
    });
    const delays: number[] = [];
    const client = sandboxClient(sandbox(), 'demo', {
      timeoutMs: 250,
      maxAttempts: 12,
      concurrency: 4,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const faulty = await collect(client.getExpenses({}));
    expect(faulty).to.deep.equal(clean);
    const injected = sandbox().stats().faults;
    // Every kind really struck during the read, or the test would prove less than it claims.
    for (const kind of FAULT_KINDS) expect(injected[kind], kind).to.be.greaterThan(0);
    expect(delays).to.include(1_000);
  });

  it('marks 60 expenses through 30% faults: every mark lands exactly once (idempotent writes retried)', async () => {
    sandbox().setFaults({
      rate: 0.3,
      seed: 99,
      kinds: [...FAULT_KINDS],
      latencyMs: 5,
      hangMs: 3_000,
      retryAfterSeconds: 0,
    });
    const client = sandboxClient(sandbox(), 'demo', { timeoutMs: 250, maxAttempts: 12 });
    const ids = clean.slice(0, 60).map((e) => e.Id);
    for (const id of ids) {
      await client.setExpenseIntegration({
        Id: id,
        IntegrationStatus: 1,
        IntegrationCode: `V-${id}`,
        IntegrationDate: '2026-11-28 09:00:00',
      });
    }
    const marks = sandbox().listMarks('demo').expenses;
    expect(marks.map((m) => m.Id)).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(marks.every((m) => m.IntegrationCode === `V-${m.Id}`)).to.equal(true);
    expect(sandbox().stats().faults.reset + sandbox().stats().faults.timeout).to.be.greaterThan(0);
  });

  it('does not retry a custom status whose response was lost: the history gets one line, not two', async () => {
    sandbox().setFaults({ rate: 1, kinds: ['reset'], methods: ['setExpenseReportCustomStatus'] });
    const client = sandboxClient(sandbox(), 'demo', { maxAttempts: 5 });
    const err = await apiFailure(
      client.setExpenseReportCustomStatus({ Id: 13421804, IdAdmin: 64, CustomStatus: 'Contabilizado' }),
    );
    expect(err.kind).to.equal('network');
    expect(sandbox().customStatuses('demo')).to.have.length(1);
  });

  it('honours the sandbox’s Retry-After before asking again', async () => {
    sandbox().setFaults({ rate: 1, kinds: ['rate_limit'], retryAfterSeconds: 4 });
    const delays: number[] = [];
    const client = sandboxClient(sandbox(), 'demo', {
      sleep: async (ms) => {
        delays.push(ms);
        sandbox().setFaults(null);
      },
    });
    expect((await client.getExpenseReport(13421804)).Id).to.equal(13421804);
    expect(delays).to.deep.equal([4_000]);
  });

  it('detects an error inside an HTTP 200 on reads and on writes, and the write does not happen', async () => {
    sandbox().setFaults({ rate: 1, kinds: ['error_body'] });
    const client = sandboxClient(sandbox(), 'demo', { maxAttempts: 2 });
    const read = await apiFailure(client.getExpenseReport(13421804));
    expect([read.kind, read.httpStatus]).to.deep.equal(['server', 200]);
    expect(read.details).to.deep.include({ inBody: true });
    const write = await apiFailure(
      client.setExpenseReportIntegration({
        Id: 13421804,
        IntegrationStatus: 1,
        IntegrationCode: 'X-1',
        IntegrationDate: '2026-11-28 09:00:00',
      }),
    );
    expect(write.details).to.deep.include({ inBody: true });
    expect(sandbox().listMarks('demo').reports).to.deep.equal([]);
  });

  it('stops at once on 401 even while faults are on', async () => {
    sandbox().setFaults({ rate: 0.5, seed: 3 });
    sandbox().issueToken('demo');
    sandbox().resetStats();
    const stale = sandboxClient(sandbox(), 'demo');
    sandbox().issueToken('demo');
    const err = await apiFailure(
      collect(stale.getExpenseReports({ since: '2025-01-01', until: '2025-12-31' })),
    );
    expect(err.kind).to.equal('token_rejected');
    expect(sandbox().stats()).to.include({ requests: 1, unauthorized: 1 });
  });

  it('never shows the token in errors from resets, timeouts or truncated bodies, nor in retry logs', async () => {
    const token = sandbox().tokenFor('demo');
    for (const kind of ['reset', 'timeout', 'malformed', 'server_error', 'rate_limit'] as const) {
      sandbox().setFaults({ rate: 1, kinds: [kind], hangMs: 1_000, retryAfterSeconds: 0 });
      const logger = new MemoryLogger();
      const client = sandboxClient(sandbox(), 'demo', { maxAttempts: 2, timeoutMs: 150, logger });
      const err = await apiFailure(client.getExpense(75528397));
      for (const text of [
        err.message,
        JSON.stringify(err),
        util.inspect(err, { depth: 10, showHidden: true }),
        logger.text(),
      ]) {
        expect(text, kind).to.not.include(token);
        expect(text, kind).to.not.include(token.split('.')[2]);
      }
    }
  });
});
