import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsAccess } from './access.js';
import type { ServiceMetrics } from './metrics.js';

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

/**
 * /metrics on a port of its own (PARLEY_METRICS_PORT): how a worker-only process, which has no
 * API port, is scraped, and how an operator keeps metrics off a public API port. A bare node:http
 * server: it answers one path, under the same access rule as the API port's /metrics.
 */
export async function startMetricsListener(options: {
  host: string;
  port: number;
  metrics: ServiceMetrics;
  access: MetricsAccess;
  onError: (error: Error) => void;
}): Promise<MetricsListener> {
  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/metrics/') {
      return answer(response, 404, {
        errorMessage: `This port serves only GET /metrics (PARLEY_METRICS_PORT); there is no ${path}.`,
        code: 'route_not_found',
      });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return answer(response, 405, { errorMessage: '/metrics takes GET only.', code: 'method_not_allowed' });
    }
    const refusal = options.access(request.headers.authorization, request.socket.remoteAddress);
    if (refusal !== undefined) {
      if (refusal.statusCode === 401) response.setHeader('www-authenticate', 'Bearer realm="parley-metrics"');
      return answer(response, refusal.statusCode, { errorMessage: refusal.errorMessage, code: refusal.code });
    }
    options.metrics.render().then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        options.onError(error as Error);
        answer(response, 500, {
          errorMessage: 'The metrics could not be collected; the server log has the cause.',
          code: 'internal',
        });
      },
    );
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
