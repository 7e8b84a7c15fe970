import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** web/dist of this checkout: src/api/plugins/ is three levels below the repository root. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebOptions {
  /** The built web UI; web/dist by default. */
  readonly distDir?: string;
}

const NOT_BUILT = 'aidgrid API is running; the web UI is not built — run npm run build\n';

function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === '/api' || pathname.startsWith('/api/');
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built web UI at / with a single-page fallback: a GET for a page path that accepts
 * HTML answers index.html, so that links like /?by=region or a future /plans reload. /api/* stays
 * with the API and its problem+json 404. Without a build, GET / says how to make one.
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions = {}): Promise<void> {
  const distDir = options.distDir ?? WEB_DIST_DIR;
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(NOT_BUILT),
    );
    return;
  }

  const assetsDir = path.join(distDir, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: distDir,
    // One route per built file, found at start-up; unknown paths fall through to the routes
    // below instead of a catch-all that would answer 404 before the SPA fallback.
    wildcard: false,
    cacheControl: false,
    setHeaders(res, file) {
      // Vite puts a content hash in every asset name; index.html must always be revalidated.
      res.setHeader(
        'cache-control',
        file.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (isApiPath(request.url) || !acceptsHtml(request)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}

export default webPlugin;
