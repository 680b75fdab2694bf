import { findRedactions, type RedactionPolicy } from '../redaction/index.js';
import type {
  Conversation,
  Medium,
  ParticipantScope,
  RedactionSegment,
  Sentence,
  SpeakerSummary,
  VoiceActivitySegment,
  Word,
} from '../types.js';
import { maskSentenceText, maskToken, type DraftSentence } from './draft.js';

export interface ConversationParts {
  medium: Medium;
  languageTag: string;
  durationMs: number;
  /** Every word, not yet redacted. */
  words: readonly Word[];
  /** Sentences over those same word objects. */
  sentences: readonly DraftSentence[];
  /** Redactions made before Parley saw the text (a third-party transcript's own). */
  givenRedactions?: readonly RedactionSegment[];
  voiceActivity: Record<ParticipantScope, VoiceActivitySegment[]>;
  speakerSeparation: Conversation['speakerSeparation'];
  speakers?: SpeakerSummary;
  wordTimes?: Conversation['wordTimes'];
  /** What to redact; absent: ElevateAI's three. */
  redactionPolicies?: ReadonlySet<RedactionPolicy>;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 1 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Redacts the words and sentences together and builds the conversation every later stage reads.
 * Masking is decided once, per word, and applied to the phrase list and to every sentence that
 * holds the word, so no masked digit survives in either.
 */
export function assembleConversation(parts: ConversationParts): Conversation {
  const ordered = [...parts.words].sort((a, b) => a.startMs - b.startMs);
  const { masked, segments } = findRedactions(ordered, parts.redactionPolicies);
  const replaced = new Map<Word, Word>();
  for (const word of masked) replaced.set(word, { ...word, text: maskToken(word.text) });
  const final = (word: Word): Word => replaced.get(word) ?? word;

  const sentences: Sentence[] = parts.sentences
    .map((draft): Sentence => {
      const words = draft.words.map((span) => final(span.word));
      return {
        participant: draft.participant,
        startMs: draft.startMs,
        endMs: draft.endMs,
        text: maskSentenceText(draft, masked),
        confidence: mean(words.map((word) => word.confidence)),
        words,
      };
    })
    .sort((a, b) => a.startMs - b.startMs);

  const redactions = [...(parts.givenRedactions ?? []), ...segments].sort(
    (a, b) => a.startTimeOffset - b.startTimeOffset,
  );

  return {
    medium: parts.medium,
    languageTag: parts.languageTag,
    durationMs: parts.durationMs,
    words: ordered.map(final),
    sentences,
    redactions,
    voiceActivity: parts.voiceActivity,
    speakerSeparation: parts.speakerSeparation,
    ...(parts.speakers === undefined ? {} : { speakers: parts.speakers }),
    ...(parts.wordTimes === undefined ? {} : { wordTimes: parts.wordTimes }),
  };
}
