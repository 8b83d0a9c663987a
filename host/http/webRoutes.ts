import path from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { PluginPackage } from '../pluginLoader';
import { errorBody } from './errors';

/**
 * The shell and the plugin screens load only our own modules and stylesheets (no CDN, nothing
 * inline: the screens render into light DOM and are styled by host/web/app.css), talk only to
 * this origin, and are never framed.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
};

/** Revalidate every file (the demo rebuilds in place); JavaScript as RFC 9239 names it. */
function setHeaders(reply: FastifyReply, file: string): void {
  reply.header('cache-control', 'no-cache');
  if (file.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
}

const notFound = errorBody('NOT_FOUND', 'Archivo no encontrado.');

/**
 * The web shell (plain files from host/web), the plugin's UI modules, and the fallback that serves
 * the shell for every page route, so a reload on /rindegastos/informes/13421804 works.
 * @fastify/static resolves paths inside its root only (no `..` escapes) and sets the MIME types;
 * @fastify/helmet sets the security headers.
 */
export async function registerWebRoutes(
  app: FastifyInstance,
  webDir: string,
  plugin: PluginPackage,
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // The demo runs on plain http://127.0.0.1; HSTS belongs to the TLS proxy in front of a deployment.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // reply.sendFile for the shell page (the not-found fallback below); serves no route itself.
  await app.register(fastifyStatic, { root: webDir, serve: false });

  // Browsers (and tools) that ignore the shell's <link rel="icon"> still ask for /favicon.ico.
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));

  // Only the folders that hold a module the manifest declares are served, never the package itself.
  const moduleDirs = [
    ...new Set(
      plugin.manifest.menus
        .filter((m) => m.module)
        .map((m) => path.relative(plugin.root, path.dirname(path.resolve(plugin.root, m.module!)))),
    ),
  ];
  const served = [
    { root: webDir, prefix: '/assets/' },
    ...moduleDirs.map((dir) => ({
      root: path.join(plugin.root, dir),
      prefix: `/plugins/${plugin.manifest.id}/${dir.split(path.sep).join('/')}/`,
    })),
  ];
  await app.register(async (files) => {
    // A path that tries to leave its folder is answered like any missing file.
    files.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.statusCode === 403) return reply.code(404).send(notFound);
      throw err;
    });
    for (const { root, prefix } of served) {
      await files.register(fastifyStatic, {
        root,
        prefix,
        index: false,
        decorateReply: false,
        cacheControl: false,
        setHeaders,
      });
    }
  });

  app.setNotFoundHandler(async (req, reply) => {
    const pathname = req.url.split('?')[0];
    const isPage =
      req.method === 'GET' &&
      !pathname.startsWith('/api/') &&
      !pathname.startsWith('/assets/') &&
      !pathname.startsWith('/plugins/') &&
      !path.extname(pathname);
    if (isPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    if (!pathname.startsWith('/api/') && req.method === 'GET') return reply.code(404).send(notFound);
    return reply.code(404).send(errorBody('NOT_FOUND', `No existe ${req.method} ${pathname}.`));
  });
}
