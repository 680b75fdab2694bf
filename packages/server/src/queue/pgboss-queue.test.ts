import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { dropSchemas, TEST_DATABASE_URL } from '../../test/backend.js';
import { queueContract } from '../../test/queue-contract.js';
import { openPostgresDatabase, parseDatabaseUrl, type PostgresDatabase } from '../store/postgres.js';
import { openPgBossQueue, type PgBossQueue } from './pgboss-queue.js';

const schema = `q_${randomBytes(6).toString('hex')}`;
let database: PostgresDatabase;
const queues: PgBossQueue[] = [];

beforeAll(async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  database = await openPostgresDatabase(parseDatabaseUrl(url.toString()), { maxConnections: 20 });
});

afterAll(async () => {
  for (const queue of queues) await queue.close();
  await database.db.destroy();
  await dropSchemas(schema);
});

queueContract('pg-boss queue (PostgreSQL)', {
  tellsWaitAge: false,
  async open({ owner, clockOffsetMs = 0 }) {
    const queue = await openPgBossQueue({
      pool: database.pool,
      db: database.db as unknown as Kysely<unknown>,
      schema: `${schema}_jobs`,
      owner,
      onError: () => undefined,
      now: () => new Date(Date.now() + clockOffsetMs),
    });
    queues.push(queue);
    return queue;
  },
});
