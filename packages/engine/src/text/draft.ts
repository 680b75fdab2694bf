import type { ParticipantScope, Word } from '../types.js';

/** Where one word sits in its sentence's written form: the [start, end) of its letters and digits. */
export interface WordSpan {
  word: Word;
  start: number;
  end: number;
}

/**
 * A sentence before redaction. It keeps the written form and the position of every word in it,
 * so redaction can mask exactly the words it masks in the phrase list, and nothing else.
 */
export interface DraftSentence {
  participant: ParticipantScope;
  startMs: number;
  endMs: number;
  text: string;
  words: WordSpan[];
}

/** The one mask used everywhere: every redacted word becomes this, so `# # # #` reads like ElevateAI. */
export const MASK = '#';

const CORE = /[\p{L}\p{N}\p{M}](?:.*[\p{L}\p{N}\p{M}])?/su;

/** The [start, end) of a token's letters and digits, leaving leading and trailing punctuation out. */
export function coreRange(token: string): { start: number; end: number } {
  const match = CORE.exec(token);
  if (!match) return { start: 0, end: token.length };
  return { start: match.index, end: match.index + match[0].length };
}

/** A token with its letters and digits replaced by the mask; its punctuation stays ("1111." -> "#."). */
export function maskToken(token: string): string {
  const { start, end } = coreRange(token);
  // The domain half of an email address split at "@" goes with its "@", as in the sentence text.
  const from = start > 0 && token[start - 1] === '@' ? start - 1 : start;
  return token.slice(0, from) + MASK + token.slice(end);
}

/**
 * Joins tokens with single spaces and records where each token's core sits, which is the draft
 * form for recognised or given words (their written form is the tokens themselves).
 */
export function draftFromTokens(
  participant: ParticipantScope,
  items: ReadonlyArray<{ word: Word; written: string }>,
): DraftSentence {
  let text = '';
  const words: WordSpan[] = [];
  for (const { word, written } of items) {
    if (text.length > 0) text += ' ';
    const { start, end } = coreRange(written);
    words.push({ word, start: text.length + start, end: text.length + end });
    text += written;
  }
  const first = items[0]?.word;
  const last = items[items.length - 1]?.word;
  return {
    participant,
    startMs: first?.startMs ?? 0,
    endMs: last?.endMs ?? first?.startMs ?? 0,
    text,
    words,
  };
}

/**
 * The written sentence with every masked word replaced by the mask. What lies between two masked
 * words of the same sentence (a dash, a comma, a space) becomes one space, so "4111-1111" and
 * "4111 1111" both read "# #" and no separator hints at the grouping of the hidden digits.
 */
export function maskSentenceText(draft: DraftSentence, masked: ReadonlySet<Word>): string {
  const spans = [...draft.words].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  let previousMasked = false;
  for (const span of spans) {
    const isMasked = masked.has(span.word);
    if (isMasked) {
      out += previousMasked ? ' ' : draft.text.slice(cursor, span.start);
      out += MASK;
      cursor = span.end;
    } else {
      out += draft.text.slice(cursor, span.end);
      cursor = span.end;
    }
    previousMasked = isMasked;
  }
  return out + draft.text.slice(cursor);
}
