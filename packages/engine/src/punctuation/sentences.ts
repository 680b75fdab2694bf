import type { ParticipantScope, Word } from '../types.js';
import { draftFromTokens, type DraftSentence } from '../text/draft.js';
import type { Mark, Punctuator } from './types.js';

/**
 * A silence this long ends a participant's turn and therefore a sentence. Shorter pauses happen
 * inside sentences (breath, hesitation); the model decides sentence ends within a turn.
 */
export const LONG_PAUSE_MS = 700;

const MARK_TEXT: Readonly<Record<Mark, string>> = { O: '', COMMA: ',', PERIOD: '.', QUESTION: '?' };

/** Sentence-final punctuation already in a word, possibly followed by a closing quote or bracket. */
const ENDS_SENTENCE = /[.?!…]["'”’)\]]*$/u;

/**
 * Whether given words already carry punctuation and case (a Whisper-style recogniser or a
 * punctuated third-party transcript): then their own marks decide sentence ends.
 */
export function looksPunctuated(words: readonly Word[]): boolean {
  const enders = words.filter((word) => ENDS_SENTENCE.test(word.text)).length;
  const capitals = words.filter((word) => /^\p{Lu}/u.test(word.text)).length;
  return enders >= Math.max(1, words.length / 40) && capitals > 0;
}

/** Each participant's words cut at long pauses, in the order the turns start. */
export function turnsOf(words: readonly Word[]): Word[][] {
  const streams = new Map<ParticipantScope, Word[]>();
  for (const word of [...words].sort((a, b) => a.startMs - b.startMs)) {
    const stream = streams.get(word.participant) ?? [];
    stream.push(word);
    streams.set(word.participant, stream);
  }
  const turns: Word[][] = [];
  for (const stream of streams.values()) {
    let turn: Word[] = [];
    for (const word of stream) {
      const previous = turn[turn.length - 1];
      if (previous && word.startMs - previous.endMs >= LONG_PAUSE_MS) {
        turns.push(turn);
        turn = [];
      }
      turn.push(word);
    }
    if (turn.length > 0) turns.push(turn);
  }
  return turns.sort((a, b) => (a[0]?.startMs ?? 0) - (b[0]?.startMs ?? 0));
}

function capitalise(text: string): string {
  const at = text.search(/\p{L}/u);
  if (at < 0) return text;
  return text.slice(0, at) + text.charAt(at).toUpperCase() + text.slice(at + 1);
}

/**
 * Words -> sentences. With a punctuator, each turn is punctuated and cased and cut after every
 * period or question mark; a turn always ends a sentence (a trailing comma becomes a period).
 * Without one (`null`: the words are already punctuated) sentences end at the words' own
 * sentence-final marks and at long pauses.
 */
export function buildSentences(words: readonly Word[], punctuator: Punctuator | null): DraftSentence[] {
  const drafts: DraftSentence[] = [];
  for (const turn of turnsOf(words)) {
    const participant = turn[0]?.participant ?? 'allParticipants';
    let current: Array<{ word: Word; written: string }> = [];
    const close = (): void => {
      if (current.length > 0) drafts.push(draftFromTokens(participant, current));
      current = [];
    };
    if (punctuator === null) {
      for (const word of turn) {
        current.push({ word, written: word.text });
        if (ENDS_SENTENCE.test(word.text)) close();
      }
      close();
      continue;
    }
    const punctuated = punctuator.punctuate(turn.map((word) => word.text));
    turn.forEach((word, index) => {
      const result = punctuated[index] ?? { written: word.text, mark: 'O' as const };
      const isLast = index === turn.length - 1;
      let mark = result.mark;
      if (isLast && (mark === 'O' || mark === 'COMMA')) mark = 'PERIOD';
      const written = current.length === 0 ? capitalise(result.written) : result.written;
      current.push({ word, written: written + MARK_TEXT[mark] });
      if (mark === 'PERIOD' || mark === 'QUESTION') close();
    });
    close();
  }
  return drafts.sort((a, b) => a.startMs - b.startMs);
}
