/**
 * API benchmark: status-GET throughput and latency under concurrent load, chat declare-to-processed
 * latency and throughput, each next to a reference measured in the same run (/healthz under the
 * same load), so the figures read as ratios as well as absolutes.
 *
 * Run: npm run bench:api  (BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_CHATS adjust the load)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startParley } from '@parley/server';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const CHATS = Number(process.env['BENCH_CHATS'] ?? 200);
const ROUNDS = 5;
const TOKEN = 'bench-token-0123456789abcdef';
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function call(url: string, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: { 'x-api-token': TOKEN, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Samples {
  latencies: number[];
  seconds: number;
  errors: number;
}

async function loadRound(url: string, seconds: number, into: Samples): Promise<void> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const { status } = await call(url);
        into.latencies.push(performance.now() - t0);
        if (status !== 200) into.errors++;
      }
    }),
  );
  into.seconds += (performance.now() - started) / 1000;
}

function summarise(samples: Samples): LoadResult {
  const sorted = [...samples.latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    perSecond: sorted.length / samples.seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    errors: samples.errors,
  };
}

/**
 * Loads each endpoint in turn, several rounds over, so that noise from other work on the machine
 * falls on the reference and the measured endpoints alike.
 */
async function loadInterleaved(urls: string[]): Promise<LoadResult[]> {
  const samples = urls.map((): Samples => ({ latencies: [], seconds: 0, errors: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, url] of urls.entries()) await loadRound(url, SECONDS / ROUNDS, samples[i] as Samples);
  }
  return samples.map(summarise);
}

const chatBody = (n: number) =>
  JSON.stringify({
    type: 'chat',
    languageTag: 'en-us',
    vertical: 'default',
    includeAiResults: true,
    chat: {
      participants: [
        { participant_id: 'a', role: 'agent' },
        { participant_id: 'c', role: 'customer' },
      ],
      messages: [
        {
          participant_id: 'c',
          timestamp: '2024-03-01T10:00:00Z',
          content: `Hello, my order ${n} never arrived and I am upset.`,
        },
        {
          participant_id: 'a',
          timestamp: '2024-03-01T10:00:20Z',
          content: 'I am sorry to hear that. Let me check it for you.',
        },
        { participant_id: 'c', timestamp: '2024-03-01T10:00:45Z', content: 'Thank you, I appreciate it.' },
        {
          participant_id: 'a',
          timestamp: '2024-03-01T10:01:10Z',
          content: 'It ships today. Is there anything else I can help with?',
        },
      ],
    },
  });

async function declareChat(base: string, n: number): Promise<string> {
  const { status, text } = await call(`${base}/v1/interactions`, 'POST', chatBody(n));
  if (status !== 201) throw new Error(`declare answered ${status}: ${text}`);
  return (JSON.parse(text) as { interactionIdentifier: string }).interactionIdentifier;
}

async function waitProcessed(base: string, id: string, pollMs: number): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const { text } = await call(`${base}/v1/interactions/${id}/status`);
    const { status } = JSON.parse(text) as { status: string };
    if (status === 'processed') return;
    if (status.endsWith('Failed')) throw new Error(`${id} ended ${status}: ${text}`);
    if (Date.now() > until) throw new Error(`${id} not processed within 120 s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const server = await startParley({
    env: {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN,
      PARLEY_MODELS_DIR: modelsDir,
      PARLEY_LOG_LEVEL: 'silent',
      ...(process.env['PARLEY_WORKER_CONCURRENCY']
        ? { PARLEY_WORKER_CONCURRENCY: process.env['PARLEY_WORKER_CONCURRENCY'] }
        : {}),
    },
  });
  const base = server.url;
  try {
    const cpu = cpus()[0]?.model ?? 'unknown cpu';
    console.log(`cores: ${availableParallelism()} (${cpu}); workers: ${server.config.workerConcurrency}`);
    console.log(
      `load: ${CONCURRENCY} concurrent keep-alive connections, ${SECONDS} s per endpoint in ${ROUNDS} interleaved rounds; client in the server's process`,
    );
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews absolutes, less so ratios)\n`,
    );

    const warm = await declareChat(base, -1);
    await waitProcessed(base, warm, 5);

    const [health, status, transcript] = (await loadInterleaved([
      `${base}/healthz`,
      `${base}/v1/interactions/${warm}/status`,
      `${base}/v1/interactions/${warm}/transcripts/punctuated`,
    ])) as [LoadResult, LoadResult, LoadResult];

    console.log(
      'endpoint                          req/s     p50 ms   p90 ms   p99 ms   errors   vs /healthz',
    );
    for (const [name, r] of [
      ['GET /healthz (reference)', health],
      ['GET /v1/interactions/:id/status', status],
      ['GET .../transcripts/punctuated', transcript],
    ] as const) {
      console.log(
        `${name.padEnd(32)} ${fmt(r.perSecond, 0).padStart(6)}   ${fmt(r.p50, 2).padStart(6)}   ${fmt(r.p90, 2).padStart(6)}   ${fmt(r.p99, 2).padStart(6)}   ${String(r.errors).padStart(6)}   ${fmt(r.perSecond / health.perSecond, 2)}x`,
      );
    }

    // Unloaded: one chat at a time, polled every 2 ms.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const id = await declareChat(base, i);
      await waitProcessed(base, id, 2);
      single.push(performance.now() - t0);
    }
    single.sort((a, b) => a - b);

    // Loaded: many chats declared at once; time until the last is processed.
    const t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: CHATS }, (_, i) => declareChat(base, i)));
    const declaredMs = performance.now() - t0;
    await Promise.all(ids.map((id) => waitProcessed(base, id, 50)));
    const allMs = performance.now() - t0;

    console.log('\nchat declare -> processed');
    console.log(
      `  one at a time (20 chats):   p50 ${fmt(single[10] ?? NaN)} ms, max ${fmt(single[19] ?? NaN)} ms  (= ${fmt((single[10] ?? NaN) / health.p50, 0)}x a /healthz round trip at p50 under load)`,
    );
    console.log(
      `  ${CHATS} declared at once:       declares took ${fmt(declaredMs, 0)} ms; all processed after ${fmt(allMs, 0)} ms = ${fmt((CHATS / allMs) * 1000)} chats/s (${fmt(((CHATS / allMs) * 1000) / availableParallelism())} per core)`,
    );
  } finally {
    await server.close();
    agent.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
