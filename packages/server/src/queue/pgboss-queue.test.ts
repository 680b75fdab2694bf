import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchemas, TEST_DATABASE_URL } from '../../test/backend.js';
import { queueContract } from '../../test/queue-contract.js';
import { openPostgresDatabase, parseDatabaseUrl, type PostgresDatabase } from '../store/postgres.js';
import type { Job } from './port.js';
import { openPgBossQueue, type PgBossQueue } from './pgboss-queue.js';

const schema = `q_${randomBytes(6).toString('hex')}`;
let database: PostgresDatabase;
const queues: PgBossQueue[] = [];

beforeAll(async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  database = await openPostgresDatabase(parseDatabaseUrl(url.toString()), { maxConnections: 20 });
});

afterAll(async () => {
  for (const queue of queues) await queue.close();
  await database.db.destroy();
  await dropSchemas(schema);
});

/** A queue on this file's schema, as one process would open it; closed after the file's tests. */
async function openQueue(owner: string, { clockOffsetMs = 0, on = database } = {}): Promise<PgBossQueue> {
  const queue = await openPgBossQueue({
    pool: on.pool,
    db: on.db as unknown as Kysely<unknown>,
    schema: `${schema}_jobs`,
    owner,
    onError: () => undefined,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  if (on === database) queues.push(queue);
  return queue;
}

queueContract('pg-boss queue (PostgreSQL)', {
  open: ({ owner, clockOffsetMs }) => openQueue(owner, { clockOffsetMs: clockOffsetMs ?? 0 }),
});

describe('pg-boss queue: a worker killed between taking a job and leasing it', () => {
  it('has its job run again once a sender finds it active with no lease', async () => {
    const queue = await openQueue('survivor');
    const name = `orphan.${randomBytes(4).toString('hex')}`;
    await queue.createQueue(name, { retryLimit: 3, retryDelayMs: 0, leaseMs: 1000, expireMs: 120_000 });
    await queue.send(name, { n: 1 }, { singletonKey: 'interaction-1' });

    // Another process's pg-boss takes the job (it is active from here on) and the process dies
    // before writing its lease: nothing of it is left but the active job.
    const dying = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => database.pool.query(text, values) },
      schema: `${schema}_jobs`,
      schedule: false,
      supervise: false,
    });
    await dying.start();
    const [taken] = await dying.fetch<object>(name);
    await dying.stop({ graceful: false, close: false, wait: true, timeout: 1000 });
    expect(taken?.data).toEqual({ n: 1 });

    const runs: Array<Job<object>> = [];
    await queue.work(name, { concurrency: 1 }, (job) => {
      runs.push(job);
      return Promise.resolve();
    });
    // The interaction still waits, so the reconcile sends its job again, as it does every interval.
    const deadline = Date.now() + 15_000;
    while (runs.length === 0 && Date.now() < deadline) {
      await queue.send(name, { n: 1 }, { singletonKey: 'interaction-1' });
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: taken?.id, data: { n: 1 }, attempt: 2 });
    await queue.stop({ graceMs: 0 });
  }, 30_000);
});

describe('pg-boss queue: a handler that outlives its abort', () => {
  it('ends after the queue and its pool are closed without an unhandled rejection', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('schema', schema);
    const own = await openPostgresDatabase(parseDatabaseUrl(url.toString()), { maxConnections: 4 });
    // A pool of its own, ended below like the server's at shutdown.
    const queue = await openQueue('closing', { on: own });
    const name = `outlives.${randomBytes(4).toString('hex')}`;
    await queue.createQueue(name, { retryLimit: 3, retryDelayMs: 0, leaseMs: 1000, expireMs: 120_000 });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      let started = () => {};
      const running = new Promise<void>((resolve) => (started = resolve));
      let ended = () => {};
      const finished = new Promise<void>((resolve) => (ended = resolve));
      await queue.work(name, { concurrency: 1 }, async () => {
        started();
        // Ignores its signal, as a native call that cannot be interrupted would.
        await new Promise((r) => setTimeout(r, 6000));
        ended();
      });
      await queue.send(name, { n: 1 });
      await running;
      await queue.stop({ graceMs: 0 });
      await queue.close();
      await own.db.destroy();
      await finished;
      await new Promise((r) => setTimeout(r, 200));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  }, 30_000);
});
