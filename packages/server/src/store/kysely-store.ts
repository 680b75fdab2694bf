import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { isTerminal, type InteractionStatus } from '@parley/contract';
import { toStoredResults } from '../results/wire-form.js';
import { recordWebhook } from '../webhooks/outbox.js';
import { toStatusView } from './poll-reads.js';
import type { Database, InteractionsTable } from './schema.js';
import type {
  InteractionRecord,
  InteractionResults,
  InteractionStore,
  InteractionType,
  PollReads,
  StatusChange,
  Store,
  TenantStore,
} from './types.js';

const UNFINISHED: InteractionStatus[] = [
  'declared',
  'fileUploading',
  'fileUploaded',
  'filePendingDownload',
  'fileDownloading',
  'fileDownloaded',
  'pendingProcessing',
  'processing',
];

/** The store on any kysely dialect whose SQL both SQLite and PostgreSQL accept. */
export function createKyselyStore(
  db: Kysely<Database>,
  options: { polls: PollReads; close: () => Promise<void> },
): Store {
  return {
    interactions: { ...createInteractionStore(db), ...options.polls },
    tenants: createTenantStore(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: options.close,
  };
}

function createInteractionStore(db: Kysely<Database>): Omit<InteractionStore, keyof PollReads> {
  const changeStatusIn = async (
    trx: Kysely<Database>,
    id: string,
    change: StatusChange,
  ): Promise<boolean> => {
    if (change.from.length === 0) return false;
    const values: Updateable<InteractionsTable> = { status: change.to };
    if (change.at) values[change.at.field] = change.at.value;
    if (change.error !== undefined) {
      values.error_code = change.error?.code ?? null;
      values.error_message = change.error?.message ?? null;
    }
    if (change.audio) {
      values.audio_blob_key = change.audio.blobKey;
      values.audio_filename = change.audio.filename;
    }
    if (change.clearSource) values.source_blob_key = null;
    if (change.clearAudio) values.audio_blob_key = null;
    const result = await trx
      .updateTable('interactions')
      .set(values)
      .where('id', '=', id)
      .where('status', 'in', [...change.from])
      .executeTakeFirst();
    const changed = result.numUpdatedRows > 0n;
    // The notification is queued in the same transaction as the final status it reports.
    if (changed && isTerminal(change.to)) {
      await recordWebhook(trx, id, change.to, change.error?.message ?? null);
    }
    return changed;
  };

  return {
    async insert(i) {
      await db
        .insertInto('interactions')
        .values({
          id: i.id,
          tenant_id: i.tenantId,
          type: i.type,
          language_tag: i.languageTag,
          vertical: i.vertical,
          include_ai_results: i.includeAiResults ? 1 : 0,
          audio_transcription_mode: i.audioTranscriptionMode,
          download_uri: i.downloadUri,
          original_filename: i.originalFilename,
          external_identifier: i.externalIdentifier,
          model: i.model,
          agent_channel: i.agentChannel,
          metadata_json: i.metadata === null ? null : JSON.stringify(i.metadata),
          source_blob_key: i.sourceBlobKey,
          callback_uri: i.callbackUri ?? null,
          redaction_policies_json:
            i.redactionPolicies === undefined || i.redactionPolicies === null
              ? null
              : JSON.stringify(i.redactionPolicies),
          audio_blob_key: null,
          audio_filename: null,
          status: 'declared',
          error_code: null,
          error_message: null,
          declared: i.declared,
          uploaded: null,
          downloaded: null,
          processed: null,
        })
        .execute();
    },
    async findForTenant(tenantId, id) {
      const row = await db
        .selectFrom('interactions')
        .selectAll()
        .where('id', '=', id)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async find(id) {
      const row = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    changeStatus: (id, change) =>
      isTerminal(change.to)
        ? db.transaction().execute((trx) => changeStatusIn(trx, id, change))
        : changeStatusIn(db, id, change),
    completeWithResults(id, results, change) {
      return db.transaction().execute(async (trx) => {
        if (!(await changeStatusIn(trx, id, change))) return false;
        const stored = toStoredResults(results);
        await trx
          .insertInto('results')
          .values({
            interaction_id: id,
            transcript_json: stored.transcript,
            punctuated_json: stored.punctuated,
            ai_json: stored.ai,
            wire_schema: stored.wireSchema,
            created_at: new Date().toISOString(),
          })
          .execute();
        return true;
      });
    },
    async findResults(tenantId, id) {
      const row = await db
        .selectFrom('results')
        .innerJoin('interactions', 'interactions.id', 'results.interaction_id')
        .select(['results.transcript_json', 'results.punctuated_json', 'results.ai_json'])
        .where('interactions.id', '=', id)
        .where('interactions.tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        transcript: JSON.parse(row.transcript_json) as InteractionResults['transcript'],
        punctuated: JSON.parse(row.punctuated_json) as InteractionResults['punctuated'],
        ai: JSON.parse(row.ai_json) as InteractionResults['ai'],
      };
    },
    delete(id) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('results').where('interaction_id', '=', id).execute();
        await trx.deleteFrom('interactions').where('id', '=', id).execute();
        return toRecord(row);
      });
    },
    async listUnfinished(limit) {
      const rows = await db
        .selectFrom('interactions')
        .select(['id', 'type', 'status'])
        .where('status', 'in', UNFINISHED)
        .orderBy('declared')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        type: r.type as InteractionType,
        status: r.status as InteractionStatus,
      }));
    },
    async listExpired(beforeIso, limit) {
      const rows = await db
        .selectFrom('interactions')
        .select('id')
        .where((eb) => eb(eb.fn.coalesce('processed', 'declared'), '<', beforeIso))
        .orderBy('declared')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

function createTenantStore(db: Kysely<Database>): TenantStore {
  return {
    async ensureTenant(tenant) {
      await db
        .insertInto('tenants')
        .values({ id: tenant.id, name: tenant.name, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async addToken(token) {
      await db
        .insertInto('api_tokens')
        .values({
          token_hash: token.hash,
          tenant_id: token.tenantId,
          name: token.name,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('token_hash').doNothing())
        .execute();
    },
    async findTenantByTokenHash(hash) {
      return db
        .selectFrom('api_tokens')
        .innerJoin('tenants', 'tenants.id', 'api_tokens.tenant_id')
        .select(['tenants.id as id', 'tenants.name as name'])
        .where('api_tokens.token_hash', '=', hash)
        .executeTakeFirst();
    },
    async countTokens() {
      const row = await db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toRecord(row: Selectable<InteractionsTable>): InteractionRecord {
  return {
    tenantId: row.tenant_id,
    type: row.type as InteractionType,
    languageTag: row.language_tag,
    vertical: row.vertical,
    includeAiResults: row.include_ai_results === 1,
    audioTranscriptionMode: row.audio_transcription_mode,
    downloadUri: row.download_uri,
    originalFilename: row.original_filename,
    externalIdentifier: row.external_identifier,
    model: row.model,
    agentChannel: row.agent_channel === 0 || row.agent_channel === 1 ? row.agent_channel : null,
    metadata: row.metadata_json === null ? null : (JSON.parse(row.metadata_json) as Record<string, unknown>),
    callbackUri: row.callback_uri,
    redactionPolicies:
      row.redaction_policies_json === null ? null : (JSON.parse(row.redaction_policies_json) as string[]),
    sourceBlobKey: row.source_blob_key,
    audioBlobKey: row.audio_blob_key,
    audioFilename: row.audio_filename,
    ...toStatusView(row),
  };
}
