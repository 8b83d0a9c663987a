import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config';

/**
 * The one list of secret keys. Any log field with one of these names, at any of the first
 * levels of nesting, is replaced by "[REDACTED]" before the line is written.
 */
export const SECRET_KEYS: readonly string[] = [
  'token',
  'accessToken',
  'access_token',
  'DEFONTANA_PASSWORD',
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'passwordHash',
  'password_hash',
  'RG_SECRET_KEY',
  'STORE_WEBHOOK_SECRET',
  'secretKey',
  'webhookSecret',
  'sealed',
  'sealedToken',
  'sealed_token',
  'x-payment-signature',
  'signature',
  'sessionId',
];

const DEPTH = 4;

function accessor(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

/** Pino/fast-redact paths for every secret key at depths 0..DEPTH-1 (`token`, `*.token`, `*.*.token` …). */
export function redactPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    for (let depth = 0; depth < DEPTH; depth++) {
      const prefix = Array.from({ length: depth }, () => '*').join('.');
      const access = accessor(key);
      paths.push(prefix ? `${prefix}${access}` : access.startsWith('.') ? key : access);
    }
  }
  return paths;
}

/** The host's structured logger (JSON lines on stdout unless a destination is given). */
export function createLogger(level: LogLevel, destination?: DestinationStream): PinoLogger {
  return pino(
    {
      level,
      base: { service: 'rindegastos-host' },
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
