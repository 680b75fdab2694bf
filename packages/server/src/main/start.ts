import { createEngine, type Engine, type RecognizerFetchOptions } from '@parley/engine';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { openBackends } from './backends.js';
import { loadConfig, type Config } from '../config/config.js';
import { buildApp } from '../http/build-app.js';
import { createLifecycle } from '../lifecycle/lifecycle.js';
import { metricsAccess } from '../metrics/access.js';
import { startMetricsListener } from '../metrics/listener.js';
import { createMetrics } from '../metrics/metrics.js';
import { PROCESSING_QUEUES, QUEUES } from '../queue/port.js';
import { sweepRetention } from '../retention/sweep.js';
import { createInteractionLister } from '../store/interaction-list.js';
import { createTenantToken, registerConfiguredTokens } from '../tenants/tokens.js';
import { createInteractionProcessor } from '../worker/process-interaction.js';
import { reconcileOnce } from '../worker/reconcile.js';
import { createWebhookDeliverer } from '../webhooks/deliver.js';
import { purgeFinishedWebhooks, sendPendingWebhooks } from '../webhooks/outbox.js';
import { createWebhookSettingsStore } from '../webhooks/settings.js';

/** Delivered and given-up webhooks are kept this long, for operators to look into. */
const KEEP_FINISHED_WEBHOOKS_MS = 7 * 86_400_000;

export interface StartOptions {
  /** The environment to configure from, exactly as an operator would set it. */
  env: Record<string, string | undefined>;
  /** The engine to use; by default one is built from PARLEY_MODELS_DIR (and closed on close). */
  engine?: Engine;
  /** A pino logger; by default one is built at PARLEY_LOG_LEVEL. */
  logger?: FastifyBaseLogger;
  /** Create a first token when the store has none (main does; tests pass PARLEY_API_TOKENS). */
  createTokenIfNone?: boolean;
  /** Base for relative paths such as PARLEY_DATA_DIR; defaults to the process's working directory. */
  cwd?: string;
  /**
   * Fetch the recommended speech recogniser when it is missing, unless PARLEY_OFFLINE=true (main
   * does; tests do not), reporting progress here.
   */
  fetchRecognizers?: Omit<RecognizerFetchOptions, 'enabled' | 'baseUrl'>;
  /**
   * Listen while the text models load on the text threads (main does): chats and transcripts
   * declared meanwhile wait for them, and /readyz answers 503 with the models `loading` until they
   * are in. Otherwise the server listens once they are loaded.
   */
  loadModelsInBackground?: boolean;
}

export interface ParleyServer {
  /** Where the API listens, e.g. http://127.0.0.1:8080; empty for PARLEY_ROLE=worker. */
  url: string;
  /** Where GET /metrics is served: the API's URL, or the PARLEY_METRICS_PORT listener's; empty for none. */
  metricsUrl: string;
  config: Config;
  warnings: string[];
  /** The token made because none existed; shown once, stored only as a hash. */
  createdToken: string | undefined;
  app: FastifyInstance;
  /** Stops taking requests and jobs, lets running jobs finish within PARLEY_SHUTDOWN_GRACE_MS, closes everything. */
  close(): Promise<void>;
}

/** Builds and starts the service from an environment: the one path for main, tests and benches. */
export async function startParley(options: StartOptions): Promise<ParleyServer> {
  const { config, warnings } = loadConfig(options.env, options.cwd === undefined ? {} : { cwd: options.cwd });
  // SQLite + files + in-process queue by default; PostgreSQL + pg-boss and S3 when configured.
  let reportQueueError = (_error: Error, _context: string) => {};
  const owner = config.workerId;
  // SQLite + files + the embedded queue by default; PostgreSQL + pg-boss and S3 when configured.
  const backends = await openBackends(config, {
    env: options.env,
    owner,
    onQueueError: (error, context) => reportQueueError(error, context),
  });
  const { store, blobs, queue } = backends;
  const cleanup: Array<() => Promise<void>> = [() => backends.close()];
  try {
    // After a final status commits, its webhook (already in the outbox) gets its delivery job.
    const lifecycle = createLifecycle(store.interactions, undefined, (id) =>
      sendPendingWebhooks(backends.db, queue, id).then(
        () => undefined,
        (error: unknown) => reportQueueError(error as Error, 'could not queue a webhook delivery'),
      ),
    );
    const recognizerFetch: RecognizerFetchOptions | undefined =
      options.fetchRecognizers === undefined
        ? undefined
        : {
            ...options.fetchRecognizers,
            enabled: !config.offline && config.role !== 'api',
            ...(config.modelsBaseUrl === undefined ? {} : { baseUrl: config.modelsBaseUrl }),
          };
    const engine =
      options.engine ??
      (await createEngine({
        modelsDir: config.modelsDir,
        // An API-only process never processes, so it keeps its text models on its own thread.
        textThreads: config.role === 'api' ? 0 : config.textThreads,
        textTimeoutMs: config.textTimeoutMs,
        loadTextModelsInBackground: options.loadModelsInBackground ?? false,
        ...(config.defaultAgentChannel === undefined
          ? {}
          : { defaultAgentChannel: config.defaultAgentChannel }),
        ...(recognizerFetch === undefined ? {} : { recognizerFetch }),
      }));
    if (options.engine === undefined) cleanup.unshift(() => engine.close());

    // Queue backlog and engine state are read when Prometheus scrapes; see metrics/metrics.ts.
    const metrics = createMetrics({
      role: config.role,
      queues: {
        names: Object.values(QUEUES),
        stats: (names) => queue.stats(names),
      },
      components: () => engine.status(),
      onCollectError: (error, source) => reportQueueError(error, `could not read the ${source} for /metrics`),
    });
    const access = metricsAccess(config.metricsToken);

    let shuttingDown = false;
    const app = await buildApp({
      store,
      blobs,
      queue,
      lifecycle,
      engine,
      limits: {
        maxUploadBytes: config.maxUploadBytes,
        maxJsonBytes: config.maxJsonBytes,
        retentionDays: config.retentionDays,
      },
      logger: options.logger ?? { level: config.logLevel },
      isShuttingDown: () => shuttingDown,
      list: createInteractionLister(backends.db),
      webhookSettings: createWebhookSettingsStore(backends.db),
      allowPrivateCallbacks: config.allowPrivateDownloads,
      defaultRedactionPolicies: config.redactionPolicies,
      metrics: { service: metrics, access, serve: config.metricsPort === undefined },
    });
    cleanup.unshift(() => app.close());
    reportQueueError = (error, context) => app.log.error({ err: error }, context);
    for (const warning of warnings) app.log.warn(warning);

    await registerConfiguredTokens(store.tenants, config.apiTokens);
    let createdToken: string | undefined;
    if (options.createTokenIfNone && (await store.tenants.countTokens()) === 0) {
      createdToken = (await createTenantToken(store.tenants, 'default')).token;
    }

    const works = config.role !== 'api';
    const reconcileDeps = { interactions: store.interactions, lifecycle, queue };
    for (const name of PROCESSING_QUEUES) {
      await queue.createQueue(name, {
        // One run more than attempts: the run past the limit is how a worker learns that earlier
        // runs died without reporting (see process-interaction.ts), and records why.
        retryLimit: config.maxJobAttempts,
        retryDelayMs: config.retryBaseMs,
        leaseMs: config.jobLeaseMs,
        expireMs: config.jobTimeoutMs + config.downloadTimeoutMs + 4 * config.jobLeaseMs,
      });
    }
    const housekeeping = {
      retryLimit: 0,
      retryDelayMs: 1000,
      leaseMs: config.jobLeaseMs,
      expireMs: 30 * 60_000,
    };
    await queue.createQueue(QUEUES.reconcile, housekeeping);
    await queue.createQueue(QUEUES.retention, housekeeping);
    await queue.createQueue(QUEUES.webhook, {
      // One run more than attempts, as for processing: the run past the limit gives up a delivery
      // whose earlier runs died without reporting.
      retryLimit: config.webhookMaxAttempts,
      retryDelayMs: config.webhookRetryBaseMs,
      leaseMs: config.jobLeaseMs,
      expireMs: config.webhookTimeoutMs + 4 * config.jobLeaseMs,
    });
    await queue.createQueue(QUEUES.webhookReconcile, housekeeping);

    // Whatever the previous run left unfinished gets its job again. Only a single embedded
    // process can know that no declare or upload is still under way in another one. With a
    // shared database the workers' scheduled reconcile does this, so API processes start fast.
    const alone = config.role === 'all' && backends.mode === 'embedded';
    if (backends.mode === 'embedded' || works) {
      const recovered = await reconcileOnce(reconcileDeps, new Date(), {
        declaredGraceMs: alone ? 0 : config.reconcileIntervalMs,
        uploadStaleMs: alone ? 0 : config.uploadStaleMs,
      });
      if (recovered > 0) app.log.info({ recovered }, 'unfinished interactions are queued again');
    }

    if (works) {
      const processor = createInteractionProcessor({
        interactions: store.interactions,
        lifecycle,
        blobs,
        engine,
        download: {
          maxBytes: config.maxDownloadBytes,
          timeoutMs: config.downloadTimeoutMs,
          maxRedirects: config.maxDownloadRedirects,
          allowPrivate: config.allowPrivateDownloads,
        },
        jobTimeoutMs: config.jobTimeoutMs,
        maxAttempts: config.maxJobAttempts,
        log: app.log.child({ component: 'worker' }),
        metrics,
      });
      // Chats and transcripts take milliseconds, calls take minutes: each has its own slots, so a
      // batch of calls never holds the slots a chat needs.
      await queue.work(QUEUES.process, { concurrency: config.workerConcurrency }, processor.handle);
      await queue.work(QUEUES.transcribe, { concurrency: config.audioConcurrency }, processor.handle);

      const retentionLog = app.log.child({ component: 'retention' });
      await queue.work(QUEUES.retention, { concurrency: 1 }, () =>
        sweepRetention(
          { interactions: store.interactions, queue, blobs, retentionDays: config.retentionDays },
          retentionLog,
        ),
      );
      queue.every(QUEUES.retention, config.retentionSweepMs);

      if (backends.mode === 'shared') {
        await queue.work(QUEUES.reconcile, { concurrency: 1 }, async () => {
          await reconcileOnce(reconcileDeps, new Date(), {
            declaredGraceMs: config.reconcileIntervalMs,
            uploadStaleMs: config.uploadStaleMs,
          });
        });
        queue.every(QUEUES.reconcile, config.reconcileIntervalMs);
      }

      const deliver = createWebhookDeliverer({
        db: backends.db,
        settings: createWebhookSettingsStore(backends.db),
        maxAttempts: config.webhookMaxAttempts,
        timeoutMs: config.webhookTimeoutMs,
        allowPrivate: config.allowPrivateDownloads,
        log: app.log.child({ component: 'webhooks' }),
        metrics,
      });
      // Deliveries wait on receivers, not on this process; two at once keep the database's pollers few.
      await queue.work(QUEUES.webhook, { concurrency: 2 }, deliver);
      // Deliveries whose process stopped between committing the final status and sending the job.
      await sendPendingWebhooks(backends.db, queue);
      await queue.work(QUEUES.webhookReconcile, { concurrency: 1 }, async () => {
        await sendPendingWebhooks(backends.db, queue);
        await purgeFinishedWebhooks(backends.db, new Date(Date.now() - KEEP_FINISHED_WEBHOOKS_MS));
      });
      queue.every(QUEUES.webhookReconcile, config.reconcileIntervalMs);
    }

    let url = '';
    if (config.role !== 'worker') {
      const address = await app.listen({ host: config.host, port: config.port });
      url = new URL(address).origin;
    }
    const metricsListener =
      config.metricsPort === undefined
        ? undefined
        : await startMetricsListener({
            host: config.metricsHost,
            port: config.metricsPort,
            metrics,
            access,
            onError: (error) => app.log.error({ err: error }, 'could not collect metrics'),
          });
    if (metricsListener !== undefined) cleanup.unshift(() => metricsListener.close());
    const metricsUrl = metricsListener?.url ?? url;
    if (metricsUrl === '')
      app.log.info('metrics: set PARLEY_METRICS_PORT to serve /metrics from this worker');

    let closing: Promise<void> | undefined;
    return {
      url,
      metricsUrl,
      config,
      warnings,
      createdToken,
      app,
      close() {
        closing ??= (async () => {
          shuttingDown = true;
          await Promise.all([
            app.close(),
            queue.stop({ graceMs: config.shutdownGraceMs }),
            metricsListener?.close(),
          ]);
          if (options.engine === undefined) await engine.close();
          await backends.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    throw error;
  }
}
