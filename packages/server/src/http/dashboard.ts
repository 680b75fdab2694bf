import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface DashboardOptions {
  /** The built dashboard (`packages/web/dist`); found next to this package when not given. */
  root?: string;
}

export const DASHBOARD_PREFIX = '/app';

/**
 * `src/http/dashboard.ts` and `dist/http/dashboard.js` both sit two folders below the server
 * package, so the web package's build output is at the same relative place from either.
 */
export function defaultDashboardRoot(): string {
  return fileURLToPath(new URL('../../../web/dist/', import.meta.url));
}

/** The dashboard loads nothing from elsewhere; the API it calls is on the same origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  // A missing script or stylesheet is a 404, not the page: serving HTML for it hides the fault.
  return !path.startsWith(`${DASHBOARD_PREFIX}/assets/`) && !/\.[a-z0-9]+$/i.test(path);
}

async function sendPage(reply: FastifyReply): Promise<FastifyReply> {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .type('text/html; charset=utf-8')
    .sendFile('index.html');
}

/**
 * Serves the built dashboard at /app: files from its dist folder, and index.html for every other
 * page path so the single-page app can route on its own. Needs no API token; the page asks for one.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (
  app: FastifyInstance,
  options: DashboardOptions,
) => {
  const root = options.root ?? defaultDashboardRoot();
  const assets = join(root, 'assets');

  if (!existsSync(join(root, 'index.html'))) {
    const missing = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.code(404).send({
        errorMessage: `The dashboard is not built: ${root} has no index.html. Run \`npm run build\` in the repository, then restart the server.`,
        code: 'dashboard_not_built',
      });
    app.get(DASHBOARD_PREFIX, { schema: { hide: true } }, missing);
    app.get(`${DASHBOARD_PREFIX}/*`, { schema: { hide: true } }, missing);
    return;
  }

  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        index: false,
        cacheControl: false,
        setHeaders(reply, path) {
          // Vite names built assets by content hash, so they never change under the same name.
          reply.header(
            'cache-control',
            path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
      // With the prefix this answers both /app and /app/.
      scope.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
      scope.setNotFoundHandler(async (request, reply) => {
        if (isPageRequest(request)) return sendPage(reply);
        return reply.code(404).send({
          errorMessage: `${request.url.split('?')[0]} is not part of the dashboard build. Rebuild it with \`npm run build\` if the page is out of date.`,
          code: 'not_found',
        });
      });
    },
    { prefix: DASHBOARD_PREFIX },
  );
};
