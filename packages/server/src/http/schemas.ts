import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { REDACTION_POLICY_NAMES, REDACTION_RESULT_NAMES } from '@parley/engine';
import { STATUSES } from '../lifecycle/statuses.js';

/**
 * The wire schemas: one source for request validation, key canonicalisation (see canonicalize.ts),
 * response serialisation and the OpenAPI document. `x-aliases` lists other names a request may use
 * for a property (older SDKs send them).
 */

/** A closed set of strings as a JSON Schema `enum`, which gives clearer validation messages than `anyOf`. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
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
  result: StringEnum(['Credit Card', 'CVV', 'Social Security']),
  score: Type.Number(),
});

export const SpeakersSchema = Type.Object(
  {
    separation: StringEnum(['channels', 'diarization', 'given', 'none']),
    agentDecidedBy: StringEnum(['hint', 'default', 'content', 'convention', 'given', 'none']),
    agentConfidence: nullable(Type.Number()),
    overlapMs: Type.Optional(Type.Number()),
    interruptions: Type.Optional(Type.Number()),
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

export const PunctuatedTranscriptSchema = Type.Object({
  sentenceSegments: Type.Array(
    Type.Object({
      participant: Type.String({ description: 'allParticipants, participantOne or participantTwo' }),
      startTimeOffset: Offset,
      endTimeOffset: Offset,
      phrase: Type.String(),
      score: Type.Number(),
    }),
  ),
  redactionSegments: Type.Array(RedactionSegmentSchema),
});

const ModelScoreSchema = Type.Object({
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

const ParticipantAiSchema = Type.Object({
  enlightenBundles: Type.Array(Type.Object({ name: Type.String(), models: Type.Array(ModelScoreSchema) })),
  voiceActivitySegments: Type.Array(
    Type.Object({
      startTimeOffset: Offset,
      endTimeOffset: Offset,
      result: StringEnum(['voice', 'silence']),
    }),
  ),
});

export const AiResultsSchema = Type.Object({
  allParticipants: ParticipantAiSchema,
  participantOne: ParticipantAiSchema,
  participantTwo: ParticipantAiSchema,
});

// --- requests --------------------------------------------------------------------------------

const ParticipantId = Type.String({ minLength: 1, 'x-aliases': ['participant_id'] });

export const ChatSchema = Type.Object({
  participants: Type.Array(
    Type.Object({
      participantId: ParticipantId,
      name: Type.Optional(Type.String()),
      role: Type.String({ minLength: 1, description: 'agent or customer' }),
    }),
    { minItems: 1 },
  ),
  messages: Type.Array(
    Type.Object({
      participantId: ParticipantId,
      timestamp: Type.String({ minLength: 1, description: 'ISO 8601 date-time' }),
      content: TextPiece(`the message text, at most ${MAX_TEXT_CHARS} characters`),
    }),
    { minItems: 1 },
  ),
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
  type: StringEnum(['audio', 'chat', 'transcript']),
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
  type: Type.String(),
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
  status: Type.String(),
});
