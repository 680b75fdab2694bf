import type { ComponentStatus } from '../engine.js';

/** The mark that follows a word: none, comma, sentence end (also for "!") or question. */
export type Mark = 'O' | 'COMMA' | 'PERIOD' | 'QUESTION';

export interface PunctuatedWord {
  /** The word as it is usually written mid-sentence ("i" -> "I", "iphone" -> "iPhone"), no mark. */
  written: string;
  mark: Mark;
}

/** Restores punctuation and case for the words of one participant turn. */
export interface Punctuator {
  punctuate(words: readonly string[]): PunctuatedWord[];
  status(): ComponentStatus;
}
