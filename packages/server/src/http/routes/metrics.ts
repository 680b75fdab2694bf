import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import type { MetricsAccess } from '../../metrics/access.js';
import type { ServiceMetrics } from '../../metrics/metrics.js';
import { sendError } from '../error-handler.js';

/** GET /metrics beside /healthz: outside /v1, so tenant tokens neither open nor are needed for it. */
export async function metricsRoutes(
  app: FastifyInstance,
  deps: { metrics: ServiceMetrics; access: MetricsAccess },
): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const refusal = deps.access(request.headers.authorization, request.socket.remoteAddress);
    if (refusal !== undefined) {
      if (refusal.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="parley-metrics"');
      return sendError(request, reply, new ApiError(refusal.code, refusal.errorMessage));
    }
    const { contentType, body } = await deps.metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
