import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { startS3Server } from './s3-server.js';

/**
 * Which deployment the end-to-end suite runs against: `embedded` (SQLite + files, the default) or
 * `shared` (PostgreSQL + pg-boss + an S3-compatible server). The vitest project `server-shared`
 * sets PARLEY_TEST_BACKEND=shared for the server suite, so every test runs in both.
 */
export const TEST_BACKEND: 'embedded' | 'shared' =
  process.env['PARLEY_TEST_BACKEND'] === 'shared' ? 'shared' : 'embedded';

/** The PostgreSQL the shared runs use; each run gets its own schemas in it, dropped afterwards. */
export const TEST_DATABASE_URL =
  process.env['PARLEY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  /** Variables that point a Parley process at this backend. */
  env: Record<string, string>;
  /** Keys of the blobs stored right now, whichever store holds them. */
  blobKeys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh backend for one test server: nothing to do for embedded; a schema and an S3 server for shared. */
export async function provisionBackend(dataDir: string, kind = TEST_BACKEND): Promise<TestBackend> {
  if (kind === 'embedded') {
    return {
      env: {},
      async blobKeys() {
        try {
          return (await readdir(join(dataDir, 'blobs'), { recursive: true })).filter(
            (f) => !f.startsWith('.'),
          );
        } catch {
          return [];
        }
      },
      close: () => Promise.resolve(),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const s3 = await startS3Server();
  const client = new S3Client({
    endpoint: s3.env['AWS_ENDPOINT_URL_S3'] ?? '',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return {
    env: { ...s3.env, PARLEY_DATABASE_URL: url.toString(), PARLEY_BLOB_URL: `s3://${s3.bucket}/parley` },
    async blobKeys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '');
    },
    async close() {
      client.destroy();
      await s3.close();
      await dropSchemas(schema);
    },
  };
}

/** Drops a test run's schema and its job-queue schema. */
export async function dropSchemas(schema: string): Promise<void> {
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
  } finally {
    await db.end();
  }
}
