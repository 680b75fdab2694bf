import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from './fs-blobs.js';
import { BlobTooLargeError } from './types.js';

describe('file blob store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-fs-blobs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every blob when many are put into one directory at the same moment', async () => {
    const blobs = createFsBlobStore(dir);
    const keys = Array.from({ length: 200 }, (_, i) => `sources/ab/${i}.json`);
    await Promise.all(keys.map((key) => blobs.put(key, Readable.from([key]), { maxBytes: 1024 })));
    for (const key of keys) expect(await readFile(join(dir, key), 'utf8')).toBe(key);
    expect((await readdir(join(dir, 'sources/ab'))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses a blob over the limit and leaves nothing behind', async () => {
    const blobs = createFsBlobStore(dir);
    await expect(
      blobs.put('audio/x.wav', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(join(dir, 'audio'))).toEqual([]);
  });
});
