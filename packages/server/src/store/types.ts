import type {
  AiResults,
  ChatInput,
  FailureCode,
  InteractionStatus,
  InteractionType,
  PhraseByPhraseTranscript,
  PunctuatedTranscript,
  TranscriptInput,
} from '@parley/contract';

export type { InteractionType };

/** What a client declared, after validation and canonicalisation. */
export interface DeclaredParameters {
  type: InteractionType;
  languageTag: string;
  vertical: string;
  includeAiResults: boolean;
  audioTranscriptionMode: string | null;
  downloadUri: string | null;
  originalFilename: string | null;
  externalIdentifier: string | null;
  model: string | null;
  agentChannel: 0 | 1 | null;
  metadata: Record<string, unknown> | null;
  /** Webhook URL notified of the final status; null or absent: the tenant's default, if any. */
  callbackUri?: string | null;
  /** Redaction policies besides ElevateAI's three; null or absent: just those three. */
  redactionPolicies?: string[] | null;
}

/** The source of a chat or transcript interaction, kept until it has been processed. */
export type InlineSource =
  { kind: 'chat'; chat: ChatInput } | { kind: 'transcript'; transcript: TranscriptInput };

export interface StatusTimestamps {
  /** ISO 8601 UTC. */
  declared: string;
  uploaded: string | null;
  downloaded: string | null;
  processed: string | null;
}

export interface InteractionRecord extends DeclaredParameters, StatusTimestamps {
  id: string;
  tenantId: string;
  status: InteractionStatus;
  errorCode: FailureCode | null;
  errorMessage: string | null;
  /** Blob key of the chat or transcript source; null once processed or failed (the blob goes then). */
  sourceBlobKey: string | null;
  /** Blob key of the uploaded or downloaded audio, while it is kept. */
  audioBlobKey: string | null;
  /** The file name the audio arrived with; a hint for the decoder. */
  audioFilename: string | null;
}

export interface NewInteraction extends DeclaredParameters {
  id: string;
  tenantId: string;
  /** Where the chat or transcript source was stored (before the row); null for audio. */
  sourceBlobKey: string | null;
  declared: string;
}

/** What a status poll reads: the status and its times, nothing else. */
export type InteractionStatusView = Pick<
  InteractionRecord,
  'id' | 'status' | 'errorCode' | 'errorMessage' | 'declared' | 'uploaded' | 'downloaded' | 'processed'
>;

/** One result document as stored, with the status of its interaction, read in one query. */
export interface ResultDocumentView extends InteractionStatusView {
  /** The stored JSON; null while the interaction has no results. */
  document: string | null;
  /** See results/wire-form.ts: when it names the current response schemas, `document` is sent as is. */
  wireSchema: string | null;
}

export type ResultPart = 'transcript' | 'punctuated' | 'ai';

/**
 * The reads a polling client repeats, kept apart so a database can answer them from statements
 * prepared once (see poll-reads.ts). Scoped to a tenant like findForTenant.
 */
export interface PollReads {
  findStatus(tenantId: string, id: string): Promise<InteractionStatusView | undefined>;
  findResultDocument(tenantId: string, id: string, part: ResultPart): Promise<ResultDocumentView | undefined>;
}

export interface InteractionResults {
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults;
}

/**
 * A status change as a compare-and-set: it happens only when the current status is one of `from`.
 * Built by the lifecycle module, which alone knows the allowed transitions.
 */
export interface StatusChange {
  from: readonly InteractionStatus[];
  to: InteractionStatus;
  at?: { field: 'uploaded' | 'downloaded' | 'processed'; value: string };
  error?: { code: FailureCode; message: string } | null;
  audio?: { blobKey: string; filename: string | null };
  /** Forget the chat/transcript source (after processing or failure; the caller deletes its blob). */
  clearSource?: boolean;
  /** Forget the audio blob key (the blob itself is deleted by the caller). */
  clearAudio?: boolean;
}

export interface InteractionStore extends PollReads {
  insert(interaction: NewInteraction): Promise<void>;
  /** Scoped to a tenant: another tenant's interaction is simply not found. */
  findForTenant(tenantId: string, id: string): Promise<InteractionRecord | undefined>;
  /** Unscoped, for workers. */
  find(id: string): Promise<InteractionRecord | undefined>;
  /** Returns false when the current status was not one of `change.from` (or the row is gone). */
  changeStatus(id: string, change: StatusChange): Promise<boolean>;
  /**
   * Stores the results and applies `change` (to `processed`) in one transaction; returns false and
   * stores nothing when the status change does not apply, so a job run twice stores one result.
   */
  completeWithResults(id: string, results: InteractionResults, change: StatusChange): Promise<boolean>;
  findResults(tenantId: string, id: string): Promise<InteractionResults | undefined>;
  /** Deletes the interaction and its results; returns what was deleted so blobs can go too. */
  delete(id: string): Promise<InteractionRecord | undefined>;
  /** Interactions that are neither finished nor failed, oldest first, for recovery at start. */
  listUnfinished(limit: number): Promise<Array<Pick<InteractionRecord, 'id' | 'type' | 'status'>>>;
  /** Interactions that finished (or, unfinished, were declared) before `beforeIso`: past retention. */
  listExpired(beforeIso: string, limit: number): Promise<string[]>;
}

export interface Tenant {
  id: string;
  name: string;
}

export interface TenantStore {
  /** Creates the tenant when absent; used for tokens given in configuration. */
  ensureTenant(tenant: Tenant): Promise<void>;
  /** Stores only the token's hash. Adding a hash that exists is a no-op. */
  addToken(token: { hash: string; tenantId: string; name: string }): Promise<void>;
  findTenantByTokenHash(hash: string): Promise<Tenant | undefined>;
  countTokens(): Promise<number>;
}

/** The store as the server uses it; `close` releases connections. */
export interface Store {
  interactions: InteractionStore;
  tenants: TenantStore;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
