import type {
  InteractionType,
  ParticipantScope,
  RedactionSegment,
  SpeakerSummary,
  VoiceActivitySegment,
} from '@parley/contract';
import type { PhraseByPhraseTranscript, PunctuatedTranscript, AiResults } from '@parley/contract';

/**
 * The engine's own conversation model that stages hand to each other. The ElevateAI v1 wire
 * shapes it converts to at the very end (camelCase, offsets in integer milliseconds) and the
 * inputs as declared are the contract's (@parley/contract), re-exported here for the stages.
 */

export {
  PARTICIPANT_KEYS,
  PARTICIPANT_SCOPES,
  type ParticipantKey,
  type ParticipantScope,
  type RedactionKind,
} from '@parley/contract';
export type {
  PhraseSegment,
  PhraseList,
  RedactionSegment,
  SpeakerSummary,
  PhraseByPhraseTranscript,
  SentenceSegment,
  PunctuatedTranscript,
  ModelScore,
  EnlightenBundle,
  VoiceActivitySegment,
  ParticipantAi,
  AiResults,
  ChatParticipant,
  ChatMessage,
  ChatInput,
  TranscriptInput,
} from '@parley/contract';

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

/** What the interaction was declared as. */
export type Medium = InteractionType;

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
  wordTimes?: PhraseByPhraseTranscript['wordTimes'];
}

/** What the engine hands back for one interaction: exactly what the service stores. */
export interface ProcessingResult {
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults;
  durationMs: number;
}
