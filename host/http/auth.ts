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

export function setSessionCookie(reply: FastifyReply, sessionId: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: 'auto',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' });
}
