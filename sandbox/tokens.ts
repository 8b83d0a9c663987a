/** API tokens shaped like Rindegastos' (a JWT signed with HS256, rindegastos-api.md §1). */
import { createHmac } from 'node:crypto';
import { mix32, seedOf } from './random';

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(payload: Record<string, string>, secret: string): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const body = b64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** True when the token is a well-formed HS256 JWT signed with `secret`. */
export function verifyJwt(token: string, secret: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
  return expected === parts[2];
}

/**
 * A company's token. Deterministic in (seed, company, generation) so `npm run sandbox` prints the
 * same demo token on every start with the same seed.
 */
export function companyToken(
  secret: string,
  seed: number,
  company: { companyId: number; adminUserId: number },
  generation: number,
): string {
  const random = [0, 1, 2, 3]
    .map((k) =>
      mix32(seedOf(seed, company.companyId, generation, k))
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return signJwt(
    {
      user_id: String(company.adminUserId),
      company_id: String(company.companyId),
      random: `randAPI${random}`,
    },
    secret,
  );
}
