import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../../plugin/index';
import { HttpError } from '../http/errors';
import type { AccountRepository, Company, User } from './AccountRepository';
import { dummyPasswordHash, verifyPassword } from './passwords';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

interface SessionRow {
  id_hash: string;
  user_id: string;
  company_id: string;
  created_at: string;
  expires_at: string;
}

const SESSIONS = 'host_sessions';

/** Who is behind a request. Everything the host and its plugin do is scoped by companyId. */
export interface Principal {
  companyId: string;
  userId: string;
  isCompanyAdmin: boolean;
  user: User;
  company: Company;
}

/** The one answer to any failed login: it never says whether the email or the password was wrong. */
export function invalidCredentials(): HttpError {
  return new HttpError(401, 'INVALID_CREDENTIALS', 'Correo o contraseña incorrectos.');
}

export const NO_SESSION_MESSAGE = 'Inicie sesión para continuar.';

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/**
 * Login, logout and session lookup. The cookie holds 32 random bytes; the table holds only their
 * sha256, so reading host_sessions never gives a usable session.
 */
export class SessionService {
  constructor(
    private readonly db: Knex,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly ttlMs: number = SESSION_TTL_MS,
  ) {}

  /**
   * Returns the new session id (cookie value) and how long it lives, or throws
   * invalidCredentials().
   */
  async login(
    email: string,
    password: string,
  ): Promise<{ sessionId: string; principal: Principal; lifetimeMs: number }> {
    const found = await this.accounts.findCredentials(email);
    // An unknown email still costs one scrypt, so timing does not reveal which emails exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
    if (!found || !ok) throw invalidCredentials();
    const company = await this.accounts.findCompany(found.user.companyId);
    if (!company) throw invalidCredentials();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const sessionId = randomBytes(32).toString('base64url');
    await this.db(SESSIONS).where('expires_at', '<=', now.toISOString()).delete();
    await this.db(SESSIONS).insert({
      id_hash: hashSessionId(sessionId),
      user_id: found.user.id,
      company_id: company.id,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    } satisfies SessionRow);
    return { sessionId, principal: principalOf(found.user, company), lifetimeMs: this.ttlMs };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db(SESSIONS)
      .where({ id_hash: hashSessionId(sessionId) })
      .delete();
  }

  /** The principal of a live session, or null (unknown, expired, or its user is gone). */
  async resolve(sessionId: string): Promise<Principal | null> {
    const row = await this.db<SessionRow>(SESSIONS)
      .where({ id_hash: hashSessionId(sessionId) })
      .first();
    if (!row || row.expires_at <= this.clock.now().toISOString()) return null;
    const user = await this.accounts.findUser(row.company_id, row.user_id);
    if (!user) return null;
    const company = await this.accounts.findCompany(user.companyId);
    return company ? principalOf(user, company) : null;
  }
}

function principalOf(user: User, company: Company): Principal {
  return { companyId: company.id, userId: user.id, isCompanyAdmin: user.isCompanyAdmin, user, company };
}
