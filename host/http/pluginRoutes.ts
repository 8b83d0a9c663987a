import type { FastifyInstance } from 'fastify';
import type { RequestContext, RunningPlugin } from '../../plugin/index';
import type { Authenticate } from './auth';

/** Plugin query values are strings; a key repeated in the URL keeps its first value. */
function flattenQuery(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v)
      ? v.length
        ? String(v[0])
        : undefined
      : v === undefined
        ? undefined
        : String(v);
  }
  return out;
}

/**
 * Mounts every plugin route at `/api/plugins/{pluginId}{route.path}`. The host authenticates
 * (401 without a session) and builds the request context from the session alone; the plugin
 * enforces license, permission and company scope.
 */
export function mountPluginRoutes(
  app: FastifyInstance,
  pluginId: string,
  running: RunningPlugin,
  auth: Authenticate,
): void {
  for (const route of running.routes) {
    app.route({
      method: route.method,
      url: `/api/plugins/${pluginId}${route.path}`,
      handler: async (req, reply) => {
        const principal = await auth(req);
        const context: RequestContext = {
          companyId: principal.companyId,
          user: {
            id: principal.user.id,
            name: principal.user.name,
            isCompanyAdmin: principal.isCompanyAdmin,
          },
          requestId: req.id,
        };
        const res = await route.handle({
          context,
          params: { ...(req.params as Record<string, string>) },
          query: flattenQuery(req.query),
          body: req.body,
        });
        if (res.contentType) reply.type(res.contentType);
        if (res.fileName) reply.header('content-disposition', `attachment; filename="${res.fileName}"`);
        return reply.code(res.status).send(res.body);
      },
    });
  }
}
