import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../test/s3-server.js';
import { openBackends } from './backends.js';
import { ConfigError, loadConfig } from '../config/config.js';

let s3: TestS3Server;
let dataDir: string;

beforeAll(async () => {
  s3 = await startS3Server();
  dataDir = await mkdtemp(join(tmpdir(), 'parley-backends-test-'));
});

afterAll(async () => {
  await s3.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('openBackends', () => {
  it('stops at start with the reason when the S3 bucket is not usable', async () => {
    const env = { ...s3.env, PARLEY_DATA_DIR: dataDir, PARLEY_BLOB_URL: 's3://no-such-bucket/audio' };
    const opening = openBackends(loadConfig(env).config, {
      env,
      owner: 'test',
      onQueueError: () => undefined,
    });
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toThrow(/bucket no-such-bucket is not usable.*AWS_ENDPOINT_URL_S3/);
  });

  it('opens SQLite with S3 audio when only PARLEY_BLOB_URL is set', async () => {
    const env = { ...s3.env, PARLEY_DATA_DIR: dataDir, PARLEY_BLOB_URL: `s3://${s3.bucket}/audio` };
    const backends = await openBackends(loadConfig(env).config, {
      env,
      owner: 'test',
      onQueueError: () => undefined,
    });
    try {
      expect(backends.mode).toBe('embedded');
      await backends.store.ping();
    } finally {
      await backends.close();
    }
  });
});
