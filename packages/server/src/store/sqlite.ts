import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

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

export function createSqliteStore(db: Kysely<Database>): Store {
  return createKyselyStore(db, { close: () => db.destroy() });
}
