import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { hostMigrators, startTestHost, type TestHostServer } from '../../support/hostHarness';

forEachDatabase(
  'host web shell: the favicon',
  (suite) => {
    let server: TestHostServer;
    before(async () => {
      server = await startTestHost(suite.db);
    });
    after(() => server?.close());

    it('links an icon the host serves, and answers /favicon.ico with it instead of a 404', async () => {
      const shell = await server.app.inject({ method: 'GET', url: '/tienda/integraciones/funcionalidades' });
      const icon = /<link rel="icon"[^>]*href="([^"]+)"/.exec(shell.body)?.[1];
      expect(icon, 'the shell links an icon').to.equal('/assets/favicon.svg');
      const served = await server.app.inject({ method: 'GET', url: icon! });
      expect(served.statusCode).to.equal(200);
      expect(served.headers['content-type']).to.equal('image/svg+xml');
      expect(served.body).to.include('<svg');

      const legacy = await server.app.inject({ method: 'GET', url: '/favicon.ico' });
      expect(legacy.statusCode).to.equal(301);
      expect(legacy.headers.location).to.equal('/assets/favicon.svg');
    });
  },
  { migrators: hostMigrators },
);
