/**
 * GET /metrics over real HTTP after real work: a chat, a real recording, a download that keeps
 * failing, and a webhook that succeeds on its second attempt. The values asserted are the ones
 * the work must have produced (one processed interaction per type, the recording's length from
 * its own WAV header, one more status poll between two scrapes).
 */
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAccess } from '../src/metrics/access.js';
import {
  AUDIO_BODY,
  AUDIO_DIR,
  CHAT_BODY,
  TOKEN_A,
  declare,
  startTestServer,
  useTestServer,
  waitUntilFinal,
  type TestServer,
} from './helpers.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const AUDIO_FILE = 'austen-0880.wav';
const STATUS_ROUTE = '/v1/interactions/:interactionId/status';
/** Transcribing a few seconds takes well under a minute, far slower on a loaded machine. */
const PROCESSING_DEADLINE_MS = 240_000;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/u.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/gu)) {
      labels[pair[1] ?? ''] = (pair[2] ?? '').replace(/\\(.)/gu, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the series of `name` whose labels include `labels`; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
}

/** A WAV file's length from its header: the data chunk's size over the byte rate. */
function wavSeconds(data: Buffer): number {
  let byteRate = 0;
  for (let at = 12; at + 8 <= data.length;) {
    const id = data.toString('ascii', at, at + 4);
    const size = data.readUInt32LE(at + 4);
    if (id === 'fmt ') byteRate = data.readUInt32LE(at + 16);
    if (id === 'data') return size / byteRate;
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  let hookCalls = 0;
  receiver.answer = (call) => {
    if (call.path === '/recording-unavailable') return 503;
    if (call.path === '/hook') return ++hookCalls === 1 ? 503 : 204;
    return 404;
  };
});

afterAll(async () => {
  await receiver.close();
});

const test = useTestServer({
  PARLEY_METRICS_TOKEN: METRICS_TOKEN,
  PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'true',
  PARLEY_MAX_JOB_ATTEMPTS: '2',
  PARLEY_RETRY_BASE_MS: '10',
  PARLEY_WEBHOOK_RETRY_BASE_MS: '50',
});

async function scrape(server: TestServer = test, token: string | null = METRICS_TOKEN): Promise<Sample[]> {
  const response = await fetch(`${server.server.metricsUrl}/metrics`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${body}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
  return parseExposition(body);
}

async function until<T>(read: () => Promise<T | undefined>, what: string, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GET /metrics', () => {
  it('answers only the metrics token: not without it, not a wrong one, not a tenant API token', async () => {
    const url = `${test.url}/metrics`;
    for (const headers of [
      {},
      { authorization: 'Bearer not-the-metrics-token-at-all' },
      { authorization: `Bearer ${TOKEN_A}` },
      { 'x-api-token': TOKEN_A },
      { authorization: METRICS_TOKEN },
    ] as Array<Record<string, string>>) {
      const response = await fetch(url, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /u);
      const body = (await response.json()) as { errorMessage: string; code: string };
      expect(body.code).toBe('unauthorized');
      expect(body.errorMessage).toMatch(/PARLEY_METRICS_TOKEN/u);
    }
    expect(test.server.metricsUrl).toBe(test.url);
    expect((await fetch(url, { headers: { authorization: `bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    // Not part of the tenant API.
    expect((await test.api('/v1/metrics')).status).toBe(404);
  });

  it('counts processed, failed and retried jobs, processing time per second of audio, requests and webhooks', async () => {
    const recording = await readFile(join(AUDIO_DIR, AUDIO_FILE));
    const chatId = await declare(test, { ...CHAT_BODY, callbackUri: `${receiver.url}/hook` });
    const audioId = await declare(test, AUDIO_BODY);
    const form = new FormData();
    form.append('file', new Blob([recording], { type: 'audio/wav' }), AUDIO_FILE);
    expect(
      (await test.api(`/v1/interactions/${audioId}/upload`, { method: 'POST', body: form })).status,
    ).toBe(201);
    const unreachableId = await declare(test, {
      type: 'audio',
      languageTag: 'en-us',
      vertical: 'default',
      downloadUri: `${receiver.url}/recording-unavailable`,
    });

    expect((await waitUntilFinal(test, chatId, PROCESSING_DEADLINE_MS)).status).toBe('processed');
    expect((await waitUntilFinal(test, audioId, PROCESSING_DEADLINE_MS)).status).toBe('processed');
    const unreachable = await waitUntilFinal(test, unreachableId, PROCESSING_DEADLINE_MS);
    expect(unreachable).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_failed' });

    // The webhook's first attempt met a 503; the counter moves once the second one is recorded.
    const samples = await until(async () => {
      const now = await scrape();
      return valueOf(now, 'parley_webhook_deliveries_total', { outcome: 'delivered' }) === 1
        ? now
        : undefined;
    }, 'the webhook delivery to be counted');
    expect(valueOf(samples, 'parley_webhook_deliveries_total', { outcome: 'retry' })).toBe(1);
    expect(valueOf(samples, 'parley_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);

    expect(valueOf(samples, 'parley_jobs_processed_total', { type: 'chat' })).toBe(1);
    expect(valueOf(samples, 'parley_jobs_processed_total', { type: 'audio' })).toBe(1);
    expect(valueOf(samples, 'parley_jobs_processed_total', { type: 'transcript' })).toBeUndefined();
    expect(valueOf(samples, 'parley_jobs_retried_total', { type: 'audio', code: 'download_failed' })).toBe(1);
    expect(valueOf(samples, 'parley_jobs_failed_total', { type: 'audio', code: 'download_failed' })).toBe(1);
    expect(valueOf(samples, 'parley_jobs_failed_total', { type: 'chat' })).toBeUndefined();

    for (const type of ['chat', 'audio']) {
      expect(valueOf(samples, 'parley_processing_duration_seconds_count', { type })).toBe(1);
      expect(valueOf(samples, 'parley_processing_duration_seconds_sum', { type })).toBeGreaterThan(0);
      // Cumulative buckets: the +Inf bucket holds every observation.
      expect(valueOf(samples, 'parley_processing_duration_seconds_bucket', { type, le: '+Inf' })).toBe(1);
    }

    const audioSeconds = wavSeconds(recording);
    expect(audioSeconds).toBeGreaterThan(1);
    expect(valueOf(samples, 'parley_audio_processed_seconds_total')).toBeCloseTo(audioSeconds, 1);
    const processingSeconds =
      valueOf(samples, 'parley_processing_duration_seconds_sum', { type: 'audio' }) ?? 0;
    expect(valueOf(samples, 'parley_audio_processing_seconds_per_audio_second_count')).toBe(1);
    expect(valueOf(samples, 'parley_audio_processing_seconds_per_audio_second_sum')).toBeCloseTo(
      processingSeconds / audioSeconds,
      2,
    );

    // Every series is labelled with the role of the process it came from.
    expect(samples.every((s) => s.labels['role'] === 'all')).toBe(true);
    // Route patterns, never raw URLs: no interaction id appears in any label.
    for (const id of [chatId, audioId, unreachableId]) {
      expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(id)))).toBe(false);
    }
    const uploads = { method: 'POST', route: '/v1/interactions/:interactionId/upload', status_code: '201' };
    expect(valueOf(samples, 'parley_http_request_duration_seconds_count', uploads)).toBe(1);
    const declares = { method: 'POST', route: '/v1/interactions', status_code: '201' };
    expect(valueOf(samples, 'parley_http_request_duration_seconds_count', declares)).toBe(3);
  });

  it('counts each status poll under its route pattern', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id, PROCESSING_DEADLINE_MS);
    const polls = { method: 'GET', route: STATUS_ROUTE, status_code: '200' };
    const before = valueOf(await scrape(), 'parley_http_request_duration_seconds_count', polls) ?? 0;
    expect(before).toBeGreaterThan(0);
    expect((await test.api(`/v1/interactions/${id}/status`)).status).toBe(200);
    expect((await test.api(`/v1/interactions/${id}/status`)).status).toBe(200);
    const after = await scrape();
    expect(valueOf(after, 'parley_http_request_duration_seconds_count', polls)).toBe(before + 2);
    const missing = { method: 'GET', route: STATUS_ROUTE, status_code: '404' };
    const missingBefore = valueOf(after, 'parley_http_request_duration_seconds_count', missing) ?? 0;
    expect((await test.api('/v1/interactions/00000000-0000-4000-8000-000000000000/status')).status).toBe(404);
    expect(valueOf(await scrape(), 'parley_http_request_duration_seconds_count', missing)).toBe(
      missingBefore + 1,
    );
  });

  it('reports each queue, and every engine component /readyz reports', async () => {
    const samples = await scrape();
    for (const queue of ['interaction.process', 'interactions.reconcile', 'retention.sweep']) {
      expect(valueOf(samples, 'parley_queue_jobs_waiting', { queue })).toBeDefined();
      expect(valueOf(samples, 'parley_queue_jobs_running', { queue })).toBeDefined();
      expect(valueOf(samples, 'parley_queue_oldest_due_job_age_seconds', { queue })).toBeDefined();
    }
    // Everything declared above is processed, so nothing waits or runs on the processing queue.
    const processing = { queue: 'interaction.process' };
    expect(valueOf(samples, 'parley_queue_jobs_waiting', processing)).toBe(0);
    expect(valueOf(samples, 'parley_queue_jobs_running', processing)).toBe(0);
    expect(valueOf(samples, 'parley_queue_oldest_due_job_age_seconds', processing)).toBe(0);

    const ready = (await (await fetch(`${test.url}/readyz`)).json()) as {
      components: Array<{ name: string; ready: boolean; detail: string }>;
    };
    expect(ready.components.length).toBeGreaterThan(0);
    for (const component of ready.components) {
      expect(valueOf(samples, 'parley_engine_component_ready', { component: component.name })).toBe(
        component.ready ? 1 : 0,
      );
      expect(
        valueOf(samples, 'parley_engine_component_info', {
          component: component.name,
          detail: component.detail,
        }),
      ).toBe(1);
    }
    expect(valueOf(samples, 'parley_metrics_collect_errors_total', { source: 'queues' })).toBe(0);
    // The standard process metrics come along.
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('a worker-only process', () => {
  it('serves /metrics on PARLEY_METRICS_PORT, to clients on this host when no token is set', async () => {
    const worker = await startTestServer({ PARLEY_ROLE: 'worker', PARLEY_METRICS_PORT: '0' });
    try {
      expect(worker.url).toBe('');
      expect(worker.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
      const samples = await scrape(worker, null);
      expect(samples.every((s) => s.labels['role'] === 'worker')).toBe(true);
      expect(valueOf(samples, 'parley_queue_jobs_waiting', { queue: 'interaction.process' })).toBe(0);
      const other = await fetch(`${worker.server.metricsUrl}/v1/interactions`);
      expect(other.status).toBe(404);
      expect(((await other.json()) as { errorMessage: string }).errorMessage).toMatch(/only GET \/metrics/u);
    } finally {
      await worker.close();
    }
  });
});

/** An address of this host that is not loopback: a client connecting to it is not on 127.0.0.1. */
const OUTWARD_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;

describe('without PARLEY_METRICS_TOKEN', () => {
  // A host with no network interface but loopback cannot connect from anywhere else; the rule
  // itself is still checked below without sockets.
  it.skipIf(OUTWARD_ADDRESS === undefined)(
    'refuses a client that is not on loopback with 403, and answers one that is',
    async () => {
      const open = await startTestServer({
        PARLEY_ROLE: 'worker',
        PARLEY_METRICS_PORT: '0',
        PARLEY_METRICS_HOST: '0.0.0.0',
      });
      try {
        const port = new URL(open.server.metricsUrl).port;
        const outside = await fetch(`http://${OUTWARD_ADDRESS}:${port}/metrics`);
        expect(outside.status).toBe(403);
        const body = (await outside.json()) as { errorMessage: string; code: string };
        expect(body).toMatchObject({ code: 'forbidden' });
        expect(body.errorMessage).toMatch(/PARLEY_METRICS_TOKEN/u);
        expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      } finally {
        await open.close();
      }
    },
  );
});

describe('the metrics access rule', () => {
  it('without a token, answers loopback clients only; with one, only that bearer token', () => {
    const open = metricsAccess(undefined);
    for (const address of ['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'])
      expect(open(undefined, address), address).toBeUndefined();
    for (const address of [
      '10.0.0.5',
      '192.168.1.20',
      '::ffff:10.0.0.5',
      'fe80::1',
      '2001:db8::1',
      undefined,
    ]) {
      expect(open(undefined, address)).toMatchObject({ statusCode: 403, code: 'forbidden' });
    }
    const guarded = metricsAccess(METRICS_TOKEN);
    expect(guarded(`Bearer ${METRICS_TOKEN}`, '10.0.0.5')).toBeUndefined();
    expect(guarded(undefined, '127.0.0.1')).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    expect(guarded(`Bearer ${METRICS_TOKEN}x`, '127.0.0.1')).toMatchObject({ statusCode: 401 });
  });
});
