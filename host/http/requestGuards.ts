import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inputLimitProblem } from '../../shared/validation/inputLimits';
import { errorBody } from './errors';

/** A route of the host's table: method and URL pattern (`/api/plugins/rindegastos/reports/:id/post`). */
export interface RouteRef {
  method: string;
  url: string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CROSS_SITE_MESSAGE =
  'Solicitud rechazada: viene de otro sitio. Use el ERP desde su propia dirección; si usa un proxy, configure TRUST_PROXY.';
export const JSON_ONLY_MESSAGE =
  'Tipo de contenido no soportado: envíe el cuerpo como JSON con Content-Type: application/json (o sin cuerpo).';

/** A request that changes state: POST, PUT, PATCH or DELETE under /api. */
export function isStateChanging(method: string, url: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase()) && (url === '/api' || url.startsWith('/api/'));
}

/** True when the request carries body bytes (a declared length above 0, or a chunked body). */
function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

function mediaType(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * Why a state-changing request does not come from the host's own pages, or null when it may.
 * A browser sends Sec-Fetch-Site and Origin; scripts and server-to-server callers (curl, the
 * payment provider's webhook) send neither and are let through: they carry no victim's cookie.
 */
function crossSiteReason(req: FastifyRequest): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `sec-fetch-site ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) return 'origin';
  return null;
}

/**
 * The host's CSRF and content-type rules, for every state-changing request under /api, before
 * any route (and before authentication) runs:
 * - another site's page is refused (403) by Sec-Fetch-Site or Origin. SameSite=Strict already
 *   keeps the cookie from other sites, but a page on another port of the same host is the same
 *   site; the origin check is what stops it.
 * - a body must be JSON (415 otherwise): a `text/plain` form cannot smuggle one in. An empty body
 *   is accepted whatever the Content-Type says (action routes take none), so fastify never
 *   answers "Body cannot be empty".
 *
 * And every parsed JSON body is held to the plugin's input limits (depth, keys, sizes) before
 * any schema or DTO looks at it: 400, naming the field, echoing none of it.
 *
 * Returns the host's route table as it is registered, for tests and diagnostics.
 */
export function registerRequestGuards(app: FastifyInstance): { routes: RouteRef[] } {
  const routes: RouteRef[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!isStateChanging(req.method, req.url)) return;
    const crossSite = crossSiteReason(req);
    if (crossSite) {
      req.log.warn(
        { method: req.method, url: req.routeOptions.url, why: crossSite },
        'cross-site request refused',
      );
      return reply.code(403).send(errorBody('CROSS_SITE', CROSS_SITE_MESSAGE));
    }
    if (!hasBody(req)) {
      // Nothing to parse: the route sees no body, as if none was declared.
      delete req.headers['content-type'];
      return;
    }
    if (mediaType(req) !== 'application/json') {
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', JSON_ONLY_MESSAGE));
    }
  });
  app.addHook('preValidation', async (req, reply) => {
    if (req.body === null || typeof req.body !== 'object' || Buffer.isBuffer(req.body)) return;
    const problem = inputLimitProblem(req.body);
    if (problem) {
      return reply
        .code(400)
        .send(errorBody('VALIDATION', `Datos inválidos: ${problem.field}: ${problem.message}.`));
    }
  });
  return { routes };
}
