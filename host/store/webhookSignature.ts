import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-payment-signature';

/** `sha256=<hex>` HMAC-SHA256 of the exact bytes of the request body. */
export function signPayload(secret: string | Buffer, rawBody: Buffer | string): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Constant-time check of a signature header against the raw body. */
export function verifySignature(
  secret: string | Buffer,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signPayload(secret, rawBody));
  const actual = Buffer.from(header);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
