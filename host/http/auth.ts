import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_SESSION_MESSAGE, type Principal, type SessionService } from '../accounts/SessionService';
import { HttpError } from './errors';

export const SESSION_COOKIE = 'rg_session';

/** Resolves the request's session or throws 401. Handed to extra routes (e.g. the ledger's). */
export type Authenticate = (req: FastifyRequest) => Promise<Principal>;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal | null;
  }
}

export function createAuthenticate(sessions: SessionService): Authenticate {
  return async (req) => {
    // One lookup per request, however many handlers ask.
    if (req.principal === undefined) {
      const sessionId = req.cookies[SESSION_COOKIE];
      req.principal = sessionId ? await sessions.resolve(sessionId) : null;
    }
    if (!req.principal) throw new HttpError(401, 'UNAUTHENTICATED', NO_SESSION_MESSAGE);
    return req.principal;
  };
}

/**
 * NOTE: the cookie's lifetime is relative (Max-Age), never an absolute Expires: the browser
 * compares Expires with its own clock, so a server clock that is off (or a test host's fixed
 * clock) would make the browser drop a fresh session. The server still enforces the session's
 * expiry with its own clock (host_sessions.expires_at).
 */
export function setSessionCookie(reply: FastifyReply, sessionId: string, lifetimeMs: number): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: 'auto',
    maxAge: Math.floor(lifetimeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' });
}
