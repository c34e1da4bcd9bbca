/**
 * The web UI: a built single-page app (`ui/dist`) served at `/`, every path that is not a file
 * answered with its index.html (client-side routes). Without a built UI, `/` says where the API
 * is. Paths are resolved inside the UI folder only.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { FerryError } from '../../core/index.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const LANDING = `<!doctype html><html><head><meta charset="utf-8"><title>Ferry</title></head><body>
<h1>Ferry</h1><p>The web UI is not built in this installation. The API is at <a href="/api/v1/applications">/api/v1/applications</a>
(bearer token required); its description at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

export function registerUiRoutes(app: FastifyInstance, uiDir: string | undefined): void {
  const root = uiDir ? path.resolve(uiDir) : undefined;
  app.get('/*', {
    config: { access: 'public' },
    schema: { summary: 'The web UI', tags: ['ui'], response: { 200: { description: 'UI files', content: { 'text/html': { schema: { type: 'string' } } } } } },
  }, async (request, reply) => {
    const url = new URL(request.url, 'http://ferry');
    if (url.pathname.startsWith('/api/') || url.pathname === '/api') {
      throw new FerryError('NOT_FOUND', `no route ${request.method} ${url.pathname}`, { httpStatus: 404 });
    }
    if (!root || !(await isFile(path.join(root, 'index.html')))) return reply.type('text/html; charset=utf-8').send(LANDING);
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      throw new FerryError('REQUEST_INVALID', `malformed path ${url.pathname}`, { httpStatus: 400 });
    }
    const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
    const inside = file === root || file.startsWith(`${root}${path.sep}`);
    const target = inside && (await isFile(file)) ? file : path.join(root, 'index.html');
    const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
    // Built assets have content hashes in their names; index.html must always be re-read.
    reply.header('Cache-Control', target.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    return reply.type(type).send(await readFile(target));
  });
}
