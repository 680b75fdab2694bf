/**
 * A runtime description of the SDK's wire types, tied to those types by `satisfies ShapeOf<T>`:
 * the compiler rejects a shape that misses a field of T, names one T lacks, or marks optionality
 * differently. The drift test then holds these shapes against the server's OpenAPI document.
 */
import type {
  AiResults,
  DeclareAudioRequest,
  DeclareChatRequest,
  DeclaredInteraction,
  DeclareResponse,
  DeclareTranscriptRequest,
  ErrorBody,
  InteractionPage,
  InteractionStatus,
  PhraseByPhraseTranscript,
  PunctuatedTranscript,
  TranscriptInput,
  WebhookSettings,
  WebhookUpdate,
} from '@parley/client';

export type Primitive = 'string' | 'number' | 'integer' | 'boolean';
export type Spec =
  | Primitive
  | { object: Record<string, Spec> }
  | { array: Spec }
  | { nullable: Spec }
  | { optional: Spec }
  | 'unknown';
type OptionalSpec = { optional: Spec };
type RequiredSpec = Exclude<Spec, OptionalSpec>;

/** Exactly the keys of T; optional keys must be `{ optional }`, required ones must not. */
export type ShapeOf<T> = {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is the standard test for an optional key
  [K in keyof T]-?: {} extends Pick<T, K> ? OptionalSpec : RequiredSpec;
};

const opt = (spec: Spec): OptionalSpec => ({ optional: spec });
const nullable = (spec: Spec): RequiredSpec => ({ nullable: spec });
const array = (spec: Spec): RequiredSpec => ({ array: spec });
const object = (shape: Record<string, Spec>): RequiredSpec => ({ object: shape });

const phraseList = object({
  phrases: array('string'),
  phraseSegments: array(
    object({ startTimeOffset: 'integer', endTimeOffset: 'integer', phraseIndex: 'integer', score: 'number' }),
  ),
});
const redactions = array(
  object({ startTimeOffset: 'integer', endTimeOffset: 'integer', result: 'string', score: 'number' }),
);

const transcriptInput = {
  allParticipants: opt(phraseList),
  participantOne: opt(phraseList),
  participantTwo: opt(phraseList),
  redactionSegments: opt(redactions),
} satisfies ShapeOf<TranscriptInput>;

const declareCommon = {
  languageTag: 'string',
  vertical: 'string',
  includeAiResults: opt('boolean'),
  audioTranscriptionMode: opt('string'),
  originalFilename: opt('string'),
  externalIdentifier: opt('string'),
  metadata: opt(object({})),
  redactionPolicies: opt(array('string')),
  callbackUri: opt('string'),
} as const;

export const declareAudioShape = {
  ...declareCommon,
  type: 'string',
  downloadUri: opt('string'),
  model: opt('string'),
  agentChannel: opt('integer'),
} satisfies ShapeOf<DeclareAudioRequest>;

const chatParticipant = object({ participant_id: 'string', name: opt('string'), role: 'string' });
const chatMessage = object({ participant_id: 'string', timestamp: 'string', content: 'string' });

export const declareChatShape = {
  ...declareCommon,
  type: 'string',
  chat: object({ participants: array(chatParticipant), messages: array(chatMessage) }),
} satisfies ShapeOf<DeclareChatRequest>;

export const declareTranscriptShape = {
  ...declareCommon,
  type: 'string',
  transcript: object(transcriptInput),
} satisfies ShapeOf<DeclareTranscriptRequest>;

export const declareResponseShape = { interactionIdentifier: 'string' } satisfies ShapeOf<DeclareResponse>;

export const statusShape = {
  identifier: 'string',
  status: 'string',
  declared: 'string',
  uploaded: nullable('string'),
  downloaded: nullable('string'),
  processed: nullable('string'),
  errorMessage: nullable('string'),
  errorCode: opt(nullable('string')),
} satisfies ShapeOf<InteractionStatus>;

export const declaredShape = {
  identifier: 'string',
  type: 'string',
  languageTag: 'string',
  vertical: 'string',
  audioTranscriptionMode: nullable('string'),
  transcript: nullable(object(transcriptInput)),
  chat: nullable(object({ participants: array('unknown'), messages: array('unknown') })),
  downloadUri: nullable('string'),
  includeAiResults: 'boolean',
  originalFilename: opt(nullable('string')),
  externalIdentifier: opt(nullable('string')),
  model: opt(nullable('string')),
  agentChannel: opt(nullable('number')),
  callbackUri: opt(nullable('string')),
  redactionPolicies: opt(nullable(array('string'))),
  status: opt('string'),
} satisfies ShapeOf<DeclaredInteraction>;

export const transcriptShape = {
  allParticipants: phraseList,
  participantOne: phraseList,
  participantTwo: phraseList,
  redactionSegments: redactions,
  speakers: opt(
    object({
      separation: 'string',
      agentDecidedBy: 'string',
      agentConfidence: nullable('number'),
      overlapMs: opt('number'),
      interruptions: opt('number'),
    }),
  ),
  wordTimes: opt('string'),
} satisfies ShapeOf<PhraseByPhraseTranscript>;

export const punctuatedShape = {
  sentenceSegments: array(
    object({
      participant: 'string',
      startTimeOffset: 'integer',
      endTimeOffset: 'integer',
      phrase: 'string',
      score: 'number',
    }),
  ),
  redactionSegments: redactions,
} satisfies ShapeOf<PunctuatedTranscript>;

const modelScore = object({
  name: 'string',
  score: 'number',
  minScore: 'number',
  minScoreOffset: 'number',
  maxScore: 'number',
  maxScoreOffset: 'number',
  quartile1: 'number',
  quartile2: 'number',
  quartile3: 'number',
  quartile4: 'number',
});
const participantAi = object({
  enlightenBundles: array(object({ name: 'string', models: array(modelScore) })),
  voiceActivitySegments: array(
    object({ startTimeOffset: 'integer', endTimeOffset: 'integer', result: 'string' }),
  ),
});

export const aiShape = {
  allParticipants: participantAi,
  participantOne: participantAi,
  participantTwo: participantAi,
} satisfies ShapeOf<AiResults>;

export const errorShape = {
  errorMessage: 'string',
  code: opt('string'),
  requestId: opt('string'),
} satisfies ShapeOf<ErrorBody>;

export const interactionPageShape = {
  interactions: array(
    object({
      interactionIdentifier: 'string',
      type: 'string',
      status: 'string',
      declared: 'string',
      processed: nullable('string'),
      errorMessage: nullable('string'),
      externalIdentifier: nullable('string'),
      originalFilename: nullable('string'),
    }),
  ),
  nextCursor: nullable('string'),
} satisfies ShapeOf<InteractionPage>;

export const webhookSettingsShape = {
  callbackUri: nullable('string'),
  signingSecret: 'string',
} satisfies ShapeOf<WebhookSettings>;

export const webhookUpdateShape = {
  callbackUri: nullable('string'),
  rotateSecret: opt('boolean'),
} satisfies ShapeOf<WebhookUpdate>;
