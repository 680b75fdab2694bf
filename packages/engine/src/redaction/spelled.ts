import { DIGIT_WORDS, REPEAT_WORDS, TEEN_WORDS, TENS_WORDS } from './vocabulary.js';

/** Letters-only groups of a written code ("GB82 WEST 1234") are at most this long. */
const SHORT_WORD_CHARS = 4;

/** Longest written token read as characters of a spelled identifier (an IBAN is at most 34). */
const MAX_WRITTEN_CHARS = 34;

/**
 * The characters one or two words stand for when someone spells out a code: a single letter,
 * a digit word, "double"/"triple" with what follows, a spoken two-digit number ("fourteen",
 * "eighty two"), or a short written run of letters and digits ("GB82", "1AA", "4567").
 * Undefined for any other word, which ends the code.
 */
export function spelledAt(
  tokens: readonly string[],
  i: number,
  shortWords = false,
): { chars: string; next: number } | undefined {
  const token = tokens[i];
  if (token === undefined || token.length === 0) return undefined;
  const next = tokens[i + 1];
  const repeat = REPEAT_WORDS[token];
  if (repeat !== undefined && next !== undefined) {
    const one = singleChar(next);
    if (one !== undefined) return { chars: one.repeat(repeat), next: i + 2 };
  }
  const one = singleChar(token);
  if (one !== undefined) return { chars: one, next: i + 1 };
  const teen = TEEN_WORDS[token];
  if (teen !== undefined) return { chars: String(teen), next: i + 1 };
  const tens = TENS_WORDS[token];
  if (tens !== undefined) {
    const unit = next === undefined || next === 'oh' || next === 'o' ? undefined : DIGIT_WORDS[next];
    if (unit !== undefined && unit > 0) return { chars: String(tens + unit), next: i + 2 };
    return { chars: String(tens), next: i + 1 };
  }
  const written = token.length <= MAX_WRITTEN_CHARS && isAlphanumeric(token);
  if (written && (/\d/u.test(token) || (shortWords && token.length <= SHORT_WORD_CHARS))) {
    return { chars: token, next: i + 1 };
  }
  return undefined;
}

function singleChar(token: string): string | undefined {
  const digit = DIGIT_WORDS[token];
  // "o" and "oh" are zero here too: codes are read digit by digit.
  if (digit !== undefined) return String(digit);
  if (token.length === 1 && token >= 'a' && token <= 'z') return token;
  if (token.length === 1 && token >= '0' && token <= '9') return token;
  return undefined;
}

function isAlphanumeric(token: string): boolean {
  for (let k = 0; k < token.length; k += 1) {
    const c = token.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** Whether the code said from word `i` on starts with a letter ("g", "gb82", but not "one"). */
export function startsWithLetter(tokens: readonly string[], i: number, shortWords = false): boolean {
  const first = spelledAt(tokens, i, shortWords)?.chars[0];
  return first !== undefined && first >= 'a' && first <= 'z';
}

/** A code said from some word on, as characters, with the character count after each word. */
export interface SpelledRun {
  chars: string;
  /** After the word before `next`, the code had `length` characters. */
  boundaries: Array<{ length: number; next: number }>;
}

/**
 * Reads a spelled code from word `i` on, stopping at `maxChars` characters or a word that is not
 * part of a code. With `shortWords`, written letter groups up to four long count ("WEST").
 */
export function readSpelled(
  tokens: readonly string[],
  i: number,
  maxChars: number,
  shortWords = false,
): SpelledRun {
  let chars = '';
  const boundaries: SpelledRun['boundaries'] = [];
  let at = i;
  while (chars.length < maxChars) {
    const step = spelledAt(tokens, at, shortWords);
    if (step === undefined) break;
    chars += step.chars;
    at = step.next;
    boundaries.push({ length: chars.length, next: at });
  }
  return { chars, boundaries };
}
