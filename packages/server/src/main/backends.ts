import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createFsBlobStore } from '../blobs/fs-blobs.js';
import type { BlobStore } from '../blobs/types.js';
import { ConfigError, type Config } from '../config/config.js';
import { openEmbeddedQueue } from '../queue/embedded-queue.js';
import type { BackgroundWork } from '../queue/port.js';
import type { Database } from '../store/schema.js';
import { createSqliteStore, openSqliteDatabase } from '../store/sqlite.js';
import type { Store } from '../store/types.js';

/** The state a process works on: embedded (SQLite, files) or shared (PostgreSQL, S3). */
export interface Backends {
  /** `shared` when the database is PostgreSQL: other processes may work on the same state. */
  mode: 'embedded' | 'shared';
  store: Store;
  blobs: BlobStore;
  /** Background work: the embedded queue, or pg-boss with a shared database. */
  queue: BackgroundWork;
  /** The store's database, for the queries outside the Store interface (listing, webhooks). */
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** For the AWS variables of the S3 client. */
  env: Record<string, string | undefined>;
  /** Names this process's job leases (see PARLEY_WORKER_ID). */
  owner: string;
  onQueueError: (error: Error, context: string) => void;
}

// The PostgreSQL driver, pg-boss and the AWS SDK take about a second to load, so they are
// imported only by a process configured to use them (PARLEY_DATABASE_URL, PARLEY_BLOB_URL).
const loadPostgres = () => import('../store/postgres.js');
const loadPgBoss = () => import('../queue/pgboss-queue.js');
const loadS3 = () => Promise.all([import('@aws-sdk/client-s3'), import('../blobs/s3-blobs.js')]);

/** Opens the store, blob store and queue that the configuration chooses. */
export async function openBackends(config: Config, options: BackendOptions): Promise<Backends> {
  const blobs = await openBlobs(config, options.env);
  if (config.databaseUrl === undefined) {
    const db = await openSqliteDatabase(join(config.dataDir, 'parley.sqlite'));
    const store = createSqliteStore(db, join(config.dataDir, 'parley.sqlite'));
    const queue = await openEmbeddedQueue(db as unknown as Kysely<unknown>, {
      owner: options.owner,
      onError: options.onQueueError,
    });
    return {
      mode: 'embedded',
      store,
      blobs: blobs.store,
      queue,
      db,
      close: () => closeAll([() => queue.stop({ graceMs: 0 }), store.close, blobs.close]),
    };
  }

  const [
    { createPostgresStore, migrationLockName, openPostgresDatabase, parseDatabaseUrl, withAdvisoryLock },
    { openPgBossQueue },
  ] = await Promise.all([loadPostgres(), loadPgBoss()]);
  const target = parseDatabaseUrl(config.databaseUrl);
  const database = await openPostgresDatabase(target, {
    // Each worker slot holds at most a couple of connections at once; the API needs a few more.
    maxConnections: Math.max(10, (config.workerConcurrency + config.audioConcurrency) * 2 + 4),
  });
  const store = createPostgresStore(database);
  try {
    // pg-boss migrates its own schema; the lock keeps simultaneous starts from racing on it.
    const queue = await withAdvisoryLock(database.pool, `${migrationLockName(target)}:queue`, () =>
      openPgBossQueue({
        pool: database.pool,
        db: database.db as unknown as Kysely<unknown>,
        schema: `${target.schema}_jobs`,
        owner: options.owner,
        onError: options.onQueueError,
      }),
    );
    return {
      mode: 'shared',
      store,
      blobs: blobs.store,
      queue,
      db: database.db,
      close: () => closeAll([queue.close, store.close, blobs.close]),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Only the store (migrated), on the database the configuration names: for admin commands
 * (tokens, webhook settings), which need neither queue nor blobs but must see what servers see.
 */
export async function openStore(
  config: Config,
): Promise<{ store: Store; db: Kysely<Database>; close: () => Promise<void> }> {
  if (config.databaseUrl === undefined) {
    const db = await openSqliteDatabase(join(config.dataDir, 'parley.sqlite'));
    const store = createSqliteStore(db);
    return { store, db, close: () => store.close() };
  }
  const { createPostgresStore, openPostgresDatabase, parseDatabaseUrl } = await loadPostgres();
  const database = await openPostgresDatabase(parseDatabaseUrl(config.databaseUrl), { maxConnections: 2 });
  const store = createPostgresStore(database);
  return { store, db: database.db, close: () => store.close() };
}

async function openBlobs(
  config: Config,
  env: Record<string, string | undefined>,
): Promise<{ store: BlobStore; close: () => Promise<void> }> {
  if (config.blobUrl === undefined) {
    return { store: createFsBlobStore(join(config.dataDir, 'blobs')), close: () => Promise.resolve() };
  }
  const [{ HeadBucketCommand }, { createS3BlobStore, createS3ClientFromEnv, parseBlobUrl }] = await loadS3();
  const client = createS3ClientFromEnv(env);
  const location = parseBlobUrl(config.blobUrl);
  // Checked at start, so a wrong bucket, endpoint or key stops the process with the reason
  // instead of failing every upload later.
  try {
    await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
  } catch (error) {
    client.destroy();
    const reason = (error as { name?: string; message?: string }).name ?? String(error);
    throw new ConfigError([
      `PARLEY_BLOB_URL: bucket ${location.bucket} is not usable (${reason}${(error as Error).message ? `: ${(error as Error).message}` : ''}). Check the bucket name, AWS_ENDPOINT_URL_S3 / AWS_REGION and the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).`,
    ]);
  }
  return {
    store: createS3BlobStore(client, location),
    close: () => {
      client.destroy();
      return Promise.resolve();
    },
  };
}

async function closeAll(steps: Array<() => Promise<void>>): Promise<void> {
  for (const step of steps) await step();
}
