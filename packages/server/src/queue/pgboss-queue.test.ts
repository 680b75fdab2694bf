import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropSchemas, TEST_DATABASE_URL } from '../../test/backend.js';
import { createPostgresPool } from '../store/postgres.js';
import { createPgBossQueue, type PgBossQueue } from './pgboss-queue.js';
import type { ClaimedJob } from './types.js';

const schema = `q_${randomBytes(6).toString('hex')}`;
const pool = createPostgresPool({ connectionString: TEST_DATABASE_URL, schema });
const queues: PgBossQueue[] = [];

async function open(options: { leaseMs?: number; maxAttempts?: number } = {}): Promise<PgBossQueue> {
  const queue = await createPgBossQueue({
    pool,
    schema: `${schema}_jobs`,
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: 0,
    leaseMs: options.leaseMs ?? 60_000,
    expiryCheckSeconds: 1,
    listen: true,
    onError: (error) => {
      throw error;
    },
  });
  queues.push(queue);
  return queue;
}

let queue: PgBossQueue;
const id = () => `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`;

/** Claims until a job is due or the deadline passes (expiry is noticed by pg-boss's maintenance). */
async function claimWithin(
  q: PgBossQueue,
  owner: string,
  ms: number,
  leaseMs = 60_000,
): Promise<ClaimedJob | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const job = await q.claim(owner, leaseMs);
    if (job !== undefined || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  queue = await open();
});

afterEach(async () => {
  // Each test starts from an empty queue.
  while ((await queue.claim('drain', 60_000)) !== undefined);
});

afterAll(async () => {
  for (const q of queues) await q.close();
  await pool.end();
  await dropSchemas(schema);
});

describe('pg-boss queue', () => {
  it('hands a job to one claimant, and one job however often it is enqueued while waiting', async () => {
    const interaction = id();
    await queue.enqueue(interaction);
    await queue.enqueue(interaction);
    const job = await queue.claim('w1', 60_000);
    expect(job).toMatchObject({ interactionId: interaction, attempt: 1, maxAttempts: 3 });
    expect(await queue.claim('w2', 60_000)).toBeUndefined();
    await queue.enqueue(interaction);
    expect(await queue.claim('w2', 60_000)).toBeUndefined();
    if (job) await queue.complete(job);
    expect(await queue.claim('w2', 60_000)).toBeUndefined();
  });

  it('retries a retryable failure as a new attempt and gives up at maxAttempts', async () => {
    const interaction = id();
    await queue.enqueue(interaction);
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = await claimWithin(queue, 'w1', 5000);
      expect(job?.attempt).toBe(attempt);
      if (job) outcomes.push(await queue.fail(job, { retryable: true, reason: 'boom' }));
    }
    expect(outcomes).toEqual(['retry_scheduled', 'retry_scheduled', 'gave_up']);
    expect(await claimWithin(queue, 'w1', 1500)).toBeUndefined();
  });

  it('stops at once on a failure that retrying cannot fix', async () => {
    await queue.enqueue(id());
    const job = await queue.claim('w1', 60_000);
    expect(job && (await queue.fail(job, { retryable: false, reason: 'bad input' }))).toBe('gave_up');
    expect(await claimWithin(queue, 'w1', 1500)).toBeUndefined();
  });

  it('gives a released job back at once without counting the attempt', async () => {
    const interaction = id();
    await queue.enqueue(interaction);
    const first = await queue.claim('w1', 60_000);
    if (first) await queue.release(first);
    const again = await queue.claim('w2', 60_000);
    expect(again).toMatchObject({ interactionId: interaction, attempt: 1 });
    if (again) await queue.complete(again);
  });

  it('lets another worker take a job whose lease expired; the old claim then holds nothing', async () => {
    const interaction = id();
    await queue.enqueue(interaction);
    const stale = await queue.claim('dead-worker', 1000);
    expect(stale).toBeDefined();
    const taken = await claimWithin(queue, 'w2', 10_000);
    expect(taken).toMatchObject({ interactionId: interaction, attempt: 2 });
    if (!stale || !taken) return;
    expect(await queue.extendLease(stale, 60_000)).toBe(false);
    await queue.complete(stale);
    expect(await queue.extendLease(taken, 60_000)).toBe(true);
    await queue.complete(taken);
    expect(await queue.extendLease(taken, 60_000)).toBe(false);
  });

  it('keeps a job whose lease is extended', async () => {
    await queue.enqueue(id());
    const job = await queue.claim('w1', 1000);
    if (!job) throw new Error('no job');
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 500));
      expect(await queue.extendLease(job, 1000)).toBe(true);
    }
    expect(await queue.claim('w2', 60_000)).toBeUndefined();
    await queue.complete(job);
  });

  it("frees a restarted worker's jobs", async () => {
    await queue.enqueue(id());
    const job = await queue.claim('restarting', 60_000);
    expect(job).toBeDefined();
    expect(await queue.releaseOwnedBy('someone-else')).toBe(0);
    expect(await queue.releaseOwnedBy('restarting')).toBe(1);
    expect(await claimWithin(queue, 'w2', 10_000)).toMatchObject({ interactionId: job?.interactionId });
  });

  it('removes the job of a deleted interaction', async () => {
    const interaction = id();
    await queue.enqueue(interaction);
    await queue.remove(interaction);
    expect(await queue.claim('w1', 60_000)).toBeUndefined();
  });

  it('wakes idle workers in other processes when a job is enqueued', async () => {
    const other = await open();
    const woken = new Promise<void>((resolve) => other.onEnqueued(resolve));
    await queue.enqueue(id());
    await expect(woken).resolves.toBeUndefined();
  });
});
