import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../test/s3-server.js';
import { createS3BlobStore, createS3ClientFromEnv, parseBlobUrl } from './s3-blobs.js';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './types.js';

let s3: TestS3Server;
let blobs: BlobStore;
let client: ReturnType<typeof createS3ClientFromEnv>;

beforeAll(async () => {
  s3 = await startS3Server();
  client = createS3ClientFromEnv(s3.env);
  blobs = createS3BlobStore(client, parseBlobUrl(`s3://${s3.bucket}/audio-store`));
});

afterAll(async () => {
  client.destroy();
  await s3.close();
});

const keysInBucket = async () =>
  ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key);

describe('parseBlobUrl', () => {
  it('splits bucket and prefix', () => {
    expect(parseBlobUrl('s3://calls/parley/prod/')).toEqual({ bucket: 'calls', prefix: 'parley/prod/' });
    expect(parseBlobUrl('s3://calls')).toEqual({ bucket: 'calls', prefix: '' });
  });

  it('refuses another scheme', () => {
    expect(() => parseBlobUrl('https://calls/x')).toThrow(/s3:\/\/bucket\/prefix/);
  });
});

describe('S3 blob store', () => {
  it('round-trips a small blob under the prefix', async () => {
    const data = randomBytes(1000);
    expect(await blobs.put('audio/ab/one', Readable.from([data]), { maxBytes: 10_000 })).toEqual({
      bytes: 1000,
    });
    expect(await keysInBucket()).toContain('audio-store/audio/ab/one');
    expect(Buffer.compare(await buffer(await blobs.getStream('audio/ab/one')), data)).toBe(0);
    const local = await blobs.getLocalFile('audio/ab/one');
    expect(Buffer.compare(await readFile(local.path), data)).toBe(0);
    await local.release();
    await expect(stat(local.path)).rejects.toThrow();
    await blobs.delete('audio/ab/one');
    await expect(blobs.getStream('audio/ab/one')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('streams a body larger than one part as a multipart upload', async () => {
    const chunks = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    const { bytes } = await blobs.put('audio/cd/big', Readable.from(chunks), { maxBytes: 64 * 1024 * 1024 });
    expect(bytes).toBe(12 * 1024 * 1024);
    const back = await buffer(await blobs.getStream('audio/cd/big'));
    expect(Buffer.compare(back, Buffer.concat(chunks))).toBe(0);
    await blobs.delete('audio/cd/big');
  });

  it('stops an oversized body while streaming and keeps nothing', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 256 * 1024;
        yield randomBytes(256 * 1024);
        if (produced > 64 * 1024 * 1024) throw new Error('the limit was not enforced while streaming');
      }
    }
    await expect(
      blobs.put('audio/ef/too-big', Readable.from(endless()), { maxBytes: 6 * 1024 * 1024 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(produced).toBeLessThan(16 * 1024 * 1024);
    expect(await keysInBucket()).not.toContain('audio-store/audio/ef/too-big');
  });

  it('lists the blobs under a folder, keys without the prefix', async () => {
    const before = Date.now();
    for (const key of ['listed/aa/one', 'listed/bb/two', 'other/cc/three'])
      await blobs.put(key, Readable.from([Buffer.from(key)]), { maxBytes: 100 });
    const listed = [];
    for await (const blob of blobs.list('listed/')) listed.push(blob);
    expect(listed.map((b) => b.key).sort()).toEqual(['listed/aa/one', 'listed/bb/two']);
    // S3 keeps whole seconds.
    for (const { modified } of listed) expect(modified.getTime()).toBeGreaterThan(before - 2000);
    for (const key of ['listed/aa/one', 'listed/bb/two', 'other/cc/three']) await blobs.delete(key);
    const none = [];
    for await (const blob of blobs.list('listed/')) none.push(blob);
    expect(none).toEqual([]);
  });

  it('deleting a missing blob is not an error', async () => {
    await expect(blobs.delete('audio/00/none')).resolves.toBeUndefined();
  });
});
