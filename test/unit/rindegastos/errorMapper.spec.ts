import { expect } from 'chai';
import { RindegastosApiError } from '../../../plugin/errors/errors';
import {
  interpretResponse,
  invalidBodyError,
  redact,
  transportError,
} from '../../../plugin/rindegastos/errorMapper';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJjb21wYW55X2lkIjoiMTA5In0.c2VjcmV0LXNpZ25hdHVyZQ';
const ctx = { method: 'getExpenseReports', secrets: [TOKEN], now: new Date('2026-11-28T12:00:00.000Z') };

function failure(status: number, text: string, retryAfter?: string): RindegastosApiError {
  try {
    interpretResponse({ status, text, retryAfter }, ctx);
  } catch (err) {
    expect(err).to.be.instanceOf(RindegastosApiError);
    return err as RindegastosApiError;
  }
  throw new Error(`HTTP ${status} ${text} was accepted`);
}

describe('Rindegastos error mapper', () => {
  it('returns the parsed body of a clean 200, and undefined for an empty one', () => {
    expect(interpretResponse({ status: 200, text: '{"Id":5}' }, ctx)).to.deep.equal({ Id: 5 });
    expect(interpretResponse({ status: 200, text: '' }, ctx)).to.equal(undefined);
  });

  it('maps 401 and 403 to token_rejected, never retryable, telling the user where to paste a new token', () => {
    for (const status of [401, 403]) {
      const e = failure(status, '{"Error":"Token inválido"}');
      expect(e.kind).to.equal('token_rejected');
      expect(e.code).to.equal('TOKEN_REJECTED');
      expect(e.retryable).to.equal(false);
      expect(e.httpStatus).to.equal(status);
      expect(e.message)
        .to.match(/Configuración › Token/)
        .and.match(/Token inválido/);
    }
  });

  it('maps 429 to rate_limited with the Retry-After delay', () => {
    const e = failure(429, '', '12');
    expect([e.kind, e.retryable, e.retryAfterMs]).to.deep.equal(['rate_limited', true, 12_000]);
  });

  it('maps 5xx to a retryable server error, even with an HTML body', () => {
    for (const [status, text] of [
      [500, '{"Error":"boom"}'],
      [502, '<html>Bad Gateway</html>'],
      [503, ''],
    ] as const) {
      const e = failure(status, text);
      expect([e.kind, e.retryable, e.httpStatus]).to.deep.equal(['server', true, status]);
    }
  });

  it('maps 404 to not_found and other 4xx to client errors, neither retryable', () => {
    expect([failure(404, '{"Error":"No existe"}').kind, failure(404, '').retryable]).to.deep.equal([
      'not_found',
      false,
    ]);
    const e = failure(400, '{"Error":"El parámetro Since es obligatorio"}');
    expect([e.kind, e.retryable]).to.deep.equal(['client', false]);
    expect(e.message).to.include('El parámetro Since es obligatorio');
  });

  it('detects an error inside an HTTP 200: {"Error": …}', () => {
    const e = failure(200, '{"Error":"Ocurrió un error"}');
    expect([e.kind, e.retryable]).to.deep.equal(['server', true]);
    expect(e.details).to.deep.include({ inBody: true });
    expect(e.message).to.include('Ocurrió un error');
  });

  it('detects NestJS-style statusCode/StatusCode bodies and maps them like HTTP statuses', () => {
    const bad = failure(
      200,
      '{"message":["property 0 should not exist"],"error":"Bad Request","statusCode":400}',
    );
    expect([bad.kind, bad.retryable, bad.httpStatus]).to.deep.equal(['client', false, 400]);
    expect(bad.message).to.include('property 0 should not exist');
    expect(failure(200, '{"statusCode":500,"message":"Internal server error"}').kind).to.equal('server');
    expect(failure(200, '{"StatusCode":401,"Message":"Unauthorized"}').kind).to.equal('token_rejected');
    expect(interpretResponse({ status: 200, text: '{"statusCode":200,"Id":1}' }, ctx)).to.deep.equal({
      statusCode: 200,
      Id: 1,
    });
  });

  it('turns a truncated or non-JSON 200 into a retryable malformed error instead of a crash', () => {
    for (const text of ['{"Records":{"TotalRec', '<html>Service Unavailable</html>']) {
      const e = failure(200, text);
      expect([e.kind, e.retryable]).to.deep.equal(['malformed', true]);
    }
  });

  it('names every offending field of a body of the wrong shape', () => {
    const e = invalidBodyError(
      [
        { field: 'Expenses.3.Total', message: 'Total debe ser un número' },
        { field: 'Expenses.3.IssueDate', message: 'IssueDate debe ser una fecha AAAA-MM-DD' },
      ],
      ctx,
    );
    expect([e.kind, e.retryable]).to.deep.equal(['malformed', false]);
    expect(e.message).to.include('Expenses.3.Total').and.include('Expenses.3.IssueDate');
    expect((e.details as { fields: unknown[] }).fields).to.have.length(2);
  });

  it('maps transport failures by code: timeouts and resets are retryable, unknown failures are not', () => {
    const t = transportError(
      { code: 'ECONNABORTED', message: 'timeout of 300ms exceeded' },
      { ...ctx, timeoutMs: 300 },
    );
    expect([t.kind, t.retryable]).to.deep.equal(['timeout', true]);
    expect(t.message).to.include('300 ms');
    const r = transportError({ code: 'ECONNRESET', message: 'socket hang up' }, { ...ctx, timeoutMs: 300 });
    expect([r.kind, r.retryable]).to.deep.equal(['network', true]);
    const u = transportError(new TypeError('bad things'), { ...ctx, timeoutMs: 300 });
    expect([u.kind, u.retryable]).to.deep.equal(['network', false]);
  });

  it('hides the token wherever it shows up in server text', () => {
    expect(redact(`token ${TOKEN} inválido`, [TOKEN])).to.equal('token [token oculto] inválido');
    expect(redact(`Authorization: Bearer ${TOKEN}`, [])).to.equal('Authorization: Bearer [token oculto]');
    const e = failure(401, JSON.stringify({ Error: `El token ${TOKEN} fue revocado` }));
    expect(e.message).to.not.include(TOKEN);
    expect(JSON.stringify(e)).to.not.include(TOKEN);
  });
});
