import type { ComponentStatus } from '@parley/engine';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueStats } from '../queue/port.js';
import { RequestHistogram } from './request-histogram.js';

/** What the HTTP layer records per request: one histogram observation, nothing else. */
export interface RequestMetrics {
  /** `route` is the route's pattern (`/v1/interactions/:interactionId/status`), never the raw URL. */
  request(method: string, route: string, statusCode: number, seconds: number): void;
}

/** What the interaction worker records per job outcome. */
export interface JobMetrics {
  /** Processing stored its results; `audioSeconds` only for audio (the decoded length). */
  processed(type: string, processingSeconds: number, audioSeconds?: number): void;
  /** The interaction ended in a failure status with this code. */
  failed(type: string, code: string): void;
  /** An attempt failed with a retryable code, and the job goes back to the queue. */
  retried(type: string, code: string): void;
}

/** Where a webhook delivery attempt ended. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed';

export interface WebhookMetrics {
  webhookDelivery(outcome: WebhookOutcome): void;
}

export interface ServiceMetrics extends RequestMetrics, JobMetrics, WebhookMetrics {
  /** The Prometheus text exposition of every metric, read fresh (queues and engine on each call). */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsSources {
  /** The queues to report, and how to read their backlog (one query per scrape). */
  queues: { names: readonly string[]; stats(names: readonly string[]): Promise<Record<string, QueueStats>> };
  /** The engine's components, as /readyz reports them. */
  components(): Promise<ComponentStatus[]>;
  /** `api`, `worker` or `all`: a constant label so one dashboard can tell the processes apart. */
  role: string;
  /** A source could not be read during a scrape (logged; the scrape goes on without it). */
  onCollectError?: (error: Error, source: 'queues' | 'engine') => void;
}

/** Request latencies: a status poll answers in about a millisecond, an upload can take many seconds. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds of processing: a chat in tens of milliseconds, a long call in minutes. */
const PROCESSING_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Real-time factor: seconds of processing per second of audio (below 1 is faster than real time). */
const REAL_TIME_BUCKETS = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5];

/**
 * Every metric the service exposes, in a registry of its own (several servers can share one
 * process, as tests do). Counters and histograms are updated where things happen; queue backlog
 * and engine state are read when Prometheus scrapes, so nothing polls in between.
 */
export function createMetrics(sources: MetricsSources): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: sources.role });
  // Process CPU, memory, event-loop delay and GC: the standard names every Node dashboard knows.
  collectDefaultMetrics({ register: registry });

  const requests = new RequestHistogram(
    'parley_http_request_duration_seconds',
    'HTTP requests by method, route pattern and status code, and how long they took to answer.',
    REQUEST_BUCKETS,
  );
  requests.register(registry);

  const processed = new Counter({
    name: 'parley_jobs_processed_total',
    help: 'Interactions processed and stored, by interaction type.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'parley_jobs_failed_total',
    help: 'Interactions that ended in a failure status, by interaction type and error code.',
    labelNames: ['type', 'code'] as const,
    registers: [registry],
  });
  const retried = new Counter({
    name: 'parley_jobs_retried_total',
    help: 'Processing attempts that failed and will be retried, by interaction type and error code.',
    labelNames: ['type', 'code'] as const,
    registers: [registry],
  });
  const processingSeconds = new Histogram({
    name: 'parley_processing_duration_seconds',
    help: 'Time the engine took to process one interaction (decode, recognise, text stage), by type.',
    labelNames: ['type'] as const,
    buckets: PROCESSING_BUCKETS,
    registers: [registry],
  });
  const audioSeconds = new Counter({
    name: 'parley_audio_processed_seconds_total',
    help: 'Seconds of audio processed.',
    registers: [registry],
  });
  const realTimeFactor = new Histogram({
    name: 'parley_audio_processing_seconds_per_audio_second',
    help: 'Processing time per second of audio, per processed audio interaction (the real-time factor).',
    buckets: REAL_TIME_BUCKETS,
    registers: [registry],
  });

  const webhooks = new Counter({
    name: 'parley_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (will be tried again), failed (given up).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['delivered', 'retry', 'failed'] as const) webhooks.inc({ outcome }, 0);

  // A source that cannot be read (the database is down) leaves its gauges out of this scrape and
  // counts here, so the rest of the scrape still arrives.
  const collectErrors = new Counter({
    name: 'parley_metrics_collect_errors_total',
    help: 'Scrapes in which a source could not be read (queues: the database; engine: its status), by source.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  for (const source of ['queues', 'engine'] as const) collectErrors.inc({ source }, 0);
  const orNothing = <T>(read: () => Promise<T>, source: 'queues' | 'engine', nothing: T): Promise<T> =>
    read().catch((error: unknown) => {
      collectErrors.inc({ source });
      sources.onCollectError?.(error as Error, source);
      return nothing;
    });

  // One query answers the three queue gauges; the first gauge collected runs it for the others.
  let backlog: Promise<Record<string, QueueStats>> | undefined;
  const readBacklog = () =>
    (backlog ??= orNothing(() => sources.queues.stats(sources.queues.names), 'queues', {}));
  const queueGauge = (name: string, help: string, pick: (stats: QueueStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [queue, stats] of Object.entries(await readBacklog())) this.set({ queue }, pick(stats));
      },
    });
  queueGauge(
    'parley_queue_jobs_waiting',
    'Jobs not yet running (due, or retries scheduled for later), by queue.',
    (s) => s.waiting,
  );
  queueGauge('parley_queue_jobs_running', 'Jobs a worker holds now, by queue.', (s) => s.running);
  queueGauge(
    'parley_queue_oldest_due_job_age_seconds',
    'How long the job that fell due longest ago has waited for a worker, by queue; 0 when none waits.',
    (s) => s.oldestDueSeconds,
  );

  let components: Promise<ComponentStatus[]> | undefined;
  const readComponents = () => (components ??= orNothing(() => sources.components(), 'engine', []));
  new Gauge({
    name: 'parley_engine_component_ready',
    help: 'Whether each engine component (recogniser, voice activity, punctuation, analytics models) can run here: 1 or 0.',
    labelNames: ['component'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      // A name listed more than once (one recogniser per language) is ready only if all of them are.
      const ready = new Map<string, boolean>();
      for (const c of await readComponents()) ready.set(c.name, (ready.get(c.name) ?? true) && c.ready);
      for (const [component, ok] of ready) this.set({ component }, ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'parley_engine_component_info',
    help: 'What each engine component uses (model and version), as the detail label; always 1.',
    labelNames: ['component', 'detail'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await readComponents()) this.set({ component: c.name, detail: c.detail }, 1);
    },
  });

  return {
    request(method, route, statusCode, seconds) {
      requests.observe(method, route, statusCode, seconds);
    },
    processed(type, processing, audio) {
      processed.inc({ type });
      processingSeconds.observe({ type }, processing);
      if (audio !== undefined && audio > 0) {
        audioSeconds.inc(audio);
        realTimeFactor.observe(processing / audio);
      }
    },
    failed(type, code) {
      failed.inc({ type, code });
    },
    retried(type, code) {
      retried.inc({ type, code });
    },
    webhookDelivery(outcome) {
      webhooks.inc({ outcome });
    },
    async render() {
      // Both sources are read before the registry serialises, so an error they count is in this scrape.
      backlog = undefined;
      components = undefined;
      await Promise.all([readBacklog(), readComponents()]);
      try {
        return { contentType: registry.contentType, body: await registry.metrics() };
      } finally {
        backlog = undefined;
        components = undefined;
      }
    },
  };
}
