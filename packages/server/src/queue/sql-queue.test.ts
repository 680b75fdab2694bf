import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../store/schema.js';
import { openSqliteDatabase } from '../store/sqlite.js';
import { createSqlQueue } from './sql-queue.js';
import type { JobQueue } from './types.js';

let dir: string;
let db: Kysely<Database>;
let clock: number;
let queue: JobQueue;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-queue-test-'));
  db = await openSqliteDatabase(join(dir, 'q.sqlite'));
  clock = Date.parse('2026-01-01T00:00:00Z');
  queue = createSqlQueue(db, {
    maxAttempts: 3,
    baseBackoffMs: 1000,
    maxBackoffMs: 60_000,
    now: () => new Date(clock),
  });
});

afterEach(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('sql queue', () => {
  it('hands a job to one claimer at a time, and keeps one job per interaction', async () => {
    await queue.enqueue('i1');
    await queue.enqueue('i1');
    const job = await queue.claim('w1', 10_000);
    expect(job).toMatchObject({ interactionId: 'i1', attempt: 1, maxAttempts: 3 });
    expect(await queue.claim('w2', 10_000)).toBeUndefined();
  });

  it('gives a job whose lease expired to another worker, counting the attempt', async () => {
    await queue.enqueue('i1');
    const first = await queue.claim('w1', 10_000);
    clock += 10_001;
    const second = await queue.claim('w2', 10_000);
    expect(second).toMatchObject({ interactionId: 'i1', attempt: 2 });
    // The first worker's claim is stale: it can neither extend nor complete the job.
    expect(await queue.extendLease(first!, 10_000)).toBe(false);
    await queue.complete(first!);
    clock += 10_001;
    expect(await queue.claim('w3', 10_000)).toMatchObject({ attempt: 3 });
  });

  it('keeps a lease alive while it is extended', async () => {
    await queue.enqueue('i1');
    const job = await queue.claim('w1', 10_000);
    clock += 8_000;
    expect(await queue.extendLease(job!, 10_000)).toBe(true);
    clock += 8_000;
    expect(await queue.claim('w2', 10_000)).toBeUndefined();
  });

  it('retries retryable failures with growing backoff, then gives up', async () => {
    await queue.enqueue('i1');
    let job = await queue.claim('w1', 10_000);
    expect(await queue.fail(job!, { retryable: true, reason: 'flaky' })).toBe('retry_scheduled');
    expect(await queue.claim('w1', 10_000)).toBeUndefined();
    clock += 1000;
    job = await queue.claim('w1', 10_000);
    expect(job?.attempt).toBe(2);
    expect(await queue.fail(job!, { retryable: true, reason: 'flaky' })).toBe('retry_scheduled');
    clock += 1999;
    expect(await queue.claim('w1', 10_000)).toBeUndefined();
    clock += 1;
    job = await queue.claim('w1', 10_000);
    expect(await queue.fail(job!, { retryable: true, reason: 'flaky' })).toBe('gave_up');
    clock += 3_600_000;
    expect(await queue.claim('w1', 10_000)).toBeUndefined();
  });

  it('stops at once on a failure that is not retryable', async () => {
    await queue.enqueue('i1');
    const job = await queue.claim('w1', 10_000);
    expect(await queue.fail(job!, { retryable: false, reason: 'bad input' })).toBe('gave_up');
    expect(await queue.claim('w1', 10_000)).toBeUndefined();
  });

  it('releases a job without counting the attempt', async () => {
    await queue.enqueue('i1');
    await queue.release((await queue.claim('w1', 10_000))!);
    expect(await queue.claim('w1', 10_000)).toMatchObject({ attempt: 1 });
  });

  it("frees a dead process's leases at once on restart", async () => {
    await queue.enqueue('i1');
    await queue.enqueue('i2');
    await queue.claim('host-a', 60_000);
    await queue.claim('host-b', 60_000);
    expect(await queue.releaseOwnedBy('host-a')).toBe(1);
    expect(await queue.claim('host-a', 60_000)).toMatchObject({ attempt: 2 });
    expect(await queue.claim('host-a', 60_000)).toBeUndefined();
  });

  it('starts a finished job afresh when enqueued again, and forgets removed ones', async () => {
    await queue.enqueue('i1');
    await queue.complete((await queue.claim('w1', 10_000))!);
    await queue.enqueue('i1');
    expect(await queue.claim('w1', 10_000)).toMatchObject({ attempt: 1 });
    await queue.enqueue('i2');
    await queue.remove('i2');
    expect(await queue.claim('w1', 10_000)).toBeUndefined();
  });
});
