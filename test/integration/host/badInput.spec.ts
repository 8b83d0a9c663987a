/**
 * Bad input over HTTP, through the host exactly as the CLI wires it: bounded before anything
 * transforms it, answered 400 in Spanish naming the field, with a small answer, and nothing
 * stored. The last block sweeps every route of the host's route table with bad values for every
 * field any DTO or schema declares, and finds no English validation text.
 */
import { getMetadataStorage } from 'class-validator';
import { expect } from 'chai';
import type { RouteRef } from '../../../host/http/requestGuards';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators } from '../../support/hostHarness';
import { PLUGIN_API, startStack, type Stack, type StackClient } from '../../support/stack';

type Failure = { error: { code: string; message: string; details?: unknown } };

/** What class-validator, ajv and fastify say in English when left to their defaults. */
const ENGLISH =
  /\b(must|should|property|properties|each value|cannot be empty|is not|Unsupported|Bad Request|expected|allowed)\b/i;

/** The largest answer a refused input may get: a few short lines, whatever was sent. */
const MAX_ANSWER_BYTES = 2_000;

forEachDatabase(
  'bad input: bounded, Spanish, naming the field, nothing stored',
  (suite) => {
    let stack: Stack;
    let admin: StackClient;

    beforeEach(async () => {
      stack = await startStack(suite.db);
      admin = await stack.connectCompany(stack.companies.andes);
    });
    afterEach(async () => {
      await stack?.syncsSettled();
      await stack?.stop();
    });

    async function refused(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) {
      const res = await admin.request<Failure>(method, url, body);
      const size = Buffer.byteLength(JSON.stringify(res.body));
      expect(res.status, `${method} ${url} → ${JSON.stringify(res.body).slice(0, 300)}`).to.equal(400);
      expect(size, `${method} ${url} answer size`).to.be.below(MAX_ANSWER_BYTES);
      expect(res.body.error.message, `${method} ${url}`).to.not.match(ENGLISH);
      return res.body.error;
    }

    const settingsRows = () => suite.db('rg_settings').select();

    it('refuses deeply nested JSON before transforming it', async () => {
      const nested = '{"a":'.repeat(20_000) + '"x"' + '}'.repeat(20_000);
      const before = await settingsRows();
      const error = await refused('PUT', `${PLUGIN_API}/settings`, `{"voucherType":${nested}}`);
      expect(error.message).to.include('anidado a más de 8 niveles');
      await refused('POST', '/api/session', `{"email":${nested},"password":"x"}`);
      await refused('POST', '/api/ledger/vouchers/1/reverse', `{"reason":${nested}}`);
      expect(await settingsRows()).to.deep.equal(before);
    });

    it('answers a huge field and 60,000 unknown keys with a short answer, also on the login route', async () => {
      const huge = 'A'.repeat(900_000);
      expect((await refused('PUT', `${PLUGIN_API}/settings`, { glosaTemplate: huge })).message).to.include(
        'glosaTemplate: el texto supera 10000 caracteres',
      );
      const wide = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
      expect((await refused('PUT', `${PLUGIN_API}/settings`, wide)).message).to.include('más de 200 campos');
      await refused('POST', '/api/session', { email: 'admin@demo.cl', password: huge });
      await refused('POST', '/api/session', { email: 'admin@demo.cl', password: 'x', ...wide });
      await refused('POST', '/api/ledger/accounts', wide);
      const fewUnknown = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`campo${i}`, 1]));
      const listed = await refused('PUT', `${PLUGIN_API}/settings`, fewUnknown);
      expect(listed.message).to.match(/y 140 problemas más$/);
    });

    it('refuses control characters and invalid Unicode in text settings, naming the field', async () => {
      const before = await settingsRows();
      for (const [field, raw] of [
        ['voucherType', '"A\\u0000B"'],
        ['voucherType', '"A\\ud800B"'],
        ['glosaTemplate', '"Rendición\\u0007 {number}"'],
        ['documentTypeField', '"Tipo\\udc00"'],
      ]) {
        const error = await refused('PUT', `${PLUGIN_API}/settings`, `{"${field}":${raw}}`);
        expect(error.message).to.include(`${field}: contiene caracteres de control o Unicode inválido`);
      }
      expect(await settingsRows()).to.deep.equal(before);
      await refused(
        'POST',
        '/api/ledger/accounts',
        `{"code":"4110299999","name":"X\\u0000","postable":true}`,
      );
    });

    it('refuses numbers and ids that are not plain positive integers', async () => {
      for (const page of ['1e20', '1e308', '0', '-1', '1.5', '0x10', '2000000']) {
        expect((await refused('GET', `${PLUGIN_API}/reports?page=${page}`)).message).to.include('query.page');
      }
      expect((await refused('GET', `${PLUGIN_API}/reports?pageSize=201`)).message).to.include(
        'query.pageSize',
      );
      for (const id of ['0x10', '1.35e7', '016', '0', '-3']) {
        for (const [method, path] of [
          ['GET', `/reports/${id}`],
          ['POST', `/reports/${id}/post`],
          ['GET', `/sync/runs/${id}`],
          ['PUT', `/mappings/categories/${id}`],
        ] as const) {
          const error = await refused(method, PLUGIN_API + path, method === 'GET' ? undefined : {});
          expect(error.message, `${method} ${path}`).to.include('id: debe ser un número entero');
        }
      }
    });

    it('refuses impossible dates and a range that ends before it starts, naming the field', async () => {
      for (const [query, field] of [
        ['from=2026-02-31', 'query.from'],
        ['to=2026-13-01', 'query.to'],
        ['from=2026-06-01&to=2026-05-01', 'query.from'],
      ]) {
        expect((await refused('GET', `${PLUGIN_API}/reports?${query}`)).message, query).to.include(field);
        expect((await refused('GET', `/api/ledger/vouchers?${query}`)).message, query).to.include(field);
      }
      expect(
        (await refused('GET', `${PLUGIN_API}/reports?from=2026-06-01&to=2026-05-01`)).message,
      ).to.include('posterior a la final');
    });

    describe('sweep: every route, every declared field, bad values', () => {
      /** Every field name any DTO (class-validator) or host schema declares. */
      function declaredFields(): string[] {
        const storage = getMetadataStorage() as unknown as {
          validationMetadatas: Map<unknown, { propertyName: string }[]>;
        };
        const names = new Set<string>(['email', 'password', 'sku']);
        for (const metas of storage.validationMetadatas.values())
          for (const m of metas) names.add(m.propertyName);
        return [...names];
      }

      const BAD_VALUES: unknown[] = [42, -1.5, 'x', '', true, null, [1, [2]], { a: { b: 1 } }, 'A\u0000'];

      const urlOf = (route: RouteRef) =>
        route.url.replace(/:(\w+)/g, (_m, name: string) =>
          name === 'period' ? '2026-13' : name === 'kind' ? 'categories' : '0x10',
        );

      it('never answers in English, on any route', async () => {
        const fields = declaredFields();
        expect(fields).to.include.members(['voucherType', 'debitAccount', 'permissions', 'reason', 'code']);
        const routes = stack.server.routes.filter(
          (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/store/webhooks/payment',
        );
        const seen: string[] = [];
        for (const route of routes) {
          const url = urlOf(route);
          const attempts: { url: string; body?: unknown }[] = [];
          if (route.method === 'GET') {
            attempts.push({
              url: `${url}?zz=1&page=x&from=2026-02-31&posted=maybe&q=%00&number=0x1&source=`,
            });
          } else {
            attempts.push({ url, body: { zz_unknown: 1 } });
            for (const value of BAD_VALUES) {
              attempts.push({ url, body: Object.fromEntries(fields.map((f) => [f, value])) });
            }
          }
          for (const attempt of attempts) {
            const res = await admin.request(route.method as 'GET', attempt.url, attempt.body);
            if (res.status < 400) continue;
            const text = JSON.stringify(res.body);
            seen.push(`${route.method} ${route.url} ${res.status}`);
            expect(text, `${route.method} ${attempt.url} → ${text.slice(0, 400)}`).to.not.match(ENGLISH);
            expect(Buffer.byteLength(text), `${route.method} ${route.url}`).to.be.below(MAX_ANSWER_BYTES);
          }
          // A sweep that logged the admin out or revoked the token would test nothing after it.
          if (route.url === '/api/session' && route.method === 'DELETE')
            await admin.login(stack.companies.andes.admin.email);
        }
        expect(seen.length).to.be.at.least(routes.length / 2);
      });
    });
  },
  { migrators: hostMigrators },
);
