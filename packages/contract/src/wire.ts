import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  DEFAULT_LIST_LIMIT,
  GIVEN_REDACTION_RESULTS,
  MAX_LIST_LIMIT,
  INTERACTION_TYPES,
  PARTICIPANT_SCOPES,
  REDACTION_POLICY_NAMES,
  REDACTION_RESULT_NAMES,
} from './core/names.js';
import { STATUSES } from './core/statuses.js';

/**
 * The wire schemas of the ElevateAI v1 API and Parley's extensions, and the types derived from
 * them: one source for the server's request validation, key canonicalisation, response
 * serialisation and OpenAPI document, for the engine's results and for the SDK's types.
 * `x-aliases` lists other names a request may use for a property (older SDKs send them).
 */

/** A closed set of strings as a JSON Schema `enum`, which gives clearer validation messages than `anyOf`. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const nullable = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) =>
  Type.Union([schema, Type.Null()], options);
const Offset = Type.Integer({ minimum: 0, description: 'Milliseconds from the start of the interaction.' });

export const PhraseSegmentSchema = Type.Object({
  startTimeOffset: Offset,
  endTimeOffset: Offset,
  phraseIndex: Type.Integer({ minimum: 0 }),
  score: Type.Number(),
});

/**
 * Longest chat message or transcript phrase accepted (characters). Real messages are far
 * shorter; the cap keeps the work one interaction can ask for bounded.
 */
export const MAX_TEXT_CHARS = 32_768;
const TextPiece = (description: string) => Type.String({ maxLength: MAX_TEXT_CHARS, description });

export const PhraseListSchema = Type.Object({
  phrases: Type.Array(Type.String()),
  phraseSegments: Type.Array(PhraseSegmentSchema),
});

export const RedactionSegmentSchema = Type.Object({
  startTimeOffset: Offset,
  endTimeOffset: Offset,
  result: StringEnum(REDACTION_RESULT_NAMES, {
    description:
      "ElevateAI's Credit Card, CVV and Social Security, and the result names of Parley's opt-in redaction policies.",
  }),
  score: Type.Number(),
});

/** Redactions a third-party transcript arrives with: ElevateAI's three kinds. */
const GivenRedactionSegmentSchema = Type.Object({
  startTimeOffset: Offset,
  endTimeOffset: Offset,
  result: StringEnum(GIVEN_REDACTION_RESULTS),
  score: Type.Number(),
});

export const SpeakersSchema = Type.Object(
  {
    separation: StringEnum(['channels', 'diarization', 'given', 'none'], {
      description:
        'channels: one side per stereo channel; diarization: mono audio split by voice; given: a third-party transcript or chat roles said who spoke; none: everything is allParticipants.',
    }),
    agentDecidedBy: StringEnum(['hint', 'default', 'content', 'convention', 'given', 'none'], {
      description:
        "Why participantOne is the agent: the interaction's agentChannel (hint), the server default, what was said (content), the medium's convention when what was said did not decide (stereo channel 0, mono first speaker), the chat's roles or the given transcript (given), or none.",
    }),
    agentConfidence: nullable(Type.Number(), {
      description: "The role decision's probability (0.5..1) where what was said was weighed; else null.",
    }),
    overlapMs: Type.Optional(Type.Number({ description: 'Time both sides talk at once, in ms.' })),
    interruptions: Type.Optional(
      Type.Number({ description: 'How often one side starts while the other is talking.' }),
    ),
  },
  {
    description:
      'Parley extension: how the sides were separated, why participantOne is the agent (and how sure), and overlapping talk.',
  },
);

export const TranscriptSchema = Type.Object({
  allParticipants: PhraseListSchema,
  participantOne: PhraseListSchema,
  participantTwo: PhraseListSchema,
  redactionSegments: Type.Array(RedactionSegmentSchema),
  speakers: Type.Optional(SpeakersSchema),
  wordTimes: Type.Optional(
    StringEnum(['model', 'estimated'], {
      description:
        'Extension, audio only: "model" when word times come from the recogniser, "estimated" when spread over voiced segments by word length',
    }),
  ),
});

export const SentenceSegmentSchema = Type.Object({
  participant: StringEnum(PARTICIPANT_SCOPES),
  startTimeOffset: Offset,
  endTimeOffset: Offset,
  phrase: Type.String(),
  score: Type.Number(),
});

export const PunctuatedTranscriptSchema = Type.Object({
  sentenceSegments: Type.Array(SentenceSegmentSchema),
  redactionSegments: Type.Array(RedactionSegmentSchema),
});

export const ModelScoreSchema = Type.Object({
  name: Type.String(),
  score: Type.Number(),
  minScore: Type.Number(),
  minScoreOffset: Type.Number(),
  maxScore: Type.Number(),
  maxScoreOffset: Type.Number(),
  quartile1: Type.Number(),
  quartile2: Type.Number(),
  quartile3: Type.Number(),
  quartile4: Type.Number(),
});

export const EnlightenBundleSchema = Type.Object({
  name: Type.String(),
  models: Type.Array(ModelScoreSchema),
});

export const VoiceActivitySegmentSchema = Type.Object({
  startTimeOffset: Offset,
  endTimeOffset: Offset,
  result: StringEnum(['voice', 'silence']),
});

export const ParticipantAiSchema = Type.Object({
  enlightenBundles: Type.Array(EnlightenBundleSchema),
  voiceActivitySegments: Type.Array(VoiceActivitySegmentSchema),
});

export const AiResultsSchema = Type.Object({
  allParticipants: ParticipantAiSchema,
  participantOne: ParticipantAiSchema,
  participantTwo: ParticipantAiSchema,
});

// --- Parley extension: the sentences behind each CX AI score ------------------------------------

/** One sentence behind a score: what it showed, how strongly (0..1), and the words that decided it. */
export const EvidenceLineSchema = Type.Object({
  participant: StringEnum(PARTICIPANT_SCOPES),
  startTimeOffset: Type.Integer(),
  endTimeOffset: Type.Integer(),
  text: Type.String(),
  effect: StringEnum(['for', 'against'], {
    description: 'for: moved the score towards the behaviour (or positive tone); against: away from it.',
  }),
  strength: Type.Number(),
  cues: Type.Array(Type.String()),
});

export const ModelEvidenceSchema = Type.Object({
  name: Type.String(),
  lines: Type.Array(EvidenceLineSchema),
});

/** GET /v1/interactions/{id}/evidence: per scope, the evidence of each model scored there. */
export const AnalyticsEvidenceSchema = Type.Object({
  allParticipants: Type.Array(ModelEvidenceSchema),
  participantOne: Type.Array(ModelEvidenceSchema),
  participantTwo: Type.Array(ModelEvidenceSchema),
});

// --- requests --------------------------------------------------------------------------------

const ParticipantId = Type.String({ minLength: 1, 'x-aliases': ['participant_id'] });

export const ChatParticipantSchema = Type.Object({
  participantId: ParticipantId,
  name: Type.Optional(Type.String()),
  role: Type.String({ minLength: 1, description: 'agent or customer' }),
});

export const ChatMessageSchema = Type.Object({
  participantId: ParticipantId,
  timestamp: Type.String({ minLength: 1, description: 'ISO 8601 date-time' }),
  content: TextPiece(`the message text, at most ${MAX_TEXT_CHARS} characters`),
});

export const ChatSchema = Type.Object({
  participants: Type.Array(ChatParticipantSchema, { minItems: 1 }),
  messages: Type.Array(ChatMessageSchema, { minItems: 1 }),
});

const PhraseListInputSchema = Type.Object({
  phrases: Type.Array(TextPiece(`one phrase, at most ${MAX_TEXT_CHARS} characters`)),
  phraseSegments: Type.Array(PhraseSegmentSchema),
});

export const TranscriptInputSchema = Type.Object({
  allParticipants: Type.Optional(PhraseListInputSchema),
  participantOne: Type.Optional(PhraseListInputSchema),
  participantTwo: Type.Optional(PhraseListInputSchema),
  redactionSegments: Type.Optional(Type.Array(GivenRedactionSegmentSchema)),
});

export const DeclareBodySchema = Type.Object({
  type: StringEnum(INTERACTION_TYPES),
  languageTag: Type.String({ minLength: 1, examples: ['en-us'] }),
  vertical: Type.String({ minLength: 1, examples: ['default'] }),
  includeAiResults: Type.Optional(Type.Boolean()),
  audioTranscriptionMode: Type.Optional(
    Type.String({ description: 'Deprecated by ElevateAI; accepted and echoed.' }),
  ),
  downloadUri: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'http(s) URL the server fetches the audio from.',
      'x-aliases': ['downloadUrl'],
    }),
  ),
  originalFilename: Type.Optional(Type.String()),
  externalIdentifier: Type.Optional(Type.String()),
  model: Type.Optional(Type.String({ description: 'cx (default) or echo' })),
  agentChannel: Type.Optional(
    Type.Unsafe<0 | 1>({
      type: 'integer',
      enum: [0, 1],
      description:
        'Which side is the agent. Stereo: the channel. Mono audio split by diarization (Parley extension): 0 is the first speaker to talk, 1 the second. Default: the server setting PARLEY_AGENT_CHANNEL, else decided from what is said; the agent is always returned as participantOne.',
    }),
  ),
  metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
  callbackUri: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Parley extension: http(s) URL POSTed {interactionIdentifier, status, errorMessage} when the interaction is processed or fails, signed in the Parley-Signature header.',
      'x-aliases': ['callbackUrl', 'webhookUrl'],
    }),
  ),
  transcript: Type.Optional(TranscriptInputSchema),
  chat: Type.Optional(ChatSchema),
  redactionPolicies: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 32,
      description: `Parley extension: what to redact besides ElevateAI's Credit Card, CVV and Social Security, which always apply: any of ${REDACTION_POLICY_NAMES.join(', ')}. Absent: the server's PARLEY_REDACTION_POLICIES.`,
      'x-aliases': ['redaction_policies'],
    }),
  ),
});
export type DeclareBody = Static<typeof DeclareBodySchema>;

export const InteractionIdParamsSchema = Type.Object({
  interactionId: Type.String({ description: 'The interactionIdentifier returned by the declare call.' }),
});

// --- responses -------------------------------------------------------------------------------

export const ErrorBodySchema = Type.Object({
  errorMessage: Type.String(),
  code: Type.String(),
  requestId: Type.String(),
});

export const DeclaredResponseSchema = Type.Object({ interactionIdentifier: Type.String({ format: 'uuid' }) });

export const StatusResponseSchema = Type.Object({
  identifier: Type.String(),
  status: StringEnum(STATUSES),
  declared: Type.String(),
  uploaded: nullable(Type.String()),
  downloaded: nullable(Type.String()),
  processed: nullable(Type.String()),
  errorMessage: nullable(Type.String()),
  errorCode: nullable(Type.String({ description: 'Stable code for errorMessage (Parley extension).' })),
});

export const InteractionResponseSchema = Type.Object({
  identifier: Type.String(),
  type: StringEnum(INTERACTION_TYPES),
  languageTag: Type.String(),
  vertical: Type.String(),
  audioTranscriptionMode: nullable(Type.String()),
  transcript: nullable(TranscriptInputSchema),
  chat: nullable(ChatSchema),
  downloadUri: nullable(Type.String()),
  includeAiResults: Type.Boolean(),
  originalFilename: nullable(Type.String()),
  externalIdentifier: nullable(Type.String()),
  model: nullable(Type.String()),
  agentChannel: nullable(Type.Integer()),
  callbackUri: Type.Optional(nullable(Type.String())),
  redactionPolicies: Type.Optional(nullable(Type.Array(Type.String()))),
  status: StringEnum(STATUSES),
});

// --- Parley extensions: the interaction list and the webhook settings --------------------------

export const ListQuerySchema = Type.Object({
  status: Type.Optional(
    Type.String({ description: `Only these statuses, comma-separated (${STATUSES.join(', ')}).` }),
  ),
  type: Type.Optional(
    Type.String({ description: `Only these types, comma-separated (${INTERACTION_TYPES.join(', ')}).` }),
  ),
  declaredAfter: Type.Optional(
    Type.String({ description: 'Only interactions declared after this ISO 8601 date-time (exclusive).' }),
  ),
  declaredBefore: Type.Optional(
    Type.String({ description: 'Only interactions declared before this ISO 8601 date-time (exclusive).' }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_LIST_LIMIT,
      default: DEFAULT_LIST_LIMIT,
      description: `Page size (1 to ${MAX_LIST_LIMIT}).`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({ description: 'nextCursor of the previous page; absent for the first page.' }),
  ),
});

export const InteractionSummarySchema = Type.Object({
  interactionIdentifier: Type.String(),
  type: StringEnum(INTERACTION_TYPES),
  status: StringEnum(STATUSES),
  declared: Type.String(),
  processed: nullable(Type.String()),
  errorMessage: nullable(Type.String()),
  externalIdentifier: nullable(Type.String()),
  originalFilename: nullable(Type.String()),
});

export const InteractionPageSchema = Type.Object({
  interactions: Type.Array(InteractionSummarySchema),
  nextCursor: nullable(Type.String(), {
    description: 'Pass as cursor to get the next page; null on the last page.',
  }),
});

export const WebhookSettingsSchema = Type.Object({
  callbackUri: nullable(Type.String(), {
    description: 'Called for interactions declared without a callbackUri of their own; null for none.',
  }),
  signingSecret: Type.String({
    description:
      'Key of the Parley-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">.',
  }),
});

export const WebhookUpdateSchema = Type.Object({
  callbackUri: Type.Union([Type.String({ minLength: 1, 'x-aliases': ['callbackUrl'] }), Type.Null()]),
  rotateSecret: Type.Optional(Type.Boolean({ description: 'Replace the signing secret.' })),
});

// --- the types, derived from the schemas above -------------------------------------------------

export type PhraseSegment = Static<typeof PhraseSegmentSchema>;
export type PhraseList = Static<typeof PhraseListSchema>;
export type RedactionSegment = Static<typeof RedactionSegmentSchema>;
/** How the two sides were told apart, how overlapping their talk was, and how sure the agent is. */
export type SpeakerSummary = Static<typeof SpeakersSchema>;
/** GET /v1/interactions/{id}/transcript (and /transcripts). */
export type PhraseByPhraseTranscript = Static<typeof TranscriptSchema>;
export type SentenceSegment = Static<typeof SentenceSegmentSchema>;
/** GET /v1/interactions/{id}/transcripts/punctuated. */
export type PunctuatedTranscript = Static<typeof PunctuatedTranscriptSchema>;
export type ModelScore = Static<typeof ModelScoreSchema>;
export type EnlightenBundle = Static<typeof EnlightenBundleSchema>;
export type VoiceActivitySegment = Static<typeof VoiceActivitySegmentSchema>;
export type ParticipantAi = Static<typeof ParticipantAiSchema>;
/** GET /v1/interactions/{id}/ai. */
export type AiResults = Static<typeof AiResultsSchema>;
export type ChatParticipant = Static<typeof ChatParticipantSchema>;
export type ChatMessage = Static<typeof ChatMessageSchema>;
export type ChatInput = Static<typeof ChatSchema>;
/** A third-party transcript uses the phrase-by-phrase output schema. */
export type TranscriptInput = Static<typeof TranscriptInputSchema>;
export type EvidenceLine = Static<typeof EvidenceLineSchema>;
export type ModelEvidence = Static<typeof ModelEvidenceSchema>;
/** Per scope, the evidence of each model scored there (strongest lines first, at most a dozen). */
export type AnalyticsEvidence = Static<typeof AnalyticsEvidenceSchema>;
export type InteractionIdParams = Static<typeof InteractionIdParamsSchema>;
/** The body of every non-2xx answer. */
export type ErrorBody = Static<typeof ErrorBodySchema>;
/** POST /v1/interactions → 201. */
export type DeclaredResponse = Static<typeof DeclaredResponseSchema>;
/** GET /v1/interactions/{id}/status. */
export type StatusResponse = Static<typeof StatusResponseSchema>;
/** GET /v1/interactions/{id}. */
export type InteractionResponse = Static<typeof InteractionResponseSchema>;
export type ListQuery = Static<typeof ListQuerySchema>;
/** One row of GET /v1/interactions. */
export type InteractionSummary = Static<typeof InteractionSummarySchema>;
/** GET /v1/interactions → 200: newest first. */
export type InteractionPage = Static<typeof InteractionPageSchema>;
/** GET and PUT /v1/webhook → 200. */
export type WebhookSettings = Static<typeof WebhookSettingsSchema>;
/** PUT /v1/webhook body. */
export type WebhookUpdate = Static<typeof WebhookUpdateSchema>;
