/**
 * The ElevateAI v1 wire shapes as this client sends and reads them.
 *
 * They are the contract's (@parley/contract), the one definition the server validates and
 * documents with: types are imported as types only, and the few run-time constants come from the
 * contract's dependency-free core, which the SDK's build compiles into its own dist/ (`#contract`),
 * so the SDK runs in a browser without pulling in the server, the engine or TypeBox.
 * `test/openapi-drift.test.ts` still holds them against the OpenAPI document a real server publishes.
 */
import type {
  DeclareBody,
  DeclaredResponse,
  ErrorBody as ContractErrorBody,
  InteractionResponse,
  InteractionStatus as StatusValue,
  InteractionType,
  RedactionPolicyName as KnownRedactionPolicyName,
  StatusResponse,
  TranscriptInput,
} from '@parley/contract';

export {
  STATUSES as INTERACTION_STATUSES,
  FAILURE_STATUSES as FAILED_STATUSES,
  INTERACTION_TYPES,
  MAX_LIST_LIMIT,
  REDACTION_POLICY_NAMES,
  isFailure,
  isTerminal,
} from '#contract';
export type { InteractionType, ParticipantKey, ParticipantScope } from '#contract';
export type {
  AiResults,
  EnlightenBundle,
  InteractionPage,
  InteractionSummary,
  ModelScore,
  ParticipantAi,
  PhraseByPhraseTranscript,
  PhraseList,
  PhraseSegment,
  PunctuatedTranscript,
  RedactionSegment,
  SentenceSegment,
  SpeakerSummary,
  TranscriptInput,
  VoiceActivitySegment,
  WebhookSettings,
  WebhookUpdate,
} from '@parley/contract';

/** The thirteen documented statuses, in lifecycle order. Failure statuses all end in `Failed`. */
export type InteractionStatusValue = StatusValue;

/**
 * A server shape with Parley's extensions made optional: hosted ElevateAI answers without them,
 * and the SDK reads both.
 */
type WithOptionalExtensions<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Language tags ElevateAI documents; a server may accept others. */
export type LanguageTag = 'en-us' | 'en' | 'es-419' | 'pt-br' | 'ja' | (string & {});

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** A known policy name; other strings are allowed for servers that know more. */
export type RedactionPolicyName = KnownRedactionPolicyName | (string & {});

/** The fields of the declare body each kind of interaction adds. */
type KindFields = 'type' | 'chat' | 'transcript' | 'downloadUri' | 'model' | 'agentChannel';

/**
 * Fields every declare body may carry, as the contract defines them; the SDK narrows a few to
 * the values it knows (for completion), leaving room for what a server may add.
 */
export type DeclareCommon = Omit<DeclareBody, KindFields | 'languageTag' | 'redactionPolicies'> & {
  languageTag: LanguageTag;
  redactionPolicies?: RedactionPolicyName[];
};

export type DeclareAudioRequest = DeclareCommon &
  Pick<DeclareBody, 'downloadUri' | 'model' | 'agentChannel'> & { type: 'audio' };

/** A chat participant with ElevateAI's own key spelling (`participant_id`); Parley accepts both. */
export interface ChatParticipant {
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

export type DeclareChatRequest = DeclareCommon & { type: 'chat'; chat: Chat };

export type DeclareTranscriptRequest = DeclareCommon & { type: 'transcript'; transcript: TranscriptInput };

export type DeclareRequest = DeclareAudioRequest | DeclareChatRequest | DeclareTranscriptRequest;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** POST /v1/interactions → 201. */
export type DeclareResponse = DeclaredResponse;

/** GET /v1/interactions/{id}/status. Timestamps are ISO 8601 UTC or null; `errorCode` is Parley's. */
export type InteractionStatus = WithOptionalExtensions<StatusResponse, 'errorCode'>;

/**
 * GET /v1/interactions/{id}: the parameters given at declare time. Hosted ElevateAI answers
 * `transcript` and `chat` with null (the source is deleted once processed); Parley echoes them
 * until then, the chat with `participantId` keys.
 */
export type DeclaredInteraction = WithOptionalExtensions<
  InteractionResponse,
  | 'originalFilename'
  | 'externalIdentifier'
  | 'model'
  | 'agentChannel'
  | 'callbackUri'
  | 'redactionPolicies'
  | 'status'
>;

/** The body of every non-2xx answer. Parley adds `code` and `requestId`; ElevateAI sends only `errorMessage`. */
export type ErrorBody = WithOptionalExtensions<ContractErrorBody, 'code' | 'requestId'>;

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
