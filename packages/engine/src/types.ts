import type { REDACTION_RESULTS } from './redaction/policies.js';

/**
 * The shapes every stage of the engine agrees on.
 *
 * Two families live here: the ElevateAI v1 wire shapes that the service returns unchanged
 * (camelCase, offsets in integer milliseconds), and the engine's own conversation model that
 * stages hand to each other. Stages convert to the wire shapes only at the very end.
 */

/** The two sides of a conversation, as ElevateAI names them. */
export type ParticipantKey = 'participantOne' | 'participantTwo';

/** A participant, or everyone. Mono audio without diarization belongs to `allParticipants`. */
export type ParticipantScope = 'allParticipants' | ParticipantKey;

export const PARTICIPANT_KEYS: readonly ParticipantKey[] = ['participantOne', 'participantTwo'];
export const PARTICIPANT_SCOPES: readonly ParticipantScope[] = [
  'allParticipants',
  'participantOne',
  'participantTwo',
];

// ---------------------------------------------------------------------------------------------
// Wire shapes (ElevateAI v1)
// ---------------------------------------------------------------------------------------------

export interface PhraseSegment {
  startTimeOffset: number;
  endTimeOffset: number;
  phraseIndex: number;
  score: number;
}

export interface PhraseList {
  phrases: string[];
  phraseSegments: PhraseSegment[];
}

/**
 * The result names of redacted spans: ElevateAI's three ('Credit Card', 'CVV', 'Social
 * Security') and those of Parley's opt-in redaction policies ('Email', 'Phone Number', ...).
 */
export type RedactionKind = (typeof REDACTION_RESULTS)[keyof typeof REDACTION_RESULTS];

export interface RedactionSegment {
  startTimeOffset: number;
  endTimeOffset: number;
  result: RedactionKind;
  score: number;
}

/** How the two sides were told apart, how overlapping their talk was, and how sure the agent is. */
export interface SpeakerSummary {
  /**
   * `channels`: one side per stereo channel; `diarization`: mono audio split by voice; `given`:
   * a third-party transcript or chat roles said who spoke; `none`: everything is allParticipants.
   */
  separation: 'channels' | 'diarization' | 'given' | 'none';
  /**
   * Why participantOne is the agent: the interaction's `agentChannel`, the server default, what
   * was said (`content`), the medium's convention when what was said did not decide (stereo
   * channel 0, mono first speaker), the chat's roles or the given transcript (`given`), or `none`.
   */
  agentDecidedBy: 'hint' | 'default' | 'content' | 'convention' | 'given' | 'none';
  /** The role decision's probability (0.5..1) where what was said was weighed; else null. */
  agentConfidence: number | null;
  /** Time both sides talk at once, in ms, and how often one starts while the other is talking. */
  overlapMs?: number;
  interruptions?: number;
}

/** GET /v1/interactions/{id}/transcript (and /transcripts). */
export interface PhraseByPhraseTranscript {
  allParticipants: PhraseList;
  participantOne: PhraseList;
  participantTwo: PhraseList;
  redactionSegments: RedactionSegment[];
  /** Parley extension, ignored by ElevateAI clients: see SpeakerSummary. */
  speakers?: SpeakerSummary;
  /**
   * Extension, audio only: "model" when every word's times come from the recogniser, "estimated"
   * when the recogniser times only segments and words were spread over them by length.
   */
  wordTimes?: 'model' | 'estimated';
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

// ---------------------------------------------------------------------------------------------
// Inputs as declared (already validated and canonicalised by the server)
// ---------------------------------------------------------------------------------------------

export interface ChatParticipant {
  participantId: string;
  name?: string;
  role: string;
}

export interface ChatMessage {
  participantId: string;
  /** ISO 8601 date-time. */
  timestamp: string;
  content: string;
}

export interface ChatInput {
  participants: ChatParticipant[];
  messages: ChatMessage[];
}

/** A third-party transcript uses the phrase-by-phrase output schema. */
export interface TranscriptInput {
  allParticipants?: PhraseList;
  participantOne?: PhraseList;
  participantTwo?: PhraseList;
  redactionSegments?: RedactionSegment[];
}

// ---------------------------------------------------------------------------------------------
// The engine's conversation model, shared by every stage after recognition
// ---------------------------------------------------------------------------------------------

/** One recognised or given word (or token), already redacted when it was sensitive. */
export interface Word {
  text: string;
  startMs: number;
  endMs: number;
  /** 0..1 */
  confidence: number;
  participant: ParticipantScope;
}

/** One punctuated, cased sentence spoken or written by one participant. */
export interface Sentence {
  participant: ParticipantScope;
  startMs: number;
  endMs: number;
  text: string;
  confidence: number;
  /** The words this sentence was made from, in time order. */
  words: Word[];
}

export type Medium = 'audio' | 'chat' | 'transcript';

/**
 * Everything known about one interaction once recognition and redaction are done. Analytics,
 * transcript rendering and storage all read this; nothing in it is unredacted.
 */
export interface Conversation {
  medium: Medium;
  languageTag: string;
  /** From the first to the last moment of the interaction, in ms. */
  durationMs: number;
  /** Every word of every participant, in start-time order. */
  words: Word[];
  /** Every sentence of every participant, in start-time order. */
  sentences: Sentence[];
  redactions: RedactionSegment[];
  /** Voice/silence timeline per scope; chat has none (empty arrays). */
  voiceActivity: Record<ParticipantScope, VoiceActivitySegment[]>;
  /** How participants were told apart: stereo channels, diarization, chat roles, the given transcript, or not at all. */
  speakerSeparation: 'channels' | 'diarization' | 'roles' | 'given' | 'none';
  /** Separation, agent decision and overlap, as the transcript's `speakers` extension reports them. */
  speakers?: SpeakerSummary;
  /** Audio only: word times from the recogniser's own token times, or estimated over voiced regions. */
  wordTimes?: 'model' | 'estimated';
}

/** What the engine hands back for one interaction: exactly what the service stores. */
export interface ProcessingResult {
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults;
  durationMs: number;
}
