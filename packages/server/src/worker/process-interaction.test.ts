import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessingError, type Engine, type EngineJob, type ProcessingResult } from '@parley/engine';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../blobs/fs-blobs.js';
import { storeSource } from '../blobs/source-blobs.js';
import type { BlobStore } from '../blobs/types.js';
import { createLifecycle, type Lifecycle } from '../lifecycle/lifecycle.js';
import { openEmbeddedQueue } from '../queue/embedded-queue.js';
import {
  enqueueProcessing,
  QUEUES,
  type BackgroundWork,
  type Job,
  type ProcessJobData,
} from '../queue/port.js';
import { createSqliteStore, openSqliteDatabase } from '../store/sqlite.js';
import type { Database } from '../store/schema.js';
import type { InteractionRecord, Store } from '../store/types.js';
import { createInteractionProcessor } from './process-interaction.js';
import { newInteraction } from '../../test/fixtures.js';

const EMPTY_LIST = { phrases: [], phraseSegments: [] };
const EMPTY_AI = { enlightenBundles: [], voiceActivitySegments: [] };
/** What the fake engine answers with when it succeeds; the worker stores it as given. */
const RESULT: ProcessingResult = {
  transcript: {
    allParticipants: {
      phrases: ['hello'],
      phraseSegments: [{ startTimeOffset: 0, endTimeOffset: 300, phraseIndex: 0, score: 1 }],
    },
    participantOne: EMPTY_LIST,
    participantTwo: EMPTY_LIST,
    redactionSegments: [],
  },
  punctuated: { sentenceSegments: [], redactionSegments: [] },
  ai: { allParticipants: EMPTY_AI, participantOne: EMPTY_AI, participantTwo: EMPTY_AI },
  durationMs: 300,
};

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
} as unknown as FastifyBaseLogger;

let dir: string;
let store: Store;
let queue: BackgroundWork;
let lifecycle: Lifecycle;
let blobs: BlobStore;
let db: Kysely<Database>;
let working = false;

/** A stand-in for the engine whose answers the test scripts, call by call. */
function scriptedEngine(
  answers: Array<(job: EngineJob) => Promise<ProcessingResult>>,
): Engine & { calls: number } {
  const engine = {
    calls: 0,
    process(job: EngineJob) {
      const answer = answers[Math.min(engine.calls, answers.length - 1)];
      engine.calls++;
      return answer ? answer(job) : Promise.reject(new Error('no answer scripted'));
    },
    status: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
  return engine;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-pool-test-'));
  db = await openSqliteDatabase(join(dir, 'p.sqlite'));
  store = createSqliteStore(db);
  queue = await openQueue('test');
  lifecycle = createLifecycle(store.interactions);
  blobs = createFsBlobStore(join(dir, 'blobs'));
});

const POLICY = { retryLimit: 3, retryDelayMs: 1, leaseMs: 5000, expireMs: 60_000 };

async function openQueue(owner: string): Promise<BackgroundWork> {
  const opened = await openEmbeddedQueue(db as unknown as Kysely<unknown>, {
    owner,
    pollIntervalMs: 10,
    onError: () => undefined,
  });
  await opened.createQueue(QUEUES.process, POLICY);
  return opened;
}

afterEach(async () => {
  await queue.stop({ graceMs: 1000 });
  working = false;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function startPool(engine: Engine): void {
  const processor = createInteractionProcessor({
    interactions: store.interactions,
    lifecycle,
    blobs,
    engine,
    download: { maxBytes: 1000, timeoutMs: 1000, maxRedirects: 0, allowPrivate: false },
    jobTimeoutMs: 10_000,
    maxAttempts: 3,
    log: silent,
  });
  working = true;
  void queue.work(QUEUES.process, { concurrency: 2 }, processor.handle);
}

const EMPTY_CHAT = { kind: 'chat' as const, chat: { participants: [], messages: [] } };

async function declareChat(): Promise<string> {
  const id = crypto.randomUUID();
  await lifecycle.declare(
    newInteraction({ id, type: 'chat', sourceBlobKey: await storeSource(blobs, id, EMPTY_CHAT) }),
  );
  await enqueueProcessing(queue, { id, type: 'chat' });
  return id;
}

async function final(id: string): Promise<InteractionRecord> {
  const until = Date.now() + 10_000;
  for (;;) {
    const record = await store.interactions.find(id);
    if (record && ['processed', 'processingFailed'].includes(record.status)) return record;
    if (Date.now() > until) throw new Error(`still ${record?.status}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('processing an interaction from its queue', () => {
  it('stores the result, sets processed and forgets the chat source', async () => {
    const engine = scriptedEngine([() => Promise.resolve(RESULT)]);
    startPool(engine);
    const record = await final(await declareChat());
    expect(record).toMatchObject({ status: 'processed', sourceBlobKey: null, errorMessage: null });
    expect(await readdir(join(dir, 'blobs'), { recursive: true })).not.toContainEqual(
      expect.stringMatching(/\.json$/u),
    );
    expect(await store.interactions.findResults('t', record.id)).toEqual({
      transcript: RESULT.transcript,
      punctuated: RESULT.punctuated,
      ai: RESULT.ai,
    });
  });

  it('fails at once, with the code and message, on a failure retrying cannot fix', async () => {
    const engine = scriptedEngine([
      () => Promise.reject(new ProcessingError('chat_invalid', 'the chat has no messages')),
    ]);
    startPool(engine);
    const record = await final(await declareChat());
    expect(record).toMatchObject({
      status: 'processingFailed',
      errorCode: 'chat_invalid',
      errorMessage: 'the chat has no messages',
    });
    expect(engine.calls).toBe(1);
    expect(record.sourceBlobKey).toBeNull();
    expect(await readdir(join(dir, 'blobs'), { recursive: true })).not.toContainEqual(
      expect.stringMatching(/\.json$/u),
    );
  });

  it('retries a retryable failure and succeeds', async () => {
    const engine = scriptedEngine([
      () => Promise.reject(new ProcessingError('engine_crashed', 'worker thread died')),
      () => Promise.resolve(RESULT),
    ]);
    startPool(engine);
    expect((await final(await declareChat())).status).toBe('processed');
    expect(engine.calls).toBe(2);
  });

  it('gives up after the bounded number of attempts, saying so', async () => {
    const engine = scriptedEngine([() => Promise.reject(new ProcessingError('timeout', 'took too long'))]);
    startPool(engine);
    const record = await final(await declareChat());
    expect(record).toMatchObject({ status: 'processingFailed', errorCode: 'timeout' });
    expect(record.errorMessage).toBe('took too long (gave up after 3 attempts)');
    expect(engine.calls).toBe(3);
  });

  it('hides an unexpected error behind the internal code', async () => {
    const engine = scriptedEngine([() => Promise.reject(new TypeError('x is undefined'))]);
    startPool(engine);
    const record = await final(await declareChat());
    expect(record.errorCode).toBe('internal');
    expect(record.errorMessage).not.toContain('x is undefined');
  });

  it('stores one result when the same job completes twice', async () => {
    const id = await declareChat();
    await lifecycle.startProcessing(id);
    const results = { transcript: RESULT.transcript, punctuated: RESULT.punctuated, ai: RESULT.ai };
    expect(await lifecycle.completeProcessing(id, results)).toBe(true);
    expect(await lifecycle.completeProcessing(id, results)).toBe(false);
  });

  it('on stop, releases a job that outlives the grace period so it runs again later', async () => {
    const engine = scriptedEngine([
      (job) =>
        new Promise((_, reject) => job.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    ]);
    startPool(engine);
    const id = await declareChat();
    const until = Date.now() + 5000;
    while ((await store.interactions.find(id))?.status !== 'processing' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await queue.stop({ graceMs: 50 });
    expect(working).toBe(true);
    expect((await store.interactions.find(id))?.status).toBe('processing');
    queue = await openQueue('next-run');
    const next = await new Promise<Job<ProcessJobData>>((resolve) => {
      void queue.work<ProcessJobData>(QUEUES.process, { concurrency: 1 }, (job) => {
        resolve(job);
        return Promise.resolve();
      });
    });
    expect(next).toMatchObject({ data: { interactionId: id }, attempt: 1 });
  });
});
