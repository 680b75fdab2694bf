import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { queueContract } from '../../test/queue-contract.js';
import { openSqliteDatabase } from '../store/sqlite.js';
import type { Database } from '../store/schema.js';
import { openEmbeddedQueue } from './embedded-queue.js';

let dir: string;
let db: Kysely<Database>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-embedded-queue-'));
  db = await openSqliteDatabase(join(dir, 'q.sqlite'));
});

afterAll(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

queueContract('embedded queue (SQLite)', {
  open: ({ owner, clockOffsetMs = 0 }) =>
    openEmbeddedQueue(db as unknown as Kysely<unknown>, {
      owner,
      pollIntervalMs: 20,
      onError: () => undefined,
      now: () => new Date(Date.now() + clockOffsetMs),
    }),
});
