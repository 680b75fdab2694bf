/**
 * Column types chosen so the same queries run on SQLite and PostgreSQL: times are ISO 8601 UTC
 * text (which sorts chronologically), booleans are 0/1 integers, documents are JSON text.
 */
export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiTokensTable {
  token_hash: string;
  tenant_id: string;
  name: string;
  created_at: string;
}

export interface InteractionsTable {
  id: string;
  tenant_id: string;
  type: string;
  language_tag: string;
  vertical: string;
  include_ai_results: number;
  audio_transcription_mode: string | null;
  download_uri: string | null;
  original_filename: string | null;
  external_identifier: string | null;
  model: string | null;
  agent_channel: number | null;
  metadata_json: string | null;
  source_blob_key: string | null;
  audio_blob_key: string | null;
  audio_filename: string | null;
  status: string;
  error_code: string | null;
  error_message: string | null;
  declared: string;
  uploaded: string | null;
  downloaded: string | null;
  processed: string | null;
  /** Where to notify this interaction's final status (webhooks); null: the tenant's default. */
  callback_uri: string | null;
  /** JSON array of redaction policy names (migration 0004); null: ElevateAI's three only. */
  redaction_policies_json: string | null;
}

export interface ResultsTable {
  interaction_id: string;
  transcript_json: string;
  punctuated_json: string;
  ai_json: string;
  created_at: string;
  /** The response schemas the documents are exactly the wire form of (migration 0008); null: none. */
  wire_schema: string | null;
}

export interface Database {
  tenants: TenantsTable;
  api_tokens: ApiTokensTable;
  interactions: InteractionsTable;
  results: ResultsTable;
}
