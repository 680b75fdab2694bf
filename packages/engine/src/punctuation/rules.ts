import type { ComponentStatus } from '../engine.js';
import type { PunctuatedWord, Punctuator } from './types.js';

/**
 * Words that open a question when they start a sentence: wh-words and auxiliaries ("is it...",
 * "can you...", "did she..."). Used only when the punctuation model is absent.
 */
const QUESTION_OPENERS = new Set([
  'what',
  "what's",
  'when',
  "when's",
  'where',
  "where's",
  'who',
  "who's",
  'whom',
  'whose',
  'why',
  'which',
  'how',
  "how's",
  'is',
  'are',
  'am',
  'was',
  'were',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'shall',
  'should',
  'may',
  'might',
  'have',
  'has',
  'had',
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "don't",
  "doesn't",
  "didn't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "shouldn't",
  "haven't",
  "hasn't",
]);

/** The pronoun I and its contractions are always capitalised. */
const ALWAYS_CAPITAL = new Map([
  ['i', 'I'],
  ["i'm", "I'm"],
  ["i'll", "I'll"],
  ["i've", "I've"],
  ["i'd", "I'd"],
]);

export const RULES_DETAIL = 'rules: sentence per pause, capital first letter, "?" after question openers';

/**
 * The honest fallback when the model files are absent: each turn (already cut at long pauses)
 * is one sentence, ending in "?" when it opens like a question and "." otherwise.
 */
export function createRulePunctuator(remedy: string): Punctuator {
  return {
    punctuate(words: readonly string[]): PunctuatedWord[] {
      const opener = (words[0] ?? '').toLowerCase();
      const finalMark = QUESTION_OPENERS.has(opener) ? 'QUESTION' : 'PERIOD';
      return words.map((word, index) => ({
        written: ALWAYS_CAPITAL.get(word.toLowerCase()) ?? word,
        mark: index === words.length - 1 ? finalMark : 'O',
      }));
    },
    status(): ComponentStatus {
      // The rules run anywhere, so the engine is ready; the remedy says how to do better.
      return { name: 'punctuation', ready: true, detail: RULES_DETAIL, remedy };
    },
  };
}
