/**
 * The ElevateAI v1 wire shapes as this client sends and reads them.
 *
 * They are defined here, not imported from the server or engine, so the SDK runs in a browser
 * without pulling either in. `test/openapi-drift.test.ts` compares them with the OpenAPI document
 * a real server publishes, so the two cannot drift apart unnoticed.
 */

export type InteractionType = 'audio' | 'chat' | 'transcript';

/** The thirteen documented statuses, in lifecycle order. Failure statuses all end in `Failed`. */
export const INTERACTION_STATUSES = [
  'declared',
  'filePendingUpload',
  'fileUploading',
  'fileUploaded',
  'fileUploadFailed',
  'filePendingDownload',
  'fileDownloading',
  'fileDownloaded',
  'fileDownloadFailed',
  'pendingProcessing',
  'processing',
  'processed',
  'processingFailed',
] as const;

export type InteractionStatusValue = (typeof INTERACTION_STATUSES)[number];

export const FAILED_STATUSES: readonly InteractionStatusValue[] = [
  'fileUploadFailed',
  'fileDownloadFailed',
  'processingFailed',
];

/** Language tags ElevateAI documents; a server may accept others. */
export type LanguageTag = 'en-us' | 'en' | 'es-419' | 'pt-br' | 'ja' | (string & {});

export type ParticipantKey = 'participantOne' | 'participantTwo';
export type ParticipantScope = 'allParticipants' | ParticipantKey;

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** Fields every declare body may carry. */
export interface DeclareCommon {
  languageTag: LanguageTag;
  /** Only `default` is documented. */
  vertical: string;
  includeAiResults?: boolean;
  /** Deprecated by ElevateAI in v1.11; accepted and echoed, otherwise ignored. */
  audioTranscriptionMode?: 'highSpeed' | 'highAccuracy';
  originalFilename?: string;
  externalIdentifier?: string;
  /** Explore-only on hosted ElevateAI (400 without it); string values. */
  metadata?: Record<string, unknown>;
  /**
   * Parley extension: what to redact besides ElevateAI's card numbers, CVVs and social security
   * numbers, which always are. Absent: the server's default (PARLEY_REDACTION_POLICIES).
   */
  redactionPolicies?: RedactionPolicyName[];
}

/** Redaction policies a Parley server knows; `all` is every one of them. */
export const REDACTION_POLICY_NAMES = [
  'email',
  'phone',
  'bankAccount',
  'sortCode',
  'iban',
  'postalAddress',
  'dateOfBirth',
  'passport',
  'drivingLicence',
  'personName',
  'creditCard',
  'cvv',
  'socialSecurity',
  'all',
] as const;

/** A known policy name; other strings are allowed for servers that know more. */
export type RedactionPolicyName = (typeof REDACTION_POLICY_NAMES)[number] | (string & {});

export interface DeclareAudioRequest extends DeclareCommon {
  type: 'audio';
  /** The service fetches the media from here; omit it and call `upload` instead. */
  downloadUri?: string;
  model?: 'cx' | 'echo' | (string & {});
  /** Parley extension: which stereo channel is the agent (default 0). */
  agentChannel?: 0 | 1;
}

export interface ChatParticipant {
  /** ElevateAI's own spelling; Parley also accepts `participantId`. */
  participant_id: string;
  name?: string;
  role: 'agent' | 'customer' | (string & {});
}

export interface ChatMessage {
  participant_id: string;
  /** ISO 8601 date-time. */
  timestamp: string;
  content: string;
}

export interface Chat {
  participants: ChatParticipant[];
  messages: ChatMessage[];
}

export interface DeclareChatRequest extends DeclareCommon {
  type: 'chat';
  chat: Chat;
}

/** A third-party transcript uses the phrase-by-phrase output schema. */
export interface TranscriptInput {
  allParticipants?: PhraseList;
  participantOne?: PhraseList;
  participantTwo?: PhraseList;
  redactionSegments?: RedactionSegment[];
}

export interface DeclareTranscriptRequest extends DeclareCommon {
  type: 'transcript';
  transcript: TranscriptInput;
}

export type DeclareRequest = DeclareAudioRequest | DeclareChatRequest | DeclareTranscriptRequest;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** POST /v1/interactions → 201. */
export interface DeclareResponse {
  interactionIdentifier: string;
}

/** GET /v1/interactions/{id}/status. Timestamps are ISO 8601 UTC or null. */
export interface InteractionStatus {
  identifier: string;
  status: InteractionStatusValue;
  declared: string;
  uploaded: string | null;
  downloaded: string | null;
  processed: string | null;
  errorMessage: string | null;
  /** Parley extension: a stable code for `errorMessage`, e.g. `audio_undecodable`. */
  errorCode?: string | null;
}

/** GET /v1/interactions/{id}: the parameters given at declare time. */
export interface DeclaredInteraction {
  identifier: string;
  type: InteractionType;
  languageTag: string;
  vertical: string;
  audioTranscriptionMode: string | null;
  /** Null on hosted ElevateAI (the source is deleted once processed); Parley may echo it until then. */
  transcript: TranscriptInput | null;
  /** Null on hosted ElevateAI; Parley may echo the chat (with `participantId` keys) until processed. */
  chat: { participants: unknown[]; messages: unknown[] } | null;
  downloadUri: string | null;
  includeAiResults: boolean;
  // Parley extensions, absent from hosted ElevateAI answers.
  originalFilename?: string | null;
  externalIdentifier?: string | null;
  model?: string | null;
  agentChannel?: number | null;
  /** Parley extension: the redaction policies declared (or the server default then), or null. */
  redactionPolicies?: string[] | null;
  status?: InteractionStatusValue;
}

export interface PhraseSegment {
  startTimeOffset: number;
  endTimeOffset: number;
  /** Index into the sibling `phrases`; do not assume `phrases[i]` belongs to `phraseSegments[i]`. */
  phraseIndex: number;
  score: number;
}

export interface PhraseList {
  phrases: string[];
  phraseSegments: PhraseSegment[];
}

export interface RedactionSegment {
  startTimeOffset: number;
  endTimeOffset: number;
  /**
   * `Credit Card`, `CVV` or `Social Security`; on Parley also, when asked for, `Email`, `Phone
   * Number`, `Bank Account`, `Sort Code`, `IBAN`, `Postal Address`, `Date of Birth`, `Passport
   * Number`, `Driving Licence` or `Person Name`.
   */
  result: string;
  score: number;
}

/** GET /v1/interactions/{id}/transcript. Offsets are integer milliseconds. */
export interface PhraseByPhraseTranscript {
  allParticipants: PhraseList;
  participantOne: PhraseList;
  participantTwo: PhraseList;
  redactionSegments: RedactionSegment[];
}

export interface SentenceSegment {
  participant: ParticipantScope;
  startTimeOffset: number;
  endTimeOffset: number;
  phrase: string;
  score: number;
}

/** GET /v1/interactions/{id}/transcripts/punctuated. */
export interface PunctuatedTranscript {
  sentenceSegments: SentenceSegment[];
  redactionSegments: RedactionSegment[];
}

export interface ModelScore {
  name: string;
  score: number;
  minScore: number;
  minScoreOffset: number;
  maxScore: number;
  maxScoreOffset: number;
  quartile1: number;
  quartile2: number;
  quartile3: number;
  quartile4: number;
}

export interface EnlightenBundle {
  name: string;
  models: ModelScore[];
}

export interface VoiceActivitySegment {
  startTimeOffset: number;
  endTimeOffset: number;
  result: 'voice' | 'silence';
}

export interface ParticipantAi {
  enlightenBundles: EnlightenBundle[];
  voiceActivitySegments: VoiceActivitySegment[];
}

/** GET /v1/interactions/{id}/ai. */
export interface AiResults {
  allParticipants: ParticipantAi;
  participantOne: ParticipantAi;
  participantTwo: ParticipantAi;
}

/** The body of every non-2xx answer. Parley adds `code` and `requestId`; ElevateAI sends only `errorMessage`. */
export interface ErrorBody {
  errorMessage: string;
  code?: string;
  requestId?: string;
}

// ---------------------------------------------------------------------------------------------
// Parley extensions: answered with 404 by hosted ElevateAI
// ---------------------------------------------------------------------------------------------

/** Filters and paging of GET /v1/interactions. Lists become comma-separated query values. */
export interface ListInteractionsParams {
  status?: InteractionStatusValue | readonly InteractionStatusValue[];
  type?: InteractionType | readonly InteractionType[];
  /** Only interactions declared after this instant (exclusive); a Date or ISO 8601 text. */
  declaredAfter?: Date | string;
  /** Only interactions declared before this instant (exclusive); a Date or ISO 8601 text. */
  declaredBefore?: Date | string;
  /** Page size, 1 to 500 (server default 50). */
  limit?: number;
  /** `nextCursor` of the previous page; omit for the first page. */
  cursor?: string;
}

/** One row of GET /v1/interactions. Timestamps are ISO 8601 UTC. */
export interface InteractionSummary {
  interactionIdentifier: string;
  type: InteractionType;
  status: InteractionStatusValue;
  declared: string;
  processed: string | null;
  errorMessage: string | null;
  externalIdentifier: string | null;
  originalFilename: string | null;
}

/** GET /v1/interactions → 200: newest first. */
export interface InteractionPage {
  interactions: InteractionSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** GET and PUT /v1/webhook → 200: the tenant's default callback and the key deliveries are signed with. */
export interface WebhookSettings {
  /** Called for interactions declared without a callbackUri of their own; null for none. */
  callbackUri: string | null;
  /** HMAC-SHA256 key of the `Parley-Signature` header: `t=<unix seconds>,v1=<hex of "<t>.<raw body>">`. */
  signingSecret: string;
}

/** PUT /v1/webhook body. */
export interface WebhookUpdate {
  /** The default callback URL; null removes it. */
  callbackUri: string | null;
  /** Replace the signing secret; the answer carries the new one. */
  rotateSecret?: boolean;
}
