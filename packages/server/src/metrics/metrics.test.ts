import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedQueue } from '../queue/embedded-queue.js';
import type { BackgroundWork } from '../queue/port.js';
import { openSqliteDatabase } from '../store/sqlite.js';
import { createMetrics } from './metrics.js';

const POLICY = { retryLimit: 0, retryDelayMs: 0, leaseMs: 1000, expireMs: 60_000 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-metrics-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openQueue(file: string) {
  const db = await openSqliteDatabase(join(dir, file));
  const queue = await openEmbeddedQueue(db as unknown as Kysely<unknown>, { owner: 'm', onError: () => {} });
  await queue.createQueue('q', POLICY);
  return { db, queue };
}

function metricsOn(queue: BackgroundWork, errors: string[]) {
  return createMetrics({
    role: 'worker',
    queues: { names: ['q'], stats: (names) => queue.stats(names) },
    components: async () => [{ name: 'speech recognition', ready: false, detail: 'none installed' }],
    onCollectError: (error, source) => errors.push(`${source}: ${error.message}`),
  });
}

describe('createMetrics', () => {
  it("reads the queue's backlog on each scrape", async () => {
    const { db, queue } = await openQueue('live.sqlite');
    const metrics = metricsOn(queue, []);
    expect((await metrics.render()).body).toContain('parley_queue_jobs_waiting{queue="q",role="worker"} 0');
    await queue.send('q', {});
    await queue.send('q', {});
    const { body } = await metrics.render();
    expect(body).toContain('parley_queue_jobs_waiting{queue="q",role="worker"} 2');
    expect(body).toContain('parley_engine_component_ready{component="speech recognition",role="worker"} 0');
    await db.destroy();
  });

  it('still answers when the database cannot be read: without the queue gauges, counting and reporting why', async () => {
    const { db, queue } = await openQueue('gone.sqlite');
    const errors: string[] = [];
    const metrics = metricsOn(queue, errors);
    await db.destroy();
    const { body } = await metrics.render();
    expect(body).not.toMatch(/^parley_queue_jobs_waiting\{/mu);
    expect(body).toContain('parley_metrics_collect_errors_total{source="queues",role="worker"} 1');
    expect(body).toContain('parley_engine_component_ready{component="speech recognition",role="worker"} 0');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^queues: /u);
  });
});
