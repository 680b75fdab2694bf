import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
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
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';
import type { PollReads, ResultPart, Store } from './types.js';

/** Opens (creating and migrating) the SQLite database file; the queue shares the same handle. */
export async function openSqliteDatabase(filePath: string): Promise<Kysely<Database>> {
  mkdirSync(dirname(filePath), { recursive: true });
  const sqlite = new BetterSqlite3(filePath);
  // WAL lets status reads proceed while a worker writes; NORMAL sync is durable in WAL mode
  // against process crashes, which is what a kill -9 test exercises.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Deleted content is overwritten with zeros instead of lingering in free pages. (Copies in WAL
  // frames last until the WAL is reused after a checkpoint, so sources never enter the database.)
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return db;
}

/**
 * `filePath` (the file openSqliteDatabase opened) gives status polls and result reads their own
 * connection; without it they share the main one.
 */
export function createSqliteStore(db: Kysely<Database>, filePath?: string): Store {
  const polls = createSqlitePollReads(db, filePath);
  return createKyselyStore(db, {
    polls,
    close: async () => {
      polls.close();
      await db.destroy();
    },
  });
}

/**
 * SQLite. With `readerPath`, a second connection to the same file, used for these reads only:
 * better-sqlite3 runs a prepared statement synchronously, and WAL lets it read the last committed
 * state while the main connection writes. (On the main connection a read could land inside a
 * transaction another request has open, and see its uncommitted rows.) Without one, the reads go
 * through kysely on the main connection, which serialises them with transactions.
 */
export function createSqlitePollReads(
  db: Kysely<Database>,
  readerPath?: string,
): PollReads & { close(): void } {
  if (readerPath === undefined) {
    const run = async <R>(text: string, id: string, tenantId: string) =>
      (await db.executeQuery<R>(CompiledQuery.raw(text, [id, tenantId]))).rows[0];
    const status = statusSql('?', '?');
    const results = Object.fromEntries(RESULT_PARTS.map((p) => [p, resultSql(p, '?', '?')])) as Record<
      ResultPart,
      string
    >;
    return {
      async findStatus(tenantId, id) {
        const row = await run<StatusRow>(status, id, tenantId);
        return row && toStatusView(row);
      },
      async findResultDocument(tenantId, id, part) {
        const row = await run<ResultRow>(results[part], id, tenantId);
        return row && toResultView(row);
      },
      close: () => undefined,
    };
  }
  const reader = new BetterSqlite3(readerPath, { fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');
  const status = reader.prepare<[string, string], StatusRow>(statusSql('?', '?'));
  const results = Object.fromEntries(
    RESULT_PARTS.map((p) => [p, reader.prepare<[string, string], ResultRow>(resultSql(p, '?', '?'))]),
  ) as Record<ResultPart, BetterSqlite3.Statement<[string, string], ResultRow>>;
  return {
    findStatus(tenantId, id) {
      const row = status.get(id, tenantId);
      return Promise.resolve(row && toStatusView(row));
    },
    findResultDocument(tenantId, id, part) {
      const row = results[part].get(id, tenantId);
      return Promise.resolve(row && toResultView(row));
    },
    close: () => reader.close(),
  };
}
