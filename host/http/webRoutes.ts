import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PluginPackage } from '../pluginLoader';
import { errorBody } from './errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Lit components may add <style> at runtime.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** `file` only when it is inside `dir` (no `..` escapes). */
function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function sendFile(reply: FastifyReply, file: string) {
  try {
    const data = await fs.readFile(file);
    return reply
      .header('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .send(data);
  } catch {
    return reply.code(404).send(errorBody('NOT_FOUND', 'Archivo no encontrado.'));
  }
}

/**
 * The web shell (plain files from host/web, no build step), the plugin's UI modules, and the
 * fallback that serves the shell for every page route, so a reload on /rindegastos/informes works.
 */
export function registerWebRoutes(app: FastifyInstance, webDir: string, plugin: PluginPackage): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('content-security-policy', CSP);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    const file = path.resolve(webDir, req.params['*']);
    if (!inside(webDir, file)) return reply.code(404).send(errorBody('NOT_FOUND', 'Archivo no encontrado.'));
    return sendFile(reply, file);
  });

  // Browsers (and tools) that ignore the shell's <link rel="icon"> still ask for /favicon.ico.
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/assets/favicon.svg', 301));

  // Only the folders that hold a module the manifest declares are served, never the package itself.
  const moduleDirs = [
    ...new Set(
      plugin.manifest.menus
        .filter((m) => m.module)
        .map((m) => path.dirname(path.resolve(plugin.root, m.module!))),
    ),
  ];
  app.get<{ Params: { '*': string } }>(`/plugins/${plugin.manifest.id}/*`, async (req, reply) => {
    const file = path.resolve(plugin.root, req.params['*']);
    if (!moduleDirs.some((dir) => inside(dir, file))) {
      return reply.code(404).send(errorBody('NOT_FOUND', 'Archivo no encontrado.'));
    }
    return sendFile(reply, file);
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0])) {
      return sendFile(reply, path.join(webDir, 'index.html'));
    }
    return reply.code(404).send(errorBody('NOT_FOUND', `No existe ${req.method} ${req.url.split('?')[0]}.`));
  });
}
