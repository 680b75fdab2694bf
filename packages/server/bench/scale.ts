/**
 * Scale-out benchmark: chat interactions processed per minute by 1, 2 and 4 worker processes
 * (each PARLEY_WORKER_CONCURRENCY=1) behind one API process, on PostgreSQL + pg-boss, with the
 * real engine. The reference, measured in the same run, is the engine alone in this process
 * (no HTTP, database or queue), so each figure also reads as a fraction of the raw engine speed.
 *
 * Run: npm run bench:scale
 *   (BENCH_CHATS, BENCH_WORKERS=1,2,4, BENCH_WORKER_CONCURRENCY=1, PARLEY_TEST_DATABASE_URL adjust it)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type ChatInput } from '@parley/engine';
import pg from 'pg';

const CHATS = Number(process.env['BENCH_CHATS'] ?? 1000);
const WORKER_COUNTS = (process.env['BENCH_WORKERS'] ?? '1,2,4').split(',').map(Number);
/** Jobs each worker process runs at once (PARLEY_WORKER_CONCURRENCY). */
const SLOTS = process.env['BENCH_WORKER_CONCURRENCY'] ?? '1';
const DATABASE_URL = process.env['PARLEY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const TOKEN = 'bench-scale-token-0123456789abcdef';
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const main = join(repoRoot, 'packages/server/dist/main/index.js');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');

const CHAT: ChatInput = {
  participants: [
    { participantId: 'agent-7', name: 'Dana', role: 'agent' },
    { participantId: 'cust-42', name: 'Lee', role: 'customer' },
  ],
  messages: [
    ['cust-42', '10:00:00', 'Hi, my card was declined this morning and I do not know why.'],
    ['agent-7', '10:00:20', 'I am sorry to hear that. Let me check your account right away.'],
    ['cust-42', '10:00:45', 'Thanks. I was trying to pay for groceries and it just failed twice.'],
    ['agent-7', '10:01:10', 'I see a fraud hold placed yesterday. I have removed it now.'],
    ['cust-42', '10:01:30', 'That is great, thank you so much for the quick help!'],
    ['agent-7', '10:01:45', 'You are welcome. Is there anything else I can do for you today?'],
  ].map(([participantId = '', time = '', content = '']) => ({
    participantId,
    timestamp: `2024-03-01T${time}Z`,
    content,
  })),
};

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'x-api-token': TOKEN, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolvePromise(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts `node main --role <role>` and resolves once it reports it is up. */
function startProcess(
  role: 'api' | 'worker',
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string | undefined }> {
  const child = spawn(process.execPath, [main, '--role', role], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${role} did not start within 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Parley listening on (http:\/\/\S+)/.exec(output);
      if (listening !== null || /Parley worker started/.test(output)) {
        clearTimeout(timer);
        resolvePromise({ child, url: listening?.[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

/** Chats per minute through the engine alone, in this process. */
async function engineReference(): Promise<number> {
  const engine = await createEngine({ modelsDir });
  try {
    const run = () =>
      engine.process({ input: { kind: 'chat', chat: CHAT }, languageTag: 'en-us', includeAiResults: true });
    for (let i = 0; i < 10; i++) await run();
    const count = Math.max(50, Math.min(CHATS, 500));
    const began = performance.now();
    for (let i = 0; i < count; i++) await run();
    return (count / (performance.now() - began)) * 60_000;
  } finally {
    await engine.close();
  }
}

/**
 * Declares a backlog of CHATS chats with no worker running, then starts `workers` worker processes
 * and measures how fast they drain it: from the first to the last `processed` time stored.
 */
async function measure(workers: number): Promise<{ perMinute: number; seconds: number }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-scale-'));
  const env = {
    PARLEY_DATABASE_URL: url.toString(),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_API_TOKENS: TOKEN,
    PARLEY_MODELS_DIR: modelsDir,
    // Shared, read-only models; nothing is fetched from outside during tests.
    PARLEY_OFFLINE: 'true',
    PARLEY_LOG_LEVEL: 'error',
    PARLEY_PORT: '0',
    PARLEY_WORKER_CONCURRENCY: SLOTS,
  };
  const children: ChildProcess[] = [];
  const db = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  try {
    const api = await startProcess('api', env);
    children.push(api.child);
    await db.connect();
    const body = JSON.stringify({
      type: 'chat',
      languageTag: 'en-us',
      vertical: 'default',
      includeAiResults: true,
      chat: CHAT,
    });
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < CHATS) {
          next++;
          const status = await post(`${api.url ?? ''}/v1/interactions`, body);
          if (status !== 201) throw new Error(`declare answered ${status}`);
        }
      }),
    );
    const started = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        startProcess('worker', { ...env, PARLEY_WORKER_ID: `bench-worker-${i}` }),
      ),
    );
    children.push(...started.map((s) => s.child));
    const deadline = performance.now() + 30 * 60_000;
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from interactions where status in ('processed', 'processingFailed')`,
      );
      if (Number(rows[0]?.n) >= CHATS) break;
      if (performance.now() > deadline) throw new Error('chats still unprocessed after 30 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows: failed } = await db.query<{ n: string }>(
      `select count(*) as n from interactions where status <> 'processed'`,
    );
    if (Number(failed[0]?.n) > 0) throw new Error(`${failed[0]?.n} chats failed`);
    // Stored times, so the figure covers processing only, not process start-up or polling.
    const { rows: span } = await db.query<{ first: string; last: string }>(
      `select min(processed) as first, max(processed) as last from interactions`,
    );
    const seconds = (Date.parse(span[0]?.last ?? '') - Date.parse(span[0]?.first ?? '')) / 1000;
    return { perMinute: ((CHATS - 1) / seconds) * 60, seconds };
  } finally {
    for (const child of children) await stop(child);
    await db.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchMain(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `cores: ${availableParallelism()} (${cpu}); chats per run: ${CHATS}; PostgreSQL + pg-boss, one API process; ` +
      `${SLOTS} job(s) at once per worker process`,
  );
  const reference = await engineReference();
  console.log(`reference, engine alone in one process: ${reference.toFixed(0)} chats/min`);
  let single: number | undefined;
  for (const workers of WORKER_COUNTS) {
    const { perMinute, seconds } = await measure(workers);
    single ??= perMinute;
    console.log(
      `${workers} worker process${workers === 1 ? ' ' : 'es'}: ${perMinute.toFixed(0)} chats/min ` +
        `(backlog of ${CHATS} drained in ${seconds.toFixed(1)} s; ${(perMinute / single).toFixed(2)}x one worker; ` +
        `${((perMinute / reference) * 100).toFixed(0)}% of the engine-alone reference)`,
    );
  }
}

benchMain().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
