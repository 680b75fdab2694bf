import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLifecycle, type Lifecycle } from '../lifecycle/lifecycle.js';
import { openEmbeddedQueue } from '../queue/embedded-queue.js';
import { QUEUES, type BackgroundWork } from '../queue/port.js';
import type { Database } from '../store/schema.js';
import { createSqliteStore, openSqliteDatabase } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { newInteraction } from '../../test/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { createWebhookDeliverer } from './deliver.js';
import { sendPendingWebhooks, type WebhookJobData } from './outbox.js';
import type { WebhookDatabase } from './schema.js';
import { createWebhookSettingsStore } from './settings.js';

const MAX_ATTEMPTS = 3;
const silent = { info: () => undefined, warn: () => undefined };

let dir: string;
let db: Kysely<Database>;
let store: Store;
let queue: BackgroundWork;
let receiver: WebhookReceiver;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-webhook-deliver-'));
  db = await openSqliteDatabase(join(dir, 'w.sqlite'));
  store = createSqliteStore(db);
  queue = await openEmbeddedQueue(db as unknown as Kysely<unknown>, {
    owner: 'test',
    pollIntervalMs: 10,
    onError: () => undefined,
  });
  await queue.createQueue(QUEUES.webhook, {
    retryLimit: MAX_ATTEMPTS,
    retryDelayMs: 1,
    leaseMs: 5000,
    expireMs: 60_000,
  });
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await queue.stop({ graceMs: 1000 });
  await store.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

async function work(): Promise<void> {
  const deliver = createWebhookDeliverer({
    db,
    settings: createWebhookSettingsStore(db),
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: 2000,
    allowPrivate: true,
    log: silent,
  });
  await queue.work(QUEUES.webhook, { concurrency: 2 }, deliver);
}

/** An interaction that failed processing, its webhook to `path` in the outbox. */
async function ended(lifecycle: Lifecycle, path: string): Promise<string> {
  const id = `i-${path.slice(1)}`;
  await lifecycle.declare(
    newInteraction({ id, type: 'chat', sourceBlobKey: 'x', callbackUri: `${receiver.url}${path}` }),
  );
  await lifecycle.startProcessing(id);
  await lifecycle.fail(id, 'processing', { code: 'internal', message: 'on purpose' });
  return id;
}

const delivery = (interactionId: string) =>
  (db as unknown as Kysely<WebhookDatabase>)
    .selectFrom('webhook_deliveries')
    .select(['id', 'state', 'attempts', 'last_error'])
    .where('interaction_id', '=', interactionId)
    .executeTakeFirstOrThrow();

const settled = async (interactionId: string) => {
  for (let i = 0; i < 500; i++) {
    const row = await delivery(interactionId);
    if (row.state !== 'pending') return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`delivery of ${interactionId} still pending`);
};

describe('webhook.deliver', () => {
  it('sends the job once the final status commits, and delivers it once however often it is sent', async () => {
    const lifecycle = createLifecycle(store.interactions, undefined, async (id) => {
      await sendPendingWebhooks(db, queue, id);
    });
    await work();
    const id = await ended(lifecycle, '/once');
    await receiver.waitFor((calls) => calls.length === 1);
    expect(await settled(id)).toMatchObject({ state: 'delivered', attempts: 1 });
    // A run of a job for a delivered row (sent twice, or run again after a crash) calls nobody.
    const { id: deliveryId } = await delivery(id);
    await queue.send<WebhookJobData>(QUEUES.webhook, { deliveryId });
    expect(await sendPendingWebhooks(db, queue)).toBe(0);
    await queue.send<WebhookJobData>(QUEUES.webhook, { deliveryId: 'no-such-delivery' });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.calls).toHaveLength(1);
  });

  it('delivers a pending row that never got its job once the reconcile sends it', async () => {
    // The process stopped between committing the final status and sending the job.
    const id = await ended(createLifecycle(store.interactions), '/reconciled');
    await work();
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.calls).toHaveLength(0);
    expect(await sendPendingWebhooks(db, queue)).toBe(1);
    await receiver.waitFor((calls) => calls.length === 1);
    expect(await settled(id)).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(JSON.parse(receiver.calls[0]?.body ?? '')).toEqual({
      interactionIdentifier: id,
      status: 'processingFailed',
      errorMessage: 'on purpose',
    });
  });

  it('gives up at once when the receiver refuses, and after the last attempt otherwise', async () => {
    receiver.answer = (call) => (call.path === '/refused' ? 400 : 503);
    const lifecycle = createLifecycle(store.interactions, undefined, async (id) => {
      await sendPendingWebhooks(db, queue, id);
    });
    await work();
    const refused = await ended(lifecycle, '/refused');
    const down = await ended(lifecycle, '/down');
    expect(await settled(refused)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(await settled(down)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    expect((await delivery(down)).last_error).toMatch(/503/);
    const paths = receiver.calls.map((c) => c.path);
    expect(paths.filter((p) => p === '/refused')).toHaveLength(1);
    expect(
      receiver.calls.filter((c) => c.path === '/down').map((c) => c.headers['parley-webhook-attempt']),
    ).toEqual(['1', '2', '3']);
  });

  it('gives up without a call a delivery whose attempts ran out while its workers died', async () => {
    const id = await ended(createLifecycle(store.interactions), '/dead');
    await (db as unknown as Kysely<WebhookDatabase>)
      .updateTable('webhook_deliveries')
      .set({ attempts: MAX_ATTEMPTS })
      .where('interaction_id', '=', id)
      .execute();
    await work();
    await sendPendingWebhooks(db, queue);
    expect(await settled(id)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    expect(receiver.calls).toHaveLength(0);
  });
});
