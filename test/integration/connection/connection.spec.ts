import { expect } from 'chai';
import { AuditLog } from '../../../plugin/audit/AuditLog';
import { ConnectionService } from '../../../plugin/connection/ConnectionService';
import { NoValidTokenError } from '../../../plugin/connection/NoValidTokenError';
import { RindegastosApiError } from '../../../plugin/errors/errors';
import {
  COMPANY,
  connect,
  createTestbed,
  errorOf,
  fakeToken,
  USERS,
  type Testbed,
} from '../../support/configTestbed';
import { forEachDatabase } from '../../support/databases';

forEachDatabase('Configuración › Token', (suite) => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await createTestbed(suite.db);
  });

  const connections = () => suite.db('rg_connections').where({ company_id: COMPANY });
  const items = () => suite.db('rg_catalog_items').where({ company_id: COMPANY });
  const audit = () => bed.container.resolve(AuditLog).list(COMPANY);

  async function nothingStored() {
    expect(await connections()).to.deep.equal([]);
    expect(await items()).to.deep.equal([]);
    expect(await audit()).to.deep.equal([]);
  }

  it('verifies a pasted token, stores it sealed with its last four characters and imports the configuration', async () => {
    const token = fakeToken('andes');
    const res = await connect(bed, token);
    const body = res.body as {
      connection: Record<string, unknown>;
      import: { counts: Record<string, { new: number }> };
    };
    expect(body.connection).to.include({
      status: 'valid',
      last4: token.slice(-4),
      verifiedAt: '2026-11-28T12:00:00.000Z',
    });
    const newByKind = Object.fromEntries(Object.entries(body.import.counts).map(([k, c]) => [k, c.new]));
    expect(newByKind).to.deep.equal({
      account: 5,
      category: 5,
      invoice_category: 5,
      cost_center: 4,
      document_type: 6,
      policy: 2,
      user: 3,
    });
    const [row] = await connections();
    expect(row).to.include({ status: 'valid', token_last4: token.slice(-4), updated_by: USERS.admin.id });
    expect(row.sealed_token).to.be.a('string').and.not.include(token);
    expect(await bed.secrets.open(row.sealed_token)).to.equal(token);
    expect(Number((await items().count({ n: '*' }))[0].n)).to.equal(30);
    expect((await audit()).map((a) => a.action)).to.have.members(['token.saved', 'catalog.imported']);
  });

  it('accepts a token pasted with surrounding blanks or the "Bearer " prefix', async () => {
    const token = fakeToken('bearer');
    bed.fake.acceptedTokens.add(token);
    const res = await bed.call('connection.put', { body: { token: `  Bearer ${token}\n` } });
    expect(res.status).to.equal(200);
    expect(await bed.secrets.open((await connections())[0].sealed_token)).to.equal(token);
  });

  for (const [what, token, message] of [
    ['an empty token', '   ', /Pegue el token/],
    ['a token with spaces inside', 'eyJhbGciOiJIUzI1NiJ9 eyJ1c2VyX2lkIjoiNjEifQ', /espacios/],
    ['a too short token', 'abc123', /demasiado corto/],
    ['a token that is not text', 12345, /como texto/],
  ] as const) {
    it(`rejects ${what} with a field message, without asking Rindegastos or storing anything`, async () => {
      const res = await bed.call('connection.put', { body: { token } });
      expect(res.status).to.equal(400);
      const err = errorOf(res);
      expect(err.details?.fields).to.have.length(1);
      expect(err.details!.fields![0].field).to.equal('token');
      expect(err.details!.fields![0].message).to.match(message);
      expect(bed.fake.calls).to.deep.equal([]);
      await nothingStored();
    });
  }

  it('answers 422 "Rindegastos rechazó el token" and stores nothing when Rindegastos refuses it', async () => {
    const res = await bed.call('connection.put', { body: { token: fakeToken('refused') } });
    expect(res.status).to.equal(422);
    expect(errorOf(res).code).to.equal('TOKEN_REJECTED');
    expect(errorOf(res).message)
      .to.match(/^Rindegastos rechazó el token/)
      .and.match(/No se guardó nada/);
    await nothingStored();
  });

  it('answers 502 with a retry hint and stores nothing when Rindegastos cannot be reached', async () => {
    bed.fake.networkDown = true;
    const res = await bed.call('connection.put', { body: { token: fakeToken('andes') } });
    expect(res.status).to.equal(502);
    expect(errorOf(res).message)
      .to.match(/no se pudo conectar con Rindegastos/)
      .and.match(/intente nuevamente/);
    expect(errorOf(res).details).to.include({ retryable: true });
    await nothingStored();
  });

  it('stores nothing when the network fails half-way through reading the configuration', async () => {
    const token = fakeToken('andes');
    bed.fake.acceptedTokens.add(token);
    bed.fake.failOnCall = 4; // policies and the first policy's details succeed
    const res = await bed.call('connection.put', { body: { token } });
    expect(res.status).to.equal(502);
    expect(bed.fake.calls.length).to.be.at.least(4);
    await nothingStored();
  });

  it('replacing the token seals the new one, drops the old and audits the rotation by last four only', async () => {
    const first = fakeToken('first');
    const second = fakeToken('second');
    await connect(bed, first);
    const sealedBefore = (await connections())[0].sealed_token;
    await connect(bed, second);
    const [row] = await connections();
    expect(row.sealed_token).to.not.equal(sealedBefore);
    expect(await bed.secrets.open(row.sealed_token)).to.equal(second);
    expect(row.token_last4).to.equal(second.slice(-4));
    const replaced = (await audit()).find((a) => a.action === 'token.replaced')!;
    expect(replaced.before).to.deep.equal({ status: 'valid', last4: first.slice(-4) });
    expect(replaced.after).to.include({ status: 'valid', last4: second.slice(-4) });
  });

  it('keeps the current token when a replacement is refused', async () => {
    const good = fakeToken('good');
    await connect(bed, good);
    const res = await bed.call('connection.put', { body: { token: fakeToken('bad') } });
    expect(res.status).to.equal(422);
    const [row] = await connections();
    expect(row.status).to.equal('valid');
    expect(await bed.secrets.open(row.sealed_token)).to.equal(good);
  });

  it('revokes: erases the sealed token, keeps the last four for the screen and stops the client', async () => {
    const token = fakeToken('andes');
    await connect(bed, token);
    const res = await bed.call('connection.delete');
    expect(res.status).to.equal(200);
    expect((res.body as { connection: unknown }).connection).to.include({
      status: 'revoked',
      last4: token.slice(-4),
    });
    const [row] = await connections();
    expect(row).to.include({ status: 'revoked', sealed_token: null });
    expect((await audit()).map((a) => a.action)).to.include('token.revoked');
    const err = await bed.container
      .resolve(ConnectionService)
      .clientFor(COMPANY)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NoValidTokenError);
    expect((err as Error).message)
      .to.match(/revocado/)
      .and.match(/Configuración › Token/);
  });

  it('answers 404 to a revocation when no token was ever saved', async () => {
    const res = await bed.call('connection.delete');
    expect(res.status).to.equal(404);
    expect(errorOf(res).message).to.match(/No hay un token/);
  });

  it('shows license, connection, last sync and open issues on /status, and what to do when there is no token', async () => {
    let res = await bed.call('status.get');
    expect(res.body).to.deep.equal({
      license: { status: 'active' },
      connection: {
        status: 'none',
        last4: null,
        verifiedAt: null,
        lastError: null,
        updatedAt: null,
        action:
          'Pegue el token de la API de Rindegastos (en Rindegastos: Admin › Integración) en Contabilidad › Contabilidad › Rindegastos › Configuración › Token.',
      },
      lastSync: null,
      openIssues: { issues: 0, causes: 0, reports: 0, warnings: 0 },
    });
    const token = fakeToken('andes');
    await connect(bed, token);
    res = await bed.call('status.get');
    expect((res.body as { connection: unknown }).connection).to.deep.include({
      status: 'valid',
      last4: token.slice(-4),
      verifiedAt: '2026-11-28T12:00:00.000Z',
      action: null,
    });
  });

  it('gives the sync a working client for the stored token', async () => {
    const token = fakeToken('andes');
    await connect(bed, token);
    const client = await bed.container.resolve(ConnectionService).clientFor(COMPANY);
    const policies = [];
    for await (const p of client.getExpensePolicies()) policies.push(p.Id);
    expect(policies).to.deep.equal([4044, 4050]);
  });

  it('marks the token invalid when Rindegastos later refuses it, stops the client and says what to do', async () => {
    const token = fakeToken('andes');
    await connect(bed, token);
    const service = bed.container.resolve(ConnectionService);
    const client = await service.clientFor(COMPANY);
    bed.fake.rejectTokens = true;
    const err = await client.getUser(61).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(RindegastosApiError).with.property('kind', 'token_rejected');

    const [row] = await connections();
    expect(row.status).to.equal('invalid');
    expect(row.last_error).to.match(/Rindegastos rechazó el token guardado \(HTTP 401\)/);
    const denied = await service.clientFor(COMPANY).catch((e: unknown) => e);
    expect(denied).to.be.instanceOf(NoValidTokenError);
    const status = (await bed.call('status.get')).body as { connection: { status: string; action: string } };
    expect(status.connection.status).to.equal('invalid');
    expect(status.connection.action)
      .to.match(/sincronización está detenida/)
      .and.match(/Genere un token nuevo/);
    const invalidated = (await audit()).filter((a) => a.action === 'token.invalidated');
    expect(invalidated).to.have.length(1);
    expect(invalidated[0].actorId).to.equal('system');
  });

  it('markInvalid records the reason given by the sync', async () => {
    await connect(bed);
    await bed.container
      .resolve(ConnectionService)
      .markInvalid(COMPANY, 'Rindegastos respondió 401 al importar informes');
    const [row] = await connections();
    expect(row).to.include({
      status: 'invalid',
      last_error: 'Rindegastos respondió 401 al importar informes',
    });
  });

  it('does not let a sync still holding the old token invalidate its replacement', async () => {
    await connect(bed, fakeToken('old'));
    const service = bed.container.resolve(ConnectionService);
    const oldClient = await service.clientFor(COMPANY);
    await connect(bed, fakeToken('new'));
    bed.fake.acceptedTokens.delete(fakeToken('old'));
    await oldClient.getUser(61).catch(() => undefined);
    expect((await connections())[0].status).to.equal('valid');
  });

  it('marks the token invalid when the sealed value can no longer be opened', async () => {
    await connect(bed);
    await connections().update({ sealed_token: 'tsb1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    const err = await bed.container
      .resolve(ConnectionService)
      .clientFor(COMPANY)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NoValidTokenError);
    expect((await connections())[0].status).to.equal('invalid');
    expect((err as Error).message).to.match(/no se pudo descifrar/);
  });
});
