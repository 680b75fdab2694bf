import type {
  AiResults,
  Conversation,
  EnlightenBundle,
  ParticipantAi,
  ParticipantScope,
  PhraseList,
  ProcessingResult,
  PunctuatedTranscript,
  RedactionSegment,
  SentenceSegment,
  VoiceActivitySegment,
  Word,
} from './types.js';

/** Offsets on the wire are integer milliseconds, never negative. */
function ms(value: number): number {
  return Math.max(0, Math.round(value));
}

function span(startMs: number, endMs: number): { startTimeOffset: number; endTimeOffset: number } {
  const startTimeOffset = ms(startMs);
  return { startTimeOffset, endTimeOffset: Math.max(startTimeOffset, ms(endMs)) };
}

/** Confidences are 0..1; four decimals are more than any recogniser's precision. */
function score(value: number): number {
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return Math.round(clamped * 10_000) / 10_000;
}

/** One phrase per word, so phraseIndex is the segment's own position (safe for every client). */
function phraseList(words: readonly Word[]): PhraseList {
  return {
    phrases: words.map((word) => word.text),
    phraseSegments: words.map((word, phraseIndex) => ({
      ...span(word.startMs, word.endMs),
      phraseIndex,
      score: score(word.confidence),
    })),
  };
}

/**
 * Redaction scores go out as whole numbers: the .NET SDK reads this field as an int and would
 * fail on a fraction, while a float reader takes 0 or 1 as well.
 */
function redactionSegments(conversation: Conversation): RedactionSegment[] {
  return conversation.redactions.map((segment) => ({
    ...span(segment.startTimeOffset, segment.endTimeOffset),
    result: segment.result,
    score: Math.round(score(segment.score)),
  }));
}

function voiceActivity(segments: readonly VoiceActivitySegment[]): VoiceActivitySegment[] {
  return segments.map((segment) => ({
    ...span(segment.startTimeOffset, segment.endTimeOffset),
    result: segment.result,
  }));
}

function byStart<T extends { startMs: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.startMs - b.startMs);
}

/**
 * The three stored documents of an interaction, in ElevateAI's wire shapes. `bundles` is the
 * analyzer's output, or null when CX AI was not requested (then every bundle list is empty).
 */
export function renderResult(
  conversation: Conversation,
  bundles: Record<ParticipantScope, EnlightenBundle[]> | null,
): ProcessingResult {
  const words = byStart(conversation.words);
  const redactions = redactionSegments(conversation);

  const sentenceSegments: SentenceSegment[] = byStart(conversation.sentences).map((sentence) => ({
    participant: sentence.participant,
    ...span(sentence.startMs, sentence.endMs),
    phrase: sentence.text,
    score: score(sentence.confidence),
  }));
  const punctuated: PunctuatedTranscript = { sentenceSegments, redactionSegments: redactions };

  const aiFor = (scope: ParticipantScope): ParticipantAi => ({
    enlightenBundles: bundles?.[scope] ?? [],
    voiceActivitySegments: voiceActivity(conversation.voiceActivity[scope]),
  });
  const ai: AiResults = {
    allParticipants: aiFor('allParticipants'),
    participantOne: aiFor('participantOne'),
    participantTwo: aiFor('participantTwo'),
  };

  return {
    transcript: {
      allParticipants: phraseList(words),
      participantOne: phraseList(words.filter((word) => word.participant === 'participantOne')),
      participantTwo: phraseList(words.filter((word) => word.participant === 'participantTwo')),
      redactionSegments: redactions,
      ...(conversation.speakers === undefined ? {} : { speakers: conversation.speakers }),
      ...(conversation.wordTimes === undefined ? {} : { wordTimes: conversation.wordTimes }),
    },
    punctuated,
    ai,
    durationMs: ms(conversation.durationMs),
  };
}
