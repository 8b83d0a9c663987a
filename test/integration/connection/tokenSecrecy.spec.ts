import { expect } from 'chai';
import { ConnectionService } from '../../../plugin/connection/ConnectionService';
import {
  COMPANY,
  connect,
  createTestbed,
  dumpAllTables,
  fakeToken,
  USERS,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

/** Log lines as pino would print them: errors with their message, stack and every cause. */
function asPinoWould(lines: unknown[]): string {
  const errorJson = (e: Error): unknown => ({
    message: e.message,
    stack: e.stack,
    ...Object.fromEntries(Object.entries(e)),
    cause: e.cause instanceof Error ? errorJson(e.cause) : e.cause,
  });
  return JSON.stringify(lines, (_k, v: unknown) => (v instanceof Error ? errorJson(v) : v));
}

/** The token, and long pieces of it: a leak of most of a token is a leak. */
function fragments(token: string): string[] {
  return [token, token.slice(0, 24), token.slice(-24, -4), token.split('.')[2]];
}

forEachDatabase('the Rindegastos token stays secret', (suite) => {
  it('appears in no table, log line, error body or response after every token flow', async () => {
    const bed = await createTestbed(suite.db);
    const first = fakeToken('secreto-uno');
    const second = fakeToken('secreto-dos');
    const refused = fakeToken('secreto-rechazado');
    const unreachable = fakeToken('secreto-sin-red');
    const malformed = `${fakeToken('secreto-con-espacio')} x`;

    await connect(bed, first);
    await bed.call('connection.put', { body: { token: refused } }); // 422
    bed.fake.networkDown = true;
    bed.fake.acceptedTokens.add(unreachable);
    await bed.call('connection.put', { body: { token: unreachable } }); // 502 (logged as an error)
    bed.fake.networkDown = false;
    await bed.call('connection.put', { body: { token: malformed } }); // 400
    await bed.call('connection.put', { user: USERS.auditor, body: { token: refused } }); // 403
    await connect(bed, second);
    await bed.call('catalog.import');
    bed.fake.rejectTokens = true;
    await bed.call('catalog.import'); // 422, marks the token invalid
    const service = bed.container.resolve(ConnectionService);
    await service.clientFor(COMPANY).catch(() => undefined);
    await bed.call('catalog.import'); // 409: the token is invalid now
    bed.fake.rejectTokens = false;
    await connect(bed, second);
    await bed.call('status.get');
    await bed.call('connection.delete');
    await bed.call('status.get');

    expect(bed.responses.map((r) => r.status)).to.include.members([200, 400, 403, 409, 422, 502]);
    const tables = await dumpAllTables(suite.db);
    const logs = bed.host.logger.text() + asPinoWould(bed.host.logger.lines);
    const responses = JSON.stringify(bed.responses);
    expect(logs, 'the 502 was logged').to.match(/no se pudo conectar/);
    for (const token of [first, second, refused, unreachable, malformed]) {
      for (const piece of fragments(token)) {
        expect(tables.includes(piece), `tables hold ${piece}`).to.equal(false);
        expect(logs.includes(piece), `logs hold ${piece}`).to.equal(false);
        expect(responses.includes(piece), `responses hold ${piece}`).to.equal(false);
      }
    }
  });
});
