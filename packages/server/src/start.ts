import { createEngine, type Engine, type RecognizerFetchOptions } from '@parley/engine';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { openBackends } from './backends.js';
import { loadConfig, type Config } from './config/config.js';
import { buildApp } from './http/build-app.js';
import { createLifecycle } from './lifecycle/lifecycle.js';
import { startRetentionSweeper } from './retention/sweep.js';
import { createInteractionLister } from './store/interaction-list.js';
import { createTenantToken, registerConfiguredTokens } from './tenants/tokens.js';
import { createInteractionProcessor } from './worker/process-interaction.js';
import { createWorkerPool } from './worker/pool.js';
import { startReconciler } from './worker/reconcile.js';
import { startWebhookDispatcher } from './webhooks/dispatcher.js';
import { createWebhookSettingsStore } from './webhooks/settings.js';

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
}

export interface ParleyServer {
  /** Where the API listens, e.g. http://127.0.0.1:8080; empty for PARLEY_ROLE=worker. */
  url: string;
  config: Config;
  warnings: string[];
  /** The token made because none existed; shown once, stored only as a hash. */
  createdToken: string | undefined;
  app: FastifyInstance;
  /** Stops taking requests and jobs, lets running jobs finish within PARLEY_SHUTDOWN_GRACE_MS, closes everything. */
  close(): Promise<void>;
}

const RECOVERY_BATCH = 10_000;

/** Builds and starts the service from an environment: the one path for main, tests and benches. */
export async function startParley(options: StartOptions): Promise<ParleyServer> {
  const { config, warnings } = loadConfig(options.env, options.cwd === undefined ? {} : { cwd: options.cwd });
  // SQLite + files + in-process queue by default; PostgreSQL + pg-boss and S3 when configured.
  let reportQueueError = (_error: Error) => {};
  const backends = await openBackends(config, {
    env: options.env,
    works: config.role !== 'api',
    onQueueError: (error) => reportQueueError(error),
  });
  const { store, blobs, queue } = backends;
  // With a shared database, two processes on one host must not share a lease owner name (each
  // would free the other's jobs when it starts), so the default name gets the process id.
  const owner =
    backends.mode === 'shared' && (options.env['PARLEY_WORKER_ID'] ?? '').trim() === ''
      ? `${config.workerId}-${process.pid}`
      : config.workerId;
  const cleanup: Array<() => Promise<void>> = [() => backends.close()];
  try {
    const lifecycle = createLifecycle(store.interactions);
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
        ...(config.defaultAgentChannel === undefined
          ? {}
          : { defaultAgentChannel: config.defaultAgentChannel }),
        ...(recognizerFetch === undefined ? {} : { recognizerFetch }),
      }));
    if (options.engine === undefined) cleanup.unshift(() => engine.close());

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
    });
    cleanup.unshift(() => app.close());
    reportQueueError = (error) => app.log.error({ err: error }, 'job queue error');
    for (const warning of warnings) app.log.warn(warning);

    await registerConfiguredTokens(store.tenants, config.apiTokens);
    let createdToken: string | undefined;
    if (options.createTokenIfNone && (await store.tenants.countTokens()) === 0) {
      createdToken = (await createTenantToken(store.tenants, 'default')).token;
    }

    async function resumeDeclared(id: string) {
      const record = await store.interactions.find(id);
      return record && lifecycle.leaveDeclared(record);
    }

    // Work this process held when it stopped is due again now, not when its leases expire.
    const released = config.role === 'api' ? 0 : await queue.releaseOwnedBy(owner);
    for (const { id, status } of await store.interactions.listUnfinished(RECOVERY_BATCH)) {
      const next = status === 'declared' ? await resumeDeclared(id) : status;
      // Only a single embedded process can know no upload is still streaming into another one.
      if (next === 'fileUploading' && config.role === 'all' && backends.mode === 'embedded') {
        await lifecycle.fail(id, 'fileUploadFailed', {
          code: 'upload_interrupted',
          message:
            'The server stopped while the upload was in progress. Declare the interaction again and upload the file.',
        });
      } else if (next !== 'filePendingUpload' && next !== 'fileUploading' && next !== undefined) {
        await queue.enqueue(id);
      }
    }
    if (released > 0) app.log.info({ released }, 'jobs from the previous run are due again');

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
    });
    const pool = createWorkerPool({
      queue,
      processor,
      concurrency: config.workerConcurrency,
      owner,
      leaseMs: config.jobLeaseMs,
      pollIntervalMs: 1000,
      logger: app.log.child({ component: 'worker' }),
    });
    if (config.role !== 'api') pool.start();

    const works = config.role !== 'api';
    const webhooks = works
      ? startWebhookDispatcher({
          db: backends.db,
          settings: createWebhookSettingsStore(backends.db),
          owner,
          maxAttempts: config.webhookMaxAttempts,
          retryBaseMs: config.webhookRetryBaseMs,
          timeoutMs: config.webhookTimeoutMs,
          allowPrivate: config.allowPrivateDownloads,
          concurrency: 4,
          pollIntervalMs: 1000,
          keepFinishedMs: 7 * 86_400_000,
          logger: app.log.child({ component: 'webhooks' }),
        })
      : undefined;
    const reconciler =
      works && backends.mode === 'shared'
        ? startReconciler(
            {
              interactions: store.interactions,
              lifecycle,
              queue,
              uploadStaleMs: config.uploadStaleMs,
              logger: app.log.child({ component: 'reconcile' }),
            },
            config.reconcileIntervalMs,
          )
        : undefined;

    const sweeper = startRetentionSweeper(
      { interactions: store.interactions, queue, blobs, retentionDays: config.retentionDays },
      config.retentionSweepMs,
      app.log.child({ component: 'retention' }),
    );

    let url = '';
    if (config.role !== 'worker') {
      const address = await app.listen({ host: config.host, port: config.port });
      url = new URL(address).origin;
    }

    let closing: Promise<void> | undefined;
    return {
      url,
      config,
      warnings,
      createdToken,
      app,
      close() {
        closing ??= (async () => {
          shuttingDown = true;
          await Promise.all([
            app.close(),
            pool.stop(config.shutdownGraceMs),
            sweeper.stop(),
            webhooks?.stop(),
            reconciler?.stop(),
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
