/**
 * API benchmark: GET throughput and latency under concurrent load, and chat declare-to-processed
 * latency and throughput. The reference is a bare node:http server answering the same status JSON
 * from memory, loaded in the same run by the same client (a worker thread), so the figures read as
 * ratios of what the runtime itself can do. Runs on the embedded default and, when PostgreSQL is
 * reachable, on PostgreSQL.
 *
 * Besides req/s, each endpoint's event-loop time per request (on the thread that runs both
 * servers) is given: the CPU a request costs the server, which other work on a shared machine
 * sways less than throughput. With PostgreSQL it leaves out the database server's own time.
 *
 * Run: npm run bench:api  (BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_CHATS adjust the load;
 * BENCH_BACKENDS=embedded or =postgres runs one; BENCH_DATABASE_URL names the PostgreSQL server)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startParley } from '@parley/server';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const BACKENDS = (process.env['BENCH_BACKENDS'] ?? 'embedded,postgres').split(',');
const DATABASE_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
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
  /** Server event-loop time per request, µs: less swayed than req/s by other work on the machine. */
  busyUs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Samples {
  latencies: number[];
  seconds: number;
  errors: number;
  /** Time this (the servers') event loop was busy while the endpoint was loaded, in ms. */
  busyMs: number;
}

const loader = new Worker(new URL('./load-worker.js', import.meta.url));

function loadRound(url: string, seconds: number, into: Samples): Promise<void> {
  return new Promise((resolvePromise) => {
    const before = performance.eventLoopUtilization();
    loader.once('message', (report: Omit<Samples, 'busyMs'>) => {
      into.busyMs += performance.eventLoopUtilization(before).active;
      into.latencies.push(...report.latencies);
      into.seconds += report.seconds;
      into.errors += report.errors;
      resolvePromise();
    });
    loader.postMessage({ url, seconds, connections: CONCURRENCY, headers: { 'x-api-token': TOKEN } });
  });
}

/** The runtime's own ceiling: node:http answering a status document from memory. */
async function startBareServer(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
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
    busyUs: (samples.busyMs * 1000) / Math.max(1, sorted.length),
  };
}

/**
 * Loads each endpoint in turn, several rounds over, so that noise from other work on the machine
 * falls on the reference and the measured endpoints alike.
 */
async function loadInterleaved(urls: string[]): Promise<LoadResult[]> {
  const samples = urls.map((): Samples => ({ latencies: [], seconds: 0, errors: 0, busyMs: 0 }));
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

async function benchBackend(backend: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const schema = `bench_${process.pid}`;
  const backendEnv: Record<string, string> =
    backend === 'postgres'
      ? { PARLEY_DATABASE_URL: `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}` }
      : {};
  const server = await startParley({
    env: {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN,
      PARLEY_MODELS_DIR: modelsDir,
      PARLEY_LOG_LEVEL: 'silent',
      ...backendEnv,
      ...(process.env['PARLEY_WORKER_CONCURRENCY']
        ? { PARLEY_WORKER_CONCURRENCY: process.env['PARLEY_WORKER_CONCURRENCY'] }
        : {}),
    },
  });
  const base = server.url;
  let bare: { url: string; server: Server } | undefined;
  try {
    console.log(`\n== ${backend === 'postgres' ? 'PostgreSQL + pg-boss' : 'embedded (SQLite + files)'}`);
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews absolutes, less so ratios)\n`,
    );

    const warm = await declareChat(base, -1);
    await waitProcessed(base, warm, 5);
    bare = await startBareServer((await call(`${base}/v1/interactions/${warm}/status`)).text);

    const [reference, health, status, transcript, ai] = (await loadInterleaved([
      bare.url,
      `${base}/healthz`,
      `${base}/v1/interactions/${warm}/status`,
      `${base}/v1/interactions/${warm}/transcripts/punctuated`,
      `${base}/v1/interactions/${warm}/ai`,
    ])) as [LoadResult, LoadResult, LoadResult, LoadResult, LoadResult];

    console.log(
      'endpoint                          req/s     p50 ms   p90 ms   p99 ms   errors   vs bare node:http   server µs/req (vs bare)',
    );
    for (const [name, r] of [
      ['bare node:http (reference)', reference],
      ['GET /healthz', health],
      ['GET /v1/interactions/:id/status', status],
      ['GET .../transcripts/punctuated', transcript],
      ['GET .../ai', ai],
    ] as const) {
      console.log(
        `${name.padEnd(32)} ${fmt(r.perSecond, 0).padStart(6)}   ${fmt(r.p50, 2).padStart(6)}   ${fmt(r.p90, 2).padStart(6)}   ${fmt(r.p99, 2).padStart(6)}   ${String(r.errors).padStart(6)}   ${fmt(r.perSecond / reference.perSecond, 2).padStart(5)}x ${''.padEnd(12)} ${fmt(r.busyUs, 0).padStart(5)} (${fmt(r.busyUs / reference.busyUs, 1)}x)`,
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
      `  one at a time (20 chats):   p50 ${fmt(single[10] ?? NaN)} ms, max ${fmt(single[19] ?? NaN)} ms  (= ${fmt((single[10] ?? NaN) / reference.p50, 0)}x a bare round trip at p50 under load)`,
    );
    console.log(
      `  ${CHATS} declared at once:       declares took ${fmt(declaredMs, 0)} ms; all processed after ${fmt(allMs, 0)} ms = ${fmt((CHATS / allMs) * 1000)} chats/s (${fmt(((CHATS / allMs) * 1000) / availableParallelism())} per core)`,
    );
  } finally {
    bare?.server.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') await dropBenchSchemas(schema);
  }
}

async function dropBenchSchemas(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(`cores: ${availableParallelism()} (${cpu})`);
  console.log(
    `load: ${CONCURRENCY} concurrent keep-alive connections from a worker thread, ${SECONDS} s per endpoint in ${ROUNDS} interleaved rounds`,
  );
  try {
    for (const backend of BACKENDS) await benchBackend(backend);
  } finally {
    agent.destroy();
    await loader.terminate();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
