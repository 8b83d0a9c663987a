import path from 'node:path';
import { validateRut } from '@fdograph/rut-utilities';
import { DEFAULT_DATABASE_URL, redactUrl } from '../shared/db/database';

/** The API version this host offers plugins; checked against `manifest.hostApi`. */
export const HOST_API_VERSION = '1.0.0';

export const DEFAULT_PORT = 4100;
export const PRODUCTION_RINDEGASTOS_API_URL = 'https://api.rindegastos.com/v1/';
export const DEFAULT_DEMO_PASSWORD = 'demo1234';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LedgerKind = 'builtin' | 'defontana';

export const DEFAULT_DEFONTANA_API_URL = 'https://replapi.defontana.com/api/';

/** Connector mode (LEDGER=defontana): where Defontana is and who the host is there. */
export interface DefontanaConfig {
  apiUrl: string;
  client: string;
  company: string;
  user: string;
  /** Never logged, printed or stored. */
  password: string;
  /** The host company whose ledger Defontana is, e.g. 76.123.456-0. */
  rut: string;
}

/** Everything the host reads from its environment, parsed and checked in this one place. */
export interface HostConfig {
  databaseUrl: string;
  port: number;
  /** Interface to bind; 127.0.0.1 unless HOST says otherwise. */
  host: string;
  /** Where the generated secret key lives (`data/secret.key`). */
  dataDir: string;
  /** Set only when RINDEGASTOS_API_URL is given; otherwise the demo extras or production decide. */
  rindegastosApiUrl: string | null;
  /** 32-byte key from RG_SECRET_KEY; null means "use (or create) dataDir/secret.key". */
  secretKey: Buffer | null;
  ledger: LedgerKind;
  /** Set exactly when `ledger` is 'defontana'. */
  defontana: DefontanaConfig | null;
  demoPassword: string;
  /** Null means "derive it from the secret key" (stable across restarts, never printed). */
  storeWebhookSecret: string | null;
  logLevel: LogLevel;
  /**
   * fastify's trustProxy: whether (or which addresses) may tell, by X-Forwarded-*, the client's
   * address, protocol and host. Behind a TLS proxy this is what makes the session cookie Secure.
   */
  trustProxy: boolean | string[];
  /** Overall deadline of a call a user waits for (token verification, catalog import), in ms. */
  interactiveDeadlineMs: number;
  /** Login throttling: wrong passwords allowed per account (and per client address) in a window. */
  loginThrottle: LoginThrottleConfig;
  /** REDIS_URL: set, jobs are scheduled through BullMQ and run by `rindegastos worker`s. */
  redisUrl: string | null;
  /** REDIS_PREFIX: the prefix of every Redis key the host writes. */
  redisPrefix: string;
}

export interface LoginThrottleConfig {
  /** Wrong passwords per account in the window; the next attempt answers 429. */
  perAccount: number;
  /** Wrong passwords per client address in the window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleConfig = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 15 * 60 * 1000,
};
export const DEFAULT_INTERACTIVE_DEADLINE_MS = 15_000;
export const DEFAULT_REDIS_PREFIX = 'rindegastos';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Configuración inválida:\n  - ' + problems.join('\n  - '));
    this.name = 'ConfigError';
  }
}

/** Parses a 32-byte key written as 64 hex characters or as base64. */
export function parseSecretKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === 32) return key;
  }
  return null;
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * Reads the host configuration from the environment. Every problem is reported at once, in
 * Spanish, naming the variable and what to write instead; secret values never appear in messages.
 */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const problems: string[] = [];

  const databaseUrl = nonEmpty(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (!/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL debe ser "sqlite:<archivo>" o "mysql://usuario:clave@host:3306/base" (recibido: ${redactUrl(databaseUrl)})`,
    );
  }

  let port = DEFAULT_PORT;
  const rawPort = nonEmpty(env, 'PORT');
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65535) {
      problems.push(`PORT debe ser un número entre 0 y 65535 (recibido: ${rawPort})`);
      port = DEFAULT_PORT;
    }
  }

  let rindegastosApiUrl: string | null = null;
  const rawApi = nonEmpty(env, 'RINDEGASTOS_API_URL');
  if (rawApi !== undefined) {
    try {
      const u = new URL(rawApi);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      rindegastosApiUrl = rawApi.endsWith('/') ? rawApi : `${rawApi}/`;
    } catch {
      problems.push(
        `RINDEGASTOS_API_URL debe ser una URL http(s), por ejemplo ${PRODUCTION_RINDEGASTOS_API_URL}`,
      );
    }
  }

  let secretKey: Buffer | null = null;
  const rawKey = nonEmpty(env, 'RG_SECRET_KEY');
  if (rawKey !== undefined) {
    secretKey = parseSecretKey(rawKey);
    if (!secretKey) {
      problems.push(
        'RG_SECRET_KEY debe ser una clave de 32 bytes en hexadecimal (64 caracteres) o en base64; genere una con: openssl rand -hex 32',
      );
    }
  }

  const rawLedger = nonEmpty(env, 'LEDGER') ?? 'builtin';
  let ledger: LedgerKind = 'builtin';
  let defontana: DefontanaConfig | null = null;
  if (rawLedger === 'defontana') {
    ledger = 'defontana';
    defontana = parseDefontana(env, problems);
  } else if (rawLedger !== 'builtin') {
    problems.push(`LEDGER debe ser "builtin" o "defontana" (recibido: ${rawLedger.slice(0, 40)})`);
  }

  const rawLevel = nonEmpty(env, 'LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(rawLevel) ? (rawLevel as LogLevel) : 'info';
  if (logLevel !== rawLevel) problems.push(`LOG_LEVEL debe ser uno de ${LOG_LEVELS.join(', ')}`);

  const storeWebhookSecret = nonEmpty(env, 'STORE_WEBHOOK_SECRET') ?? null;
  if (storeWebhookSecret !== null && storeWebhookSecret.length < 16) {
    problems.push('STORE_WEBHOOK_SECRET debe tener al menos 16 caracteres');
  }

  const demoPassword = env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 8) problems.push('DEMO_PASSWORD debe tener al menos 8 caracteres');

  const trustProxy = parseTrustProxy(nonEmpty(env, 'TRUST_PROXY'), problems);

  let interactiveDeadlineMs = DEFAULT_INTERACTIVE_DEADLINE_MS;
  const rawDeadline = nonEmpty(env, 'RINDEGASTOS_DEADLINE_MS');
  if (rawDeadline !== undefined) {
    interactiveDeadlineMs = Number(rawDeadline);
    if (!/^\d{1,7}$/.test(rawDeadline) || interactiveDeadlineMs < 100) {
      problems.push(
        `RINDEGASTOS_DEADLINE_MS debe ser un número de milisegundos entre 100 y 9999999 (recibido: ${rawDeadline.slice(0, 20)})`,
      );
      interactiveDeadlineMs = DEFAULT_INTERACTIVE_DEADLINE_MS;
    }
  }

  let redisUrl: string | null = null;
  const rawRedis = nonEmpty(env, 'REDIS_URL');
  if (rawRedis !== undefined) {
    try {
      const u = new URL(rawRedis);
      if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error('protocol');
      redisUrl = rawRedis;
    } catch {
      problems.push(
        `REDIS_URL debe ser una URL redis:// o rediss://, por ejemplo redis://127.0.0.1:6379 (recibido: ${redactUrl(rawRedis)})`,
      );
    }
  }
  const redisPrefix = nonEmpty(env, 'REDIS_PREFIX') ?? DEFAULT_REDIS_PREFIX;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redisPrefix)) {
    problems.push('REDIS_PREFIX debe tener de 1 a 64 letras, números, puntos, guiones o guiones bajos');
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    databaseUrl,
    port,
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(nonEmpty(env, 'DATA_DIR') ?? 'data'),
    rindegastosApiUrl,
    secretKey,
    ledger,
    defontana,
    demoPassword,
    storeWebhookSecret,
    logLevel,
    trustProxy,
    interactiveDeadlineMs,
    loginThrottle: DEFAULT_LOGIN_THROTTLE,
    redisUrl,
    redisPrefix,
  };
}

/** `TRUST_PROXY`: unset/false, true (any proxy), or a comma list of proxy addresses or CIDRs. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | string[] {
  if (raw === undefined || /^(false|0|no)$/i.test(raw)) return false;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  const list = raw.split(',').map((s) => s.trim());
  if (list.every((s) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(s))) return list;
  problems.push(
    'TRUST_PROXY debe ser true, false o una lista de direcciones del proxy separadas por comas (p. ej. 127.0.0.1,10.0.0.0/8)',
  );
  return false;
}

/** The DEFONTANA_* variables of connector mode; each problem names its variable (never the password's value). */
function parseDefontana(env: NodeJS.ProcessEnv, problems: string[]): DefontanaConfig {
  const apiUrl = nonEmpty(env, 'DEFONTANA_API_URL') ?? DEFAULT_DEFONTANA_API_URL;
  const url = URL.canParse(apiUrl) ? new URL(apiUrl) : null;
  if (!url || !/^https?:$/.test(url.protocol) || !url.pathname.endsWith('/api/')) {
    problems.push(
      `DEFONTANA_API_URL debe ser una URL http(s) terminada en /api/, por ejemplo ${DEFAULT_DEFONTANA_API_URL} (recibido: ${redactUrl(apiUrl).slice(0, 80)})`,
    );
  }
  const required = (name: string, what: string): string => {
    const value = nonEmpty(env, name);
    if (value === undefined) problems.push(`Falta ${name}: ${what} (modo conector, LEDGER=defontana)`);
    return value ?? '';
  };
  const client = required('DEFONTANA_CLIENT', 'el id de cliente que Defontana le entregó');
  const company = required('DEFONTANA_COMPANY', 'el id de la empresa en Defontana');
  const user = required('DEFONTANA_USER', 'el usuario de la API de Defontana');
  const password = env.DEFONTANA_PASSWORD ?? '';
  if (password === '')
    problems.push('Falta DEFONTANA_PASSWORD: la contraseña del usuario de la API de Defontana');
  const rut = required(
    'DEFONTANA_RUT',
    'el RUT de la empresa del host que es esta empresa Defontana, p. ej. 76.123.456-0',
  );
  if (rut !== '' && !validateRut(rut)) {
    problems.push(
      `DEFONTANA_RUT no es un RUT válido (recibido: ${rut.slice(0, 20)}); escríbalo como 76.123.456-0`,
    );
  }
  return { apiUrl, client, company, user, password, rut };
}
