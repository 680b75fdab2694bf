import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { webhookJobsMigration, webhooksMigration } from '../webhooks/schema.js';

/**
 * Schema changes, in order. Only column types both SQLite and PostgreSQL accept (text, integer),
 * so the same migrations serve the embedded store and a PostgreSQL one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('interactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('language_tag', 'text', (c) => c.notNull())
        .addColumn('vertical', 'text', (c) => c.notNull())
        .addColumn('include_ai_results', 'integer', (c) => c.notNull())
        .addColumn('audio_transcription_mode', 'text')
        .addColumn('download_uri', 'text')
        .addColumn('original_filename', 'text')
        .addColumn('external_identifier', 'text')
        .addColumn('model', 'text')
        .addColumn('agent_channel', 'integer')
        .addColumn('metadata_json', 'text')
        .addColumn('inline_source_json', 'text')
        .addColumn('audio_blob_key', 'text')
        .addColumn('audio_filename', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('declared', 'text', (c) => c.notNull())
        .addColumn('uploaded', 'text')
        .addColumn('downloaded', 'text')
        .addColumn('processed', 'text')
        .execute();
      await db.schema.createIndex('interactions_status').on('interactions').column('status').execute();
      await db.schema.createIndex('interactions_declared').on('interactions').column('declared').execute();
      await db.schema
        .createTable('results')
        .addColumn('interaction_id', 'text', (c) => c.primaryKey())
        .addColumn('transcript_json', 'text', (c) => c.notNull())
        .addColumn('punctuated_json', 'text', (c) => c.notNull())
        .addColumn('ai_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('jobs')
        .addColumn('interaction_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_id', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
    },
  },
  '0002-webhooks': webhooksMigration,
  // Chat and transcript sources live in blobs, which the row points to.
  '0003-source-blobs': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('interactions').addColumn('source_blob_key', 'text').execute();
    },
  },
  // Opt-in redaction policies given at declare; rows declared before have none (null).
  '0004-redaction-policies': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('interactions').addColumn('redaction_policies_json', 'text').execute();
    },
  },
  // Jobs moved to the queues' own tables (the embedded queue's, or pg-boss's); unfinished
  // interactions get their jobs again from the recovery every process runs at start.
  '0005-queue-tables': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('jobs').ifExists().execute();
    },
  },
  '0006-webhook-jobs': webhookJobsMigration,
  // No release stored a source in the row (sources were blobs from the first one), so the column
  // the first schema had for them goes, and nothing is lost with it.
  '0007-drop-inline-sources': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('interactions').dropColumn('inline_source_json').execute();
    },
  },
  // Results stored from now on say when they can be sent as stored (see results/wire-form.ts);
  // earlier rows have null and are serialised from their parsed form as before.
  '0008-results-wire-schema': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('results').addColumn('wire_schema', 'text').execute();
    },
  },
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** `schema` (PostgreSQL) keeps the migration bookkeeping beside the tables it describes. */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed`, { cause: error });
  }
}
