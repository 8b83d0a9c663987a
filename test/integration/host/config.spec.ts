import { expect } from 'chai';
import { Writable } from 'node:stream';
import { ConfigError, DEFAULT_PORT, parseConfig, parseSecretKey } from '../../../host/config';
import { createLogger } from '../../../host/runtime/logging';

describe('host configuration', () => {
  it('has working defaults for an empty environment', () => {
    const c = parseConfig({});
    expect(c).to.include({
      databaseUrl: 'sqlite:./data/rindegastos.sqlite',
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      ledger: 'builtin',
      demoPassword: 'demo1234',
      logLevel: 'info',
      rindegastosApiUrl: null,
      secretKey: null,
      storeWebhookSecret: null,
    });
    expect(DEFAULT_PORT).to.equal(4100);
  });

  it('reads every variable', () => {
    const key = 'ab'.repeat(32);
    const c = parseConfig({
      DATABASE_URL: 'mysql://u:p@db:3306/erp',
      PORT: '8080',
      RINDEGASTOS_API_URL: 'https://api.rindegastos.com/v1',
      RG_SECRET_KEY: key,
      LEDGER: 'builtin',
      DEMO_PASSWORD: 'otra-clave',
      STORE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      LOG_LEVEL: 'debug',
    });
    expect(c.port).to.equal(8080);
    expect(c.rindegastosApiUrl).to.equal('https://api.rindegastos.com/v1/');
    expect(c.secretKey!.toString('hex')).to.equal(key);
    expect(c).to.include({
      demoPassword: 'otra-clave',
      logLevel: 'debug',
      storeWebhookSecret: 'whsec_0123456789abcdef',
    });
  });

  it('reads TRUST_PROXY and RINDEGASTOS_DEADLINE_MS, off and 15 s by default', () => {
    expect(parseConfig({})).to.include({ trustProxy: false, interactiveDeadlineMs: 15_000 });
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
    expect(parseConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).to.deep.equal([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
    expect(parseConfig({ RINDEGASTOS_DEADLINE_MS: '5000' }).interactiveDeadlineMs).to.equal(5000);
    expect(() => parseConfig({ TRUST_PROXY: 'el proxy de la oficina' })).to.throw(ConfigError, /TRUST_PROXY/);
    expect(() => parseConfig({ RINDEGASTOS_DEADLINE_MS: '1e4' })).to.throw(
      ConfigError,
      /RINDEGASTOS_DEADLINE_MS/,
    );
  });

  it('reads REDIS_URL and REDIS_PREFIX (off and "rindegastos" by default), and rejects a bad one in Spanish without echoing its password', () => {
    expect(parseConfig({})).to.include({ redisUrl: null, redisPrefix: 'rindegastos' });
    expect(parseConfig({ REDIS_URL: 'redis://:pw@cache:6380/2', REDIS_PREFIX: 'erp-prod' })).to.include({
      redisUrl: 'redis://:pw@cache:6380/2',
      redisPrefix: 'erp-prod',
    });
    let err: unknown;
    try {
      parseConfig({ REDIS_URL: 'http://u:secretpw@cache:6379', REDIS_PREFIX: 'a b' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message).to.include('REDIS_URL debe ser una URL redis:// o rediss://').and.include('REDIS_PREFIX');
    expect(message).not.to.include('secretpw');
  });

  it('accepts RG_SECRET_KEY as hex or base64 of exactly 32 bytes', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseSecretKey(bytes.toString('hex'))!.equals(bytes)).to.equal(true);
    expect(parseSecretKey(bytes.toString('base64'))!.equals(bytes)).to.equal(true);
    expect(parseSecretKey(Buffer.alloc(16).toString('base64'))).to.equal(null);
    expect(parseSecretKey('not a key')).to.equal(null);
  });

  it('reports every invalid variable at once, in Spanish, without echoing secrets', () => {
    let err: unknown;
    try {
      parseConfig({
        DATABASE_URL: 'postgres://user:hunter2@h/db',
        PORT: 'ochenta',
        RG_SECRET_KEY: 'short-secret-value',
        LEDGER: 'defontana',
        LOG_LEVEL: 'chatty',
        RINDEGASTOS_API_URL: 'ftp://x',
        DEMO_PASSWORD: '123',
      });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    const { problems, message } = err as ConfigError;
    // LEDGER=defontana without its DEFONTANA_CLIENT, _COMPANY, _USER, _PASSWORD and _RUT: five.
    expect(problems).to.have.length(11);
    expect(message).to.include('DATABASE_URL').and.include('PORT').and.include('RG_SECRET_KEY');
    expect(message)
      .to.include('DEFONTANA_CLIENT')
      .and.include('DEFONTANA_RUT')
      .and.include('LOG_LEVEL')
      .and.include('RINDEGASTOS_API_URL');
    expect(message).to.not.include('hunter2');
    expect(message).to.not.include('short-secret-value');
  });
});

describe('host logging', () => {
  it('redacts every secret key at any of the first levels of nesting', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    logger.info(
      {
        token: 'tok-1',
        password: 'pw-1',
        req: { headers: { authorization: 'Bearer tok-2', cookie: 'rg_session=abc', 'set-cookie': 'x=1' } },
        connection: { sealedToken: 'v1:aa:bb:cc', RG_SECRET_KEY: 'key-1' },
        kept: 'visible',
      },
      'hello',
    );
    const text = lines.join('');
    for (const secret of ['tok-1', 'pw-1', 'tok-2', 'rg_session=abc', 'x=1', 'v1:aa:bb:cc', 'key-1']) {
      expect(text).to.not.include(secret);
    }
    expect(text).to.include('visible').and.include('[REDACTED]');
  });
});
