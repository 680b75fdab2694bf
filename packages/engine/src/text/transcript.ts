import { GIVEN_REDACTION_RESULTS } from '@parley/contract/core';
import { ProcessingError } from '../errors.js';
import type {
  ParticipantScope,
  PhraseList,
  RedactionKind,
  RedactionSegment,
  TranscriptInput,
  Word,
} from '../types.js';

export interface TranscriptText {
  /** Every given word, in start-time order, not yet redacted by Parley. */
  words: Word[];
  /** Redactions the third party already made, kept as given. */
  redactions: RedactionSegment[];
  durationMs: number;
  speakerSeparation: 'given' | 'none';
}

const REDACTION_KINDS: readonly RedactionKind[] = GIVEN_REDACTION_RESULTS;

function invalid(message: string): ProcessingError {
  return new ProcessingError('transcript_invalid', message);
}

function checkOffsets(where: string, start: unknown, end: unknown): { start: number; end: number } {
  if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) {
    throw invalid(
      `${where}.startTimeOffset must be a number of milliseconds >= 0, got ${JSON.stringify(start)}.`,
    );
  }
  if (typeof end !== 'number' || !Number.isFinite(end) || end < 0) {
    throw invalid(
      `${where}.endTimeOffset must be a number of milliseconds >= 0, got ${JSON.stringify(end)}.`,
    );
  }
  if (end < start) {
    throw invalid(`${where} ends (endTimeOffset ${end}) before it starts (startTimeOffset ${start}).`);
  }
  return { start, end };
}

function checkScore(where: string, score: unknown): number {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    throw invalid(`${where}.score must be a confidence between 0 and 1, got ${JSON.stringify(score)}.`);
  }
  return score;
}

/**
 * The words of one phrase list. A phrase may hold several words ("thanks for calling"); its
 * span is shared among them in proportion to their length, so redaction and sentence building
 * can work word by word as they do for recognised speech.
 */
function wordsOfList(scope: ParticipantScope, list: PhraseList): Word[] {
  const phrases: unknown = list.phrases;
  const segments: unknown = list.phraseSegments;
  if (!Array.isArray(phrases)) throw invalid(`transcript.${scope}.phrases must be an array of strings.`);
  if (!Array.isArray(segments)) throw invalid(`transcript.${scope}.phraseSegments must be an array.`);
  phrases.forEach((phrase: unknown, index) => {
    if (typeof phrase !== 'string') {
      throw invalid(`transcript.${scope}.phrases[${index}] must be a string, got ${JSON.stringify(phrase)}.`);
    }
  });

  const words: Word[] = [];
  (segments as PhraseList['phraseSegments']).forEach((segment, index) => {
    const where = `transcript.${scope}.phraseSegments[${index}]`;
    const { phraseIndex } = segment;
    if (!Number.isInteger(phraseIndex) || phraseIndex < 0 || phraseIndex >= phrases.length) {
      const range = phrases.length === 0 ? 'it is empty' : `valid indices are 0 to ${phrases.length - 1}`;
      throw invalid(
        `${where}.phraseIndex is ${JSON.stringify(phraseIndex)}, which is not an index into transcript.${scope}.phrases (${range}).`,
      );
    }
    const { start, end } = checkOffsets(where, segment.startTimeOffset, segment.endTimeOffset);
    const confidence = checkScore(where, segment.score);
    const tokens = (phrases[phraseIndex] as string).split(/\s+/u).filter((token) => token.length > 0);
    const total = tokens.reduce((sum, token) => sum + token.length, 0);
    let before = 0;
    for (const token of tokens) {
      const from = start + ((end - start) * before) / total;
      before += token.length;
      const to = start + ((end - start) * before) / total;
      words.push({ text: token, startMs: from, endMs: to, confidence, participant: scope });
    }
  });
  return words;
}

function givenRedactions(input: TranscriptInput): RedactionSegment[] {
  const given: unknown = input.redactionSegments ?? [];
  if (!Array.isArray(given)) throw invalid('transcript.redactionSegments must be an array when present.');
  return (given as RedactionSegment[]).map((segment, index) => {
    const where = `transcript.redactionSegments[${index}]`;
    const { start, end } = checkOffsets(where, segment.startTimeOffset, segment.endTimeOffset);
    if (!REDACTION_KINDS.includes(segment.result)) {
      throw invalid(
        `${where}.result is ${JSON.stringify(segment.result)}; use one of ${REDACTION_KINDS.map((kind) => `"${kind}"`).join(', ')}.`,
      );
    }
    const score = typeof segment.score === 'number' && Number.isFinite(segment.score) ? segment.score : 0;
    return { startTimeOffset: start, endTimeOffset: end, result: segment.result, score };
  });
}

/**
 * A third-party transcript as words. When participantOne or participantTwo carry phrases they
 * say who spoke, and allParticipants (by the schema their merge) is not read again; otherwise
 * every word belongs to allParticipants.
 */
export function transcriptToWords(input: TranscriptInput): TranscriptText {
  const one = input.participantOne ? wordsOfList('participantOne', input.participantOne) : [];
  const two = input.participantTwo ? wordsOfList('participantTwo', input.participantTwo) : [];
  const separated = one.length > 0 || two.length > 0;
  const all =
    !separated && input.allParticipants ? wordsOfList('allParticipants', input.allParticipants) : [];
  if (separated && input.allParticipants) wordsOfList('allParticipants', input.allParticipants);

  const words = (separated ? [...one, ...two] : all)
    .map((word, order) => ({ word, order }))
    .sort((a, b) => a.word.startMs - b.word.startMs || a.order - b.order)
    .map(({ word }) => word);
  if (words.length === 0) {
    throw invalid(
      'transcript has no words: give phrases and phraseSegments in allParticipants, or in participantOne and participantTwo.',
    );
  }
  const redactions = givenRedactions(input);
  const durationMs = [...words.map((word) => word.endMs), ...redactions.map((s) => s.endTimeOffset)].reduce(
    (latest, end) => Math.max(latest, end),
    0,
  );
  return { words, redactions, durationMs, speakerSeparation: separated ? 'given' : 'none' };
}
