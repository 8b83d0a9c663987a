import type { FastifyInstance } from 'fastify';
import type { SessionService } from '../accounts/SessionService';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie, type Authenticate } from './auth';

export interface SessionRoutesDeps {
  sessions: SessionService;
  auth: Authenticate;
  /** The plugin permissions the principal holds. */
  permissionsOf(principal: Awaited<ReturnType<Authenticate>>): Promise<string[]>;
}

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  app.post<{ Body: { email: string; password: string } }>(
    '/api/session',
    { schema: { body: loginBody } },
    async (req, reply) => {
      const { sessionId, principal, lifetimeMs } = await deps.sessions.login(
        req.body.email,
        req.body.password,
      );
      setSessionCookie(reply, sessionId, lifetimeMs);
      req.log.info({ userId: principal.userId, companyId: principal.companyId }, 'user logged in');
      return reply.code(201).send(await meBody(principal, deps));
    },
  );

  app.delete('/api/session', async (req, reply) => {
    const sessionId = req.cookies[SESSION_COOKIE];
    if (sessionId) await deps.sessions.logout(sessionId);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get('/api/me', async (req) => meBody(await deps.auth(req), deps));
}

async function meBody(principal: Awaited<ReturnType<Authenticate>>, deps: SessionRoutesDeps) {
  const { user, company } = principal;
  return {
    user: { id: user.id, name: user.name, email: user.email, isCompanyAdmin: user.isCompanyAdmin },
    company: { id: company.id, name: company.name, rut: company.rut },
    permissions: await deps.permissionsOf(principal),
  };
}
