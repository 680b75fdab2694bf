import { mkdtemp, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../blobs/fs-blobs.js';
import { audioBlobKey, sourceBlobKey } from '../blobs/keys.js';
import { storeSource } from '../blobs/source-blobs.js';
import { createSqliteStore, openSqliteDatabase } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { newInteraction } from '../../test/fixtures.js';
import { purgeExpired } from '../services/purge-expired.js';
import { purgeOrphanSources } from './sweep.js';

let dir: string;
let store: Store;
/** Records what would be cancelled; the queues have their own contract suite. */
const cancelled: string[] = [];
const queue = {
  cancel(_name: string, key: string) {
    cancelled.push(key);
    return Promise.resolve();
  },
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-retention-test-'));
  const db = await openSqliteDatabase(join(dir, 'r.sqlite'));
  store = createSqliteStore(db);
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const interaction = (id: string, declared: string) => newInteraction({ id, declared });

describe('purgeExpired', () => {
  it('deletes interactions older than the retention period, with their files, and keeps newer ones', async () => {
    const blobRoot = join(dir, 'blobs');
    const blobs = createFsBlobStore(blobRoot);
    const old = '00000000-0000-4000-8000-000000000001';
    const recent = '00000000-0000-4000-8000-000000000002';
    await store.interactions.insert(interaction(old, '2026-01-01T00:00:00.000Z'));
    await store.interactions.insert(interaction(recent, '2026-02-10T00:00:00.000Z'));
    const oldFile = join(blobRoot, audioBlobKey(old));
    await mkdir(dirname(oldFile), { recursive: true });
    await writeFile(oldFile, 'audio');

    const purged = await purgeExpired({
      interactions: store.interactions,
      queue,
      blobs,
      retentionDays: 30,
      now: () => new Date('2026-02-15T00:00:00Z'),
    });

    expect(purged).toBe(1);
    expect(await store.interactions.find(old)).toBeUndefined();
    expect(await store.interactions.find(recent)).toBeDefined();
    await expect(stat(oldFile)).rejects.toThrow();
  });
});

describe('purgeOrphanSources', () => {
  it('deletes chat and transcript sources no interaction points to, once they are an hour old', async () => {
    const blobRoot = join(dir, 'blobs');
    const blobs = createFsBlobStore(blobRoot);
    const chat = { kind: 'chat' as const, chat: { participants: [], messages: [] } };
    const waiting = '00000000-0000-4000-8000-000000000011';
    const finished = '00000000-0000-4000-8000-000000000012';
    const rowless = '00000000-0000-4000-8000-000000000013';
    const fresh = '00000000-0000-4000-8000-000000000014';
    const now = new Date();
    await store.interactions.insert({
      ...interaction(waiting, now.toISOString()),
      type: 'chat',
      sourceBlobKey: await storeSource(blobs, waiting, chat),
    });
    // Processed: the row no longer points to its source, which a crash kept from being deleted.
    await store.interactions.insert({ ...interaction(finished, now.toISOString()), type: 'chat' });
    await storeSource(blobs, finished, chat);
    await storeSource(blobs, rowless, chat);
    await storeSource(blobs, fresh, chat);
    const twoHoursAgo = new Date(now.getTime() - 2 * 3_600_000);
    for (const id of [waiting, finished, rowless])
      await utimes(join(blobRoot, sourceBlobKey(id)), twoHoursAgo, twoHoursAgo);

    expect(await purgeOrphanSources({ interactions: store.interactions, blobs, now: () => now })).toBe(2);

    const exists = (id: string) =>
      stat(join(blobRoot, sourceBlobKey(id))).then(
        () => true,
        () => false,
      );
    expect(await exists(waiting)).toBe(true);
    expect(await exists(fresh)).toBe(true);
    expect(await exists(finished)).toBe(false);
    expect(await exists(rowless)).toBe(false);
  });
});
