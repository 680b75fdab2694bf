import {
  DIGIT_WORDS,
  FILLER_WORDS,
  HUNDRED_WORD,
  MAX_FILLERS_IN_NUMBER,
  REPEAT_WORDS,
  TEEN_WORDS,
  TENS_WORDS,
} from './vocabulary.js';
import { trimEndWhere, trimStartWhere } from '../text/segment.js';

/**
 * A piece of a spoken or written number: one or more consecutive words that together say some
 * digits ("4111", "four", "double four", "twenty two", "123-45-6789").
 */
export interface NumberPiece {
  /** Index of the piece's first and last word in the stream it was read from. */
  first: number;
  last: number;
  digits: string;
  /** Digit groups as written ("123-45-6789" -> [3, 2, 4]); one group for a spoken piece. */
  groups: number[];
}

/** A run of pieces said together, with at most a few fillers between them. */
export type NumberRun = NumberPiece[];

/**
 * A token's letters and digits in lower case, without surrounding punctuation. A leading "@"
 * stays, so a mention such as "@136912" never reads as digits.
 */
export function normaliseToken(text: string): string {
  const lower = text.toLowerCase();
  return trimEndWhere(
    trimStartWhere(lower, (char) => char === '@' || LETTER_OR_DIGIT.test(char)),
    (char) => LETTER_OR_DIGIT.test(char),
  );
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

const WRITTEN_DIGITS = /^\d+(?:-\d+)*$/u;

type Reading = { kind: 'piece'; piece: NumberPiece } | { kind: 'filler' } | { kind: 'other' };

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Reads the piece that starts at word `i`, with the words after it when they belong to it. */
function readAt(tokens: readonly string[], i: number): Reading {
  const token = tokens[i] ?? '';
  if (token.length === 0 || FILLER_WORDS.has(token)) return { kind: 'filler' };
  if (WRITTEN_DIGITS.test(token)) {
    const groups = token.split('-').map((group) => group.length);
    return { kind: 'piece', piece: { first: i, last: i, digits: token.replace(/-/gu, ''), groups } };
  }
  if (token.includes('-')) return hyphenated(token, i);
  const next = tokens[i + 1];
  const repeat = REPEAT_WORDS[token];
  if (repeat !== undefined && next !== undefined && DIGIT_WORDS[next] !== undefined) {
    return piece(i, i + 1, String(DIGIT_WORDS[next]).repeat(repeat));
  }
  const digit = DIGIT_WORDS[token];
  if (digit !== undefined) {
    if (next === HUNDRED_WORD && digit > 0) return hundreds(tokens, i, digit);
    return piece(i, i, String(digit));
  }
  const teen = TEEN_WORDS[token];
  if (teen !== undefined) return piece(i, i, String(teen));
  const tens = TENS_WORDS[token];
  if (tens !== undefined) {
    const unit = next === undefined ? undefined : DIGIT_WORDS[next];
    if (unit !== undefined && unit > 0 && next !== 'oh' && next !== 'o')
      return piece(i, i + 1, String(tens + unit));
    return piece(i, i, String(tens));
  }
  return { kind: 'other' };
}

/** "twenty-two" or "four-one-one-one" written as one token: read as the words it joins. */
function hyphenated(token: string, i: number): Reading {
  const parts = token.split('-');
  const runs = findNumberRuns(parts);
  const [only] = runs;
  const covers =
    only !== undefined &&
    runs.length === 1 &&
    only[0]?.first === 0 &&
    only[only.length - 1]?.last === parts.length - 1;
  if (!covers || parts.some((part) => part.length === 0 || FILLER_WORDS.has(part))) return { kind: 'other' };
  return piece(i, i, only.map((part) => part.digits).join(''));
}

function piece(first: number, last: number, digits: string): Reading {
  return { kind: 'piece', piece: { first, last, digits, groups: [digits.length] } };
}

/** "four hundred", "four hundred twelve", "four hundred twenty two", "four hundred oh five". */
function hundreds(tokens: readonly string[], i: number, digit: number): Reading {
  const after = tokens[i + 2];
  if (after !== undefined) {
    const teen = TEEN_WORDS[after];
    if (teen !== undefined) return piece(i, i + 2, `${digit}${teen}`);
    const tens = TENS_WORDS[after];
    if (tens !== undefined) {
      const unitWord = tokens[i + 3];
      const unit = unitWord === undefined ? undefined : DIGIT_WORDS[unitWord];
      if (unit !== undefined && unit > 0 && unitWord !== 'oh' && unitWord !== 'o') {
        return piece(i, i + 3, `${digit}${tens + unit}`);
      }
      return piece(i, i + 2, `${digit}${tens}`);
    }
    const unit = DIGIT_WORDS[after];
    if ((after === 'oh' || after === 'o') && tokens[i + 3] !== undefined) {
      const last = DIGIT_WORDS[tokens[i + 3] ?? ''];
      if (last !== undefined) return piece(i, i + 3, `${digit}0${last}`);
    }
    if (unit !== undefined && after !== 'oh' && after !== 'o')
      return piece(i, i + 2, `${digit}${twoDigits(unit)}`);
  }
  return piece(i, i + 1, `${digit}00`);
}

/**
 * Every run of number pieces in a stream of normalised tokens. A run ends at a word that is
 * neither part of a number nor a filler, or after too many fillers in a row.
 */
export function findNumberRuns(tokens: readonly string[]): NumberRun[] {
  const runs: NumberRun[] = [];
  let current: NumberPiece[] = [];
  let fillers = 0;
  let i = 0;
  while (i < tokens.length) {
    const reading = readAt(tokens, i);
    if (reading.kind === 'piece') {
      current.push(reading.piece);
      fillers = 0;
      i = reading.piece.last + 1;
      continue;
    }
    if (reading.kind === 'filler' && current.length > 0 && fillers < MAX_FILLERS_IN_NUMBER) {
      fillers += 1;
    } else if (current.length > 0) {
      runs.push(current);
      current = [];
      fillers = 0;
    }
    i += 1;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

export function digitCount(pieces: readonly NumberPiece[]): number {
  return pieces.reduce((sum, p) => sum + p.digits.length, 0);
}

/** The Luhn checksum every payment card number satisfies (and 90% of other numbers fail). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k += 1) {
    let value = digits.charCodeAt(digits.length - 1 - k) - 48;
    if (k % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Whether nine digits can be a US social security number (the SSA never issues the others). */
export function isPlausibleSsn(digits: string): boolean {
  if (!/^\d{9}$/u.test(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== '000' &&
    area !== '666' &&
    !area.startsWith('9') &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000'
  );
}
