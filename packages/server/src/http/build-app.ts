import { randomBytes } from 'node:crypto';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Engine } from '@parley/engine';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { BlobStore } from '../blobs/types.js';
import { ApiError } from '../errors/api-error.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { MetricsAccess } from '../metrics/access.js';
import type { ServiceMetrics } from '../metrics/metrics.js';
import type { BackgroundWork } from '../queue/port.js';
import type { Store } from '../store/types.js';
import { createAuthenticator } from './auth.js';
import { dashboardRoutes } from './dashboard.js';
import { canonicalize } from './canonicalize.js';
import { installErrorHandling } from './error-handler.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { answerClientError, answerFrameworkError, installProtocolAnswers } from './protocol-errors.js';
import { evidenceRoutes } from './routes/evidence.js';
import { interactionRoutes } from './routes/interactions.js';
import { listRoutes } from './routes/list.js';
import { metricsRoutes } from './routes/metrics.js';
import { webhookSettingsRoutes } from './routes/webhook-settings.js';
import type { InteractionLister } from '../store/interaction-list.js';
import type { WebhookSettingsStore } from '../webhooks/settings.js';

export interface AppDeps {
  store: Store;
  blobs: BlobStore;
  queue: Pick<BackgroundWork, 'send' | 'cancel'>;
  lifecycle: Lifecycle;
  engine: Engine;
  limits: { maxUploadBytes: number; maxJsonBytes: number; retentionDays: number };
  /** A pino logger, or logger options (level) for fastify to build one. */
  logger: FastifyBaseLogger | { level: string };
  /** True once shutdown began: /readyz then reports not ready. */
  isShuttingDown?: () => boolean;
  /** GET /v1/interactions (Parley extension); the route is absent without it. */
  list?: InteractionLister;
  /** GET/PUT /v1/webhook (Parley extension); the routes are absent without it. */
  webhookSettings?: WebhookSettingsStore;
  /** PARLEY_ALLOW_PRIVATE_DOWNLOADS, which also lets callback URLs point at private addresses. */
  allowPrivateCallbacks?: boolean;
  /** PARLEY_REDACTION_POLICIES: what declares without `redactionPolicies` get redacted for. */
  defaultRedactionPolicies?: readonly string[];
  /** Every request is recorded in `service`; GET /metrics is served here when `serve` (no own port). */
  metrics?: { service: ServiceMetrics; access: MetricsAccess; serve: boolean };
}

/** A request slower than this is logged at info with its timing; every other one at debug. */
export const SLOW_REQUEST_MS = 1000;

/**
 * One line per request, at a level an operator can filter on: server errors at error (the
 * error handler already logged the cause), slow requests at info, everything else at debug.
 */
function logRequest(
  log: FastifyBaseLogger,
  request: FastifyRequest,
  statusCode: number,
  elapsedMs: number,
): void {
  const level = statusCode >= 500 ? 'error' : elapsedMs >= SLOW_REQUEST_MS ? 'info' : 'debug';
  // Most requests are logged at debug, which a production level filters out: build nothing then.
  if (!(log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level)) return;
  log[level](
    {
      method: request.method,
      url: request.url.split('?')[0],
      statusCode,
      responseTimeMs: Math.round(elapsedMs),
    },
    elapsedMs >= SLOW_REQUEST_MS ? 'slow request' : 'request completed',
  );
}

/**
 * Request ids: a random prefix per process and a counter, in the shape random UUIDs had (32 hex
 * digits), unique across processes without drawing random bytes per request.
 */
const REQUEST_ID_PREFIX = `req_${randomBytes(8).toString('hex')}`;
let requestCount = 0;
function nextRequestId(): string {
  requestCount = (requestCount + 1) % Number.MAX_SAFE_INTEGER;
  return REQUEST_ID_PREFIX + requestCount.toString(16).padStart(16, '0');
}

export const REDACTED_PATHS = [
  'req.headers["x-api-token"]',
  'req.headers.authorization',
  'headers["x-api-token"]',
];

/** The HTTP application, built from its dependencies; it neither listens nor reads the environment. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const loggerOptions =
    'info' in deps.logger
      ? { loggerInstance: deps.logger }
      : { logger: { level: deps.logger.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } } };
  const app = Fastify({
    ...loggerOptions,
    genReqId: nextRequestId,
    // Two info lines per request cost more than answering a status poll; see the onResponse hook.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.limits.maxJsonBytes,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    ajv: { customOptions: { keywords: ['x-aliases'], allErrors: true } },
    // Node would answer a request without Host with an empty 400 before Parley sees it; the API
    // does not route on Host, so such a request is served like any other.
    http: { requireHostHeader: false },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  }) as unknown as FastifyInstance;

  installErrorHandling(app);
  installProtocolAnswers(app.server);

  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const requestMetrics = deps.metrics?.service;
  app.addHook('onResponse', async (request, reply) => {
    logRequest(request.log, request, reply.statusCode, reply.elapsedTime);
    // The route's pattern, not the URL: one series per route however many ids are polled.
    requestMetrics?.request(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  // JSON with an empty body counts as no body: clients send Content-Type: application/json on
  // GET and DELETE too. Any charset parameter (Java sends one) is accepted. A text/plain body is
  // taken when it is JSON (some HTTP clients label JSON that way) and refused with 415 otherwise.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  for (const [type, mislabelled] of [
    ['application/json', false],
    ['text/plain', true],
  ] as const) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        return done(
          new ApiError(
            'validation_failed',
            `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep. Send a flatter document.`,
          ),
          undefined,
        );
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(
          mislabelled
            ? new ApiError(
                'unsupported_media_type',
                'The body is plain text, not JSON. Send a JSON object with Content-Type: application/json.',
              )
            : new ApiError(
                'malformed_json',
                `The request body is not valid JSON (${(error as Error).message}). Send a JSON object with Content-Type: application/json.`,
              ),
          undefined,
        );
      }
    });
  }

  // One place brings request documents to the names their schema uses (see canonicalize.ts). It
  // is attached to the routes that take a body only, so a GET runs no hook for it.
  app.addHook('onRoute', (route) => {
    const bodySchema = route.schema?.body;
    if (bodySchema === undefined) return;
    const canonicalizeBody = async (request: FastifyRequest) => {
      if (request.body === undefined) {
        throw new ApiError(
          'validation_failed',
          'The request has no body. Send a JSON object with Content-Type: application/json.',
        );
      }
      request.body = canonicalize(bodySchema, request.body);
    };
    const given = route.preValidation;
    route.preValidation = given === undefined ? [canonicalizeBody] : [canonicalizeBody, ...[given].flat()];
  });

  await app.register(compress, { global: true, encodings: ['gzip', 'deflate'] });
  await app.register(multipart, {
    limits: { fileSize: deps.limits.maxUploadBytes, fields: 50, parts: 100 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley',
        description: 'Self-hosted conversation intelligence speaking the ElevateAI v1 REST API.',
        version: '1',
      },
      components: {
        securitySchemes: { apiToken: { type: 'apiKey', in: 'header', name: 'X-API-Token' } },
      },
    },
    // A route may document a body it does not validate (the streamed multipart upload).
    transform: ({ schema, url, route }) => {
      const documented = (route.config as { documentedBody?: object } | undefined)?.documentedBody;
      return { schema: documented === undefined ? schema : { ...schema, body: documented }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // `service` and `api` let a client given the server root find the API under it.
  app.get('/healthz', { schema: { hide: true } }, async () => ({
    status: 'ok',
    service: 'parley',
    api: '/v1',
  }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    let database = true;
    try {
      await deps.store.ping();
    } catch {
      database = false;
    }
    const components = await deps.engine.status();
    const stopping = deps.isShuttingDown?.() ?? false;
    // Models still loading (at start) make the service not ready yet: work declared now waits.
    const loading = components.some((c) => c.loading === true);
    const ready = database && !stopping && !loading;
    return reply.status(ready ? 200 : 503).send({
      ready,
      database: database ? 'ok' : 'unreachable',
      shuttingDown: stopping,
      loading,
      // Missing engine parts do not make the service unready: chats and transcripts still work,
      // and affected interactions fail with the same explanation given here.
      degraded: components.some((c) => !c.ready && c.loading !== true),
      components,
    });
  });

  if (deps.metrics?.serve === true) {
    await metricsRoutes(app, { metrics: deps.metrics.service, access: deps.metrics.access });
  }

  // The dashboard at /app: static files, no token needed to load the page itself.
  await app.register(dashboardRoutes);

  const authenticate = createAuthenticator(deps.store.tenants);
  await app.register(
    async (plain) => {
      const v1 = plain.withTypeProvider<TypeBoxTypeProvider>();
      v1.decorateRequest('tenant', undefined);
      v1.addHook('onRequest', authenticate);
      await interactionRoutes(v1, {
        interactions: deps.store.interactions,
        lifecycle: deps.lifecycle,
        queue: deps.queue,
        blobs: deps.blobs,
        maxUploadBytes: deps.limits.maxUploadBytes,
        retentionDays: deps.limits.retentionDays,
        ...(deps.defaultRedactionPolicies !== undefined
          ? { defaultRedactionPolicies: deps.defaultRedactionPolicies }
          : {}),
      });
      await evidenceRoutes(v1, { interactions: deps.store.interactions, engine: deps.engine });
      if (deps.list !== undefined) await listRoutes(v1, { list: deps.list });
      if (deps.webhookSettings !== undefined) {
        await webhookSettingsRoutes(v1, {
          settings: deps.webhookSettings,
          allowPrivate: deps.allowPrivateCallbacks ?? false,
        });
      }
    },
    { prefix: '/v1' },
  );

  return app;
}
