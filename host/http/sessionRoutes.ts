import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionService } from '../accounts/SessionService';
import type { LoginThrottleConfig } from '../config';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie, type Authenticate } from './auth';
import { errorBody, HttpError } from './errors';

export interface SessionRoutesDeps {
  sessions: SessionService;
  auth: Authenticate;
  throttle: LoginThrottleConfig;
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

type LoginRequest = FastifyRequest<{ Body: { email: string; password: string } }>;

function accountKey(req: FastifyRequest): string {
  return 'login:account:' + (req as LoginRequest).body.email.trim().toLowerCase();
}

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return seconds < 60 ? `${seconds} segundos` : minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}

/**
 * Needs @fastify/rate-limit registered on `app`. Wrong passwords are counted per account and per
 * client address; once either reaches its limit in the window, login answers 429 with
 * Retry-After before any password is checked, so a throttled attempt costs no scrypt. Only
 * failures count: a user who logs in often is never throttled.
 */
export function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  const { perAccount, perAddress, windowMs } = deps.throttle;
  const failures = [
    app.createRateLimit({ max: perAccount, timeWindow: windowMs, keyGenerator: accountKey }),
    app.createRateLimit({
      max: perAddress,
      timeWindow: windowMs,
      keyGenerator: (req) => 'login:address:' + req.ip,
    }),
  ];

  app.post<{ Body: { email: string; password: string } }>(
    '/api/session',
    { schema: { body: loginBody } },
    async (req, reply) => {
      const states = await Promise.all(failures.map((limit) => limit(req, { increment: false })));
      const waitSeconds = Math.max(
        0,
        ...states.map((s) => (!s.isAllowed && s.remaining === 0 ? s.ttlInSeconds : 0)),
      );
      if (waitSeconds > 0) {
        req.log.warn({ email: req.body.email, ip: req.ip }, 'login throttled');
        return reply
          .code(429)
          .header('retry-after', String(waitSeconds))
          .send(
            errorBody(
              'TOO_MANY_ATTEMPTS',
              `Demasiados intentos fallidos de inicio de sesión. Espere ${waitText(waitSeconds)} y vuelva a intentarlo, o pida a un administrador de la empresa que revise su cuenta.`,
            ),
          );
      }
      let login;
      try {
        login = await deps.sessions.login(req.body.email, req.body.password);
      } catch (err) {
        if (err instanceof HttpError && err.statusCode === 401) {
          await Promise.all(failures.map((limit) => limit(req)));
          // Never the password: only who tried, from where.
          req.log.warn({ email: req.body.email, ip: req.ip }, 'login failed');
        }
        throw err;
      }
      const { sessionId, principal, lifetimeMs } = login;
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
