import util from 'node:util';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { RindegastosApiError } from '../../../plugin/errors/errors';
import type { InvalidItem } from '../../../plugin/rindegastos/api';
import {
  AxiosRindegastosClientFactory,
  type RindegastosClientOptions,
} from '../../../plugin/rindegastos/AxiosRindegastosClientFactory';
import { MemoryLogger } from '../../support/testHost';
import { collect, useNock, type Nock } from '../../support/sandbox';

const ORIGIN = 'https://api.rindegastos.com';
const TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiNjEiLCJjb21wYW55X2lkIjoiMTA5In0.U0VDUkVULXNpZ25hdHVyZS12YWx1ZQ';

function report(overrides: Record<string, unknown> = {}) {
  return {
    Id: 13421804,
    Title: 'Rendición junio - faena norte',
    ReportNumber: '8842',
    SendDate: '2025-06-13',
    CloseDate: '2025-06-20',
    EmployeeId: 61,
    EmployeeName: 'Octavio Olivares',
    EmployeeIdentification: '12.345.678-5',
    PolicyId: 4044,
    Status: 1,
    ReportTotal: 90000,
    ReportTotalApproved: 78000,
    Currency: 'CLP',
    Integrated: '',
    ...overrides,
  };
}

function reportPage(items: unknown[], page = 1, pages = 1, total = items.length) {
  return {
    Records: { TotalRecords: total, Reports: items.length, Page: page, Pages: pages },
    ExpenseReports: items,
  };
}

describe('Rindegastos client over HTTP (nock)', () => {
  let sleeps: number[];
  let logger: MemoryLogger;

  function client(options: Partial<RindegastosClientOptions> = {}) {
    return new AxiosRindegastosClientFactory({
      baseUrl: `${ORIGIN}/v1`,
      timeoutMs: 1_000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      logger,
      ...options,
    }).forToken(TOKEN);
  }

  const nocked = useNock();
  const nock = (...args: Parameters<Nock>) => nocked()(...args);
  beforeEach(() => {
    sleeps = [];
    logger = new MemoryLogger();
  });

  it('sends the bearer token, JSON and a User-Agent, and returns the typed report', async () => {
    const scope = nock(ORIGIN, {
      reqheaders: {
        authorization: `Bearer ${TOKEN}`,
        accept: /application\/json/,
        'user-agent': /^rindegastos-erp-plugin\//,
      },
    })
      .get('/v1/getExpenseReport')
      .query({ Id: '13421804' })
      .reply(200, report({ SomethingNew: { nested: true } }));
    const r = await client().getExpenseReport(13421804);
    expect(r.ReportNumber).to.equal('8842');
    expect(r.ReportTotalApproved).to.equal(78000);
    // Lenient on unknown keys, defaults for missing free text.
    expect((r as unknown as Record<string, unknown>).SomethingNew).to.deep.equal({ nested: true });
    expect(r.Note).to.equal('');
    scope.done();
  });

  it('pages with ResultsPerPage=100, in order, and splits report queries into one-year windows', async () => {
    const window = (since: string, until: string, page: number) => ({
      Since: since,
      Until: until,
      Status: '1',
      OrderBy: '3',
      Order: 'ASC',
      ResultsPerPage: '100',
      Page: String(page),
    });
    const scope = nock(ORIGIN)
      .get('/v1/getExpenseReports')
      .query(window('2024-01-01', '2024-12-31', 1))
      .reply(200, reportPage([report({ Id: 1 })], 1, 2, 2))
      .get('/v1/getExpenseReports')
      .query(window('2024-01-01', '2024-12-31', 2))
      .reply(200, reportPage([report({ Id: 2 })], 2, 2, 2))
      .get('/v1/getExpenseReports')
      .query(window('2025-01-01', '2025-06-30', 1))
      .reply(200, reportPage([report({ Id: 3 })], 1, 1, 1));
    const items = await collect(
      client().getExpenseReports({ since: '2024-01-01', until: '2025-06-30', status: 1 }),
    );
    expect(items.map((r) => r.Id)).to.deep.equal([1, 2, 3]);
    scope.done();
  });

  it('retries a 503 and a truncated body, then returns the data', async () => {
    nock(ORIGIN)
      .get('/v1/getExpenseReport')
      .query(true)
      .reply(503, 'Service Unavailable')
      .get('/v1/getExpenseReport')
      .query(true)
      .reply(200, '{"Id":13421804,"Tit')
      .get('/v1/getExpenseReport')
      .query(true)
      .reply(200, report());
    const r = await client().getExpenseReport(13421804);
    expect(r.Id).to.equal(13421804);
    expect(sleeps).to.deep.equal([250, 500]);
    expect(logger.lines.filter((l) => l.msg === 'Rindegastos: reintentando la llamada')).to.have.length(2);
  });

  it('stops at once on 401 and says the token was rejected', async () => {
    const scope = nock(ORIGIN)
      .get('/v1/getExpenseReports')
      .query(true)
      .reply(401, { Error: 'Token inválido' });
    const err = await collect(client().getExpenseReports({ since: '2026-01-01', until: '2026-06-30' })).then(
      () => expect.fail('should reject'),
      (e: unknown) => e as RindegastosApiError,
    );
    expect(err).to.be.instanceOf(RindegastosApiError);
    expect([err.kind, err.code, err.retryable]).to.deep.equal(['token_rejected', 'TOKEN_REJECTED', false]);
    expect(sleeps).to.deep.equal([]);
    scope.done();
  });

  it('honours Retry-After: the second attempt waits exactly the asked seconds (fake timers)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = nock(ORIGIN).get('/v1/getUser').query({ Id: '61' }).reply(
      429,
      { Error: 'Demasiadas solicitudes' },
      {
        'Retry-After': '7',
      },
    );
    const second = nock(ORIGIN)
      .get('/v1/getUser')
      .query({ Id: '61' })
      .reply(200, { Id: 61, FirstName: 'Octavio' });
    // The real sleep (setTimeout), governed by the fake clock.
    const pending = client({ sleep: undefined }).getUser(61);
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };
    while (!first.isDone() || clock.countTimers() === 0) await settle();
    await clock.tickAsync(6_999);
    await settle();
    expect(second.isDone(), 'asked again before Retry-After').to.equal(false);
    await clock.tickAsync(1);
    const user = await pending;
    expect(user.FirstName).to.equal('Octavio');
    expect(second.isDone()).to.equal(true);
  });

  it('detects an error inside an HTTP 200 on reads, after the allowed attempts', async () => {
    nock(ORIGIN).get('/v1/getExpensePolicy').query(true).times(3).reply(200, { Error: 'Error interno' });
    const err = await client({ maxAttempts: 3 })
      .getExpensePolicy(4044)
      .then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
    expect([err.kind, err.retryable]).to.deep.equal(['server', true]);
    expect(err.details).to.deep.include({ inBody: true });
    expect(err.message).to.include('Error interno');
  });

  it('detects an error inside an HTTP 200 on writes, and does not retry a 4xx-style body', async () => {
    const scope = nock(ORIGIN)
      .put('/v1/setExpenseReportIntegration', {
        Id: 13421804,
        IntegrationStatus: 1,
        IntegrationCode: 'CPBTE-812',
        IntegrationDate: '2025-06-30 12:00:00',
      })
      .reply(200, { message: ['IntegrationDate must be a date'], error: 'Bad Request', statusCode: 400 });
    const err = await client()
      .setExpenseReportIntegration({
        Id: 13421804,
        IntegrationStatus: 1,
        IntegrationCode: 'CPBTE-812',
        IntegrationDate: '2025-06-30 12:00:00',
      })
      .then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
    expect([err.kind, err.retryable, err.httpStatus]).to.deep.equal(['client', false, 400]);
    expect(err.message).to.include('IntegrationDate must be a date');
    scope.done();
  });

  it('retries idempotent integration marks after a lost response, but not a custom status', async () => {
    // NOTE: the response is lost by a timeout; nock's replyWithError hangs on Node 20 (see useNock).
    nock(ORIGIN)
      .put('/v1/setExpenseIntegration')
      .delay(300)
      .reply(200, { Id: 75528397, IntegrationStatus: 1 })
      .put('/v1/setExpenseIntegration')
      .reply(200, { Id: 75528397, IntegrationStatus: 1 });
    await client({ timeoutMs: 100 }).setExpenseIntegration({
      Id: 75528397,
      IntegrationStatus: 1,
      IntegrationCode: 'X',
      IntegrationDate: '2025-06-30 12:00:00',
    });
    expect(sleeps).to.have.length(1);

    const scope = nock(ORIGIN).put('/v1/setExpenseReportCustomStatus').reply(503, { Error: 'ocupado' });
    const err = await client()
      .setExpenseReportCustomStatus({ Id: 1, IdAdmin: 64, CustomStatus: 'Contabilizado' })
      .then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
    expect(err.kind).to.equal('server');
    expect(sleeps).to.have.length(1);
    scope.done();
  });

  it('rejects an echo for another id: the write cannot be trusted', async () => {
    nock(ORIGIN).put('/v1/setExpenseReportIntegration').reply(200, { Id: 999 });
    const err = await client()
      .setExpenseReportIntegration({
        Id: 5,
        IntegrationStatus: 1,
        IntegrationCode: 'A',
        IntegrationDate: '2026-01-01',
      })
      .then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
    expect(err.kind).to.equal('malformed');
  });

  it('names the field of a wrong-typed body instead of crashing, and does not retry it', async () => {
    const scope = nock(ORIGIN)
      .get('/v1/getExpenseReports')
      .query(true)
      .reply(200, reportPage([report(), report({ Id: 2, ReportTotal: '78.000', CloseDate: '20/06/2025' })]));
    const err = await collect(client().getExpenseReports({ since: '2025-01-01', until: '2025-12-31' })).then(
      () => expect.fail('should reject'),
      (e: unknown) => e as RindegastosApiError,
    );
    expect([err.kind, err.retryable]).to.deep.equal(['malformed', false]);
    expect(err.message).to.include('ExpenseReports.1.ReportTotal').and.include('ExpenseReports.1.CloseDate');
    scope.done();
  });

  it('reports an invalid list item to onInvalid and keeps the others', async () => {
    nock(ORIGIN)
      .get('/v1/getExpenseReports')
      .query(true)
      .reply(200, reportPage([report({ Id: 1 }), report({ Id: 2, Status: 7 }), report({ Id: 3 })]));
    const invalid: InvalidItem[] = [];
    const items = await collect(
      client().getExpenseReports({
        since: '2025-01-01',
        until: '2025-12-31',
        onInvalid: (i) => invalid.push(i),
      }),
    );
    expect(items.map((r) => r.Id)).to.deep.equal([1, 3]);
    expect(invalid).to.have.length(1);
    expect(invalid[0].id).to.equal(2);
    expect(invalid[0].problems[0].field).to.equal('ExpenseReports.1.Status');
  });

  it('treats a zeroed object for a single id as not found (v1 style)', async () => {
    nock(ORIGIN).get('/v1/getUser').query(true).reply(200, { Id: 0, FirstName: '' });
    const err = await client()
      .getUser(404)
      .then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
    expect([err.kind, err.retryable]).to.deep.equal(['not_found', false]);
  });

  describe('the token never leaks', () => {
    async function failureOf(setup: () => void, options: Partial<RindegastosClientOptions> = {}) {
      setup();
      try {
        await client({ maxAttempts: 2, ...options }).getExpenseReport(13421804);
      } catch (err) {
        return err as RindegastosApiError;
      }
      throw new Error('expected a failure');
    }

    const cases: [string, () => void, Partial<RindegastosClientOptions>?][] = [
      [
        'token_rejected',
        () =>
          nock(ORIGIN)
            .get('/v1/getExpenseReport')
            .query(true)
            .reply(401, { Error: `bad ${TOKEN}` }),
      ],
      [
        'rate_limited',
        () =>
          nock(ORIGIN)
            .get('/v1/getExpenseReport')
            .query(true)
            .times(2)
            .reply(429, '', { 'Retry-After': '1' }),
      ],
      [
        'server',
        () => nock(ORIGIN).get('/v1/getExpenseReport').query(true).times(2).reply(500, { Error: TOKEN }),
      ],
      ['not_found', () => nock(ORIGIN).get('/v1/getExpenseReport').query(true).reply(404, { Error: 'no' })],
      [
        'client',
        () =>
          nock(ORIGIN)
            .get('/v1/getExpenseReport')
            .query(true)
            .reply(400, { Error: `Bearer ${TOKEN}` }),
      ],
      [
        'malformed',
        () => nock(ORIGIN).get('/v1/getExpenseReport').query(true).reply(200, { Id: 13421804, Status: 'x' }),
      ],
      [
        'timeout',
        () => nock(ORIGIN).get('/v1/getExpenseReport').query(true).times(2).delay(200).reply(200, report()),
        { timeoutMs: 50 },
      ],
    ];

    for (const [kind, setup, options] of cases) {
      it(`keeps it out of a ${kind} error: message, JSON, util.inspect and the log`, async () => {
        const err = await failureOf(setup, options);
        expect(err.kind).to.equal(kind);
        for (const text of [
          err.message,
          String(err.stack),
          JSON.stringify(err),
          util.inspect(err, { depth: 10, showHidden: true }),
          logger.text(),
        ]) {
          expect(text).to.not.include(TOKEN);
          expect(text).to.not.include(TOKEN.split('.')[2]);
        }
      });
    }

    it('keeps it out of a real connection failure (axios error carrying the request headers)', async () => {
      const c = new AxiosRindegastosClientFactory({
        baseUrl: 'http://127.0.0.1:1/v1/',
        maxAttempts: 1,
        logger,
      }).forToken(TOKEN);
      const err = await c.getExpense(1).then(
        () => expect.fail('should reject'),
        (e: unknown) => e as RindegastosApiError,
      );
      expect(err).to.be.instanceOf(RindegastosApiError);
      expect([err.kind, err.retryable]).to.deep.equal(['network', true]);
      expect((err.details as { transportCode: string }).transportCode).to.equal('ECONNREFUSED');
      for (const text of [
        err.message,
        JSON.stringify(err),
        util.inspect(err, { depth: 10, showHidden: true }),
      ]) {
        expect(text).to.not.include(TOKEN);
      }
    });

    it('keeps it out of util.inspect of the client itself', () => {
      expect(util.inspect(client(), { depth: 10, showHidden: true })).to.not.include(TOKEN);
      expect(JSON.stringify(client())).to.not.include(TOKEN);
    });
  });
});
