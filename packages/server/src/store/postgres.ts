import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import {
  RESULT_PARTS,
  resultSql,
  statusSql,
  toResultView,
  toStatusView,
  type ResultRow,
  type StatusRow,
} from './poll-reads.js';
import type { Database } from './schema.js';
import type { PollReads, ResultPart, Store } from './types.js';

/** Where Parley keeps its tables: a PostgreSQL connection and the schema inside that database. */
export interface PostgresTarget {
  /** The connection string without Parley's own `schema` parameter. */
  connectionString: string;
  /** Parley's tables live here; the job queue uses `<schema>_jobs` beside it. */
  schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

/**
 * Reads PARLEY_DATABASE_URL. A `schema` query parameter (lower-case letters, digits, underscores)
 * chooses the schema, so several deployments or test runs can share one database; the rest of the
 * URL goes to the driver unchanged.
 */
export function parseDatabaseUrl(url: string): PostgresTarget {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'parley';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `PARLEY_DATABASE_URL: schema=${JSON.stringify(schema)} is not a usable schema name; use lower-case letters, digits and underscores (at most 51), starting with a letter or underscore`,
    );
  }
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

export interface PostgresDatabase {
  db: Kysely<Database>;
  pool: pg.Pool;
  target: PostgresTarget;
}

/** A pool whose connections see Parley's schema first, so the dialect-neutral queries need no prefix. */
export function createPostgresPool(target: PostgresTarget, maxConnections = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: maxConnections,
    options: `-c search_path=${target.schema}`,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener Node
  // would end the process. The next query reports the problem where it can be handled.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `fn` while holding a session-level advisory lock, so processes starting at the same moment
 * migrate one after another instead of racing on CREATE statements.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, name: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    }
  } finally {
    client.release();
  }
}

/** The advisory lock every Parley process takes before changing the schema of `target`. */
export function migrationLockName(target: PostgresTarget): string {
  return `parley-migrations:${target.schema}`;
}

/** Opens a pool on `target` and brings the schema to the latest version (under the advisory lock). */
export async function openPostgresDatabase(
  target: PostgresTarget,
  options: { maxConnections?: number; migrate?: boolean } = {},
): Promise<PostgresDatabase> {
  const pool = createPostgresPool(target, options.maxConnections);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.migrate ?? true) {
      await withAdvisoryLock(pool, migrationLockName(target), async () => {
        await sql`create schema if not exists ${sql.id(target.schema)}`.execute(db);
        await migrateToLatest(db as unknown as Kysely<unknown>, target.schema);
      });
    } else {
      await sql`select 1`.execute(db);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, pool, target };
}

export function createPostgresStore(database: PostgresDatabase): Store {
  return createKyselyStore(database.db, {
    polls: createPostgresPollReads(database.pool),
    close: () => database.db.destroy(),
  });
}

/**
 * Named statements, which each pooled connection parses and plans once and then only executes.
 * (A pool serves one schema, through its connections' search_path, so the names need no schema.)
 */
function createPostgresPollReads(pool: pg.Pool): PollReads {
  const status = { name: 'parley_poll_status', text: statusSql('$1', '$2') };
  const results = Object.fromEntries(
    RESULT_PARTS.map((p) => [p, { name: `parley_poll_${p}`, text: resultSql(p, '$1', '$2') }]),
  ) as Record<ResultPart, { name: string; text: string }>;
  return {
    async findStatus(tenantId, id) {
      const { rows } = await pool.query<StatusRow>({ ...status, values: [id, tenantId] });
      return rows[0] && toStatusView(rows[0]);
    },
    async findResultDocument(tenantId, id, part) {
      const { rows } = await pool.query<ResultRow>({ ...results[part], values: [id, tenantId] });
      return rows[0] && toResultView(rows[0]);
    },
  };
}
