import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLifecycle, type Lifecycle } from '../lifecycle/lifecycle.js';
import { QUEUES, type BackgroundWork } from '../queue/port.js';
import { createSqliteStore, openSqliteDatabase } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { newInteraction } from '../../test/fixtures.js';
import { reconcileOnce } from './reconcile.js';

let dir: string;
let store: Store;
let lifecycle: Lifecycle;
/** Records what would be queued; the queues themselves have their own contract suite. */
let sent: Array<{ name: string; key: string | undefined }>;
const queue: Pick<BackgroundWork, 'send'> = {
  send(name, _data, options) {
    sent.push({ name, key: options?.singletonKey });
    return Promise.resolve();
  },
};
const NOW = new Date('2026-01-01T12:00:00.000Z');
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-reconcile-test-'));
  const db = await openSqliteDatabase(join(dir, 'r.sqlite'));
  store = createSqliteStore(db);
  sent = [];
  lifecycle = createLifecycle(store.interactions);
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const interaction = (id: string, type: 'audio' | 'chat', declared: string) =>
  newInteraction({ id, type, declared });

const deps = () => ({
  interactions: store.interactions,
  lifecycle,
  queue,
});
const RULES = { declaredGraceMs: 60_000, uploadStaleMs: 30 * 60_000 };

async function claimedIds(): Promise<string[]> {
  expect(sent.every((s) => s.name === QUEUES.process)).toBe(true);
  return Promise.resolve(sent.map((s) => s.key ?? '').sort());
}

describe('reconcileOnce', () => {
  it('gives a job to an interaction waiting for a worker without one, and to one left declared', async () => {
    // Stored and moved on, but the process died before queueing it.
    await lifecycle.declare(interaction('orphan', 'chat', minutesBefore(5)));
    // Stored, then the process died before moving it on.
    await store.interactions.insert(interaction('stuck-declared', 'chat', minutesBefore(5)));
    // Being declared right now by another process: left to it.
    await store.interactions.insert(interaction('fresh-declared', 'chat', NOW.toISOString()));
    expect(await reconcileOnce(deps(), NOW, RULES)).toBe(2);
    expect(await claimedIds()).toEqual(['orphan', 'stuck-declared']);
    expect((await store.interactions.find('stuck-declared'))?.status).toBe('pendingProcessing');
    expect((await store.interactions.find('fresh-declared'))?.status).toBe('declared');
  });

  it('sends audio to the audio queue and chats to the text queue', async () => {
    await lifecycle.declare(interaction('a-call', 'audio', minutesBefore(5)));
    await lifecycle.startUpload('a-call');
    await lifecycle.finishUpload('a-call', { blobKey: 'audio/a-call', filename: 'call.wav' });
    await lifecycle.declare(interaction('a-chat', 'chat', minutesBefore(5)));
    expect(await reconcileOnce(deps(), NOW, RULES)).toBe(2);
    expect(sent.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))).toEqual([
      { name: QUEUES.transcribe, key: 'a-call' },
      { name: QUEUES.process, key: 'a-chat' },
    ]);
  });

  it('fails an upload still in progress long after the declare, with a reason, and leaves recent ones', async () => {
    for (const [id, age] of [
      ['dead-upload', 45],
      ['live-upload', 5],
    ] as const) {
      await lifecycle.declare(interaction(id, 'audio', minutesBefore(age)));
      await lifecycle.startUpload(id);
    }
    await reconcileOnce(deps(), NOW, RULES);
    const dead = await store.interactions.find('dead-upload');
    expect(dead).toMatchObject({ status: 'fileUploadFailed', errorCode: 'upload_interrupted' });
    expect(dead?.errorMessage).toMatch(/PARLEY_UPLOAD_STALE_MS.*Declare the interaction again/);
    expect((await store.interactions.find('live-upload'))?.status).toBe('fileUploading');
    expect(await claimedIds()).toEqual([]);
  });
});
