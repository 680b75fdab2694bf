import type { Detection, TokenStream } from './detection.js';
import { DIGIT_WORDS, TEEN_WORDS, TENS_WORDS } from './vocabulary.js';

const MONTHS: ReadonlySet<string> = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const ORDINALS: ReadonlySet<string> = new Set([
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'thirtieth',
]);

/** Words that may sit inside a said date without being one of its parts. */
const JOINERS: ReadonlySet<string> = new Set(['of', 'the']);

/** How many words after a date-of-birth cue the date may start (the answer to the question). */
const DATE_START_WINDOW = 8;
const MAX_DATE_WORDS = 8;

function isDigitChar(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** "12", "1985", "14th", "2nd", "12/03/1985", "1979-07-14", "02.11.1990". */
function isWrittenDatePart(token: string): boolean {
  if (token.length === 0 || token.length > 10 || !isDigitChar(token.charCodeAt(0))) return false;
  const suffix = token.slice(-2);
  const body = ORDINAL_SUFFIXES.has(suffix) ? token.slice(0, -2) : token;
  for (let k = 0; k < body.length; k += 1) {
    const code = body.charCodeAt(k);
    if (!isDigitChar(code) && code !== 47 && code !== 45 && code !== 46) return false;
  }
  return true;
}

const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th']);

function hasSeparator(token: string): boolean {
  return token.includes('/') || token.includes('-') || token.includes('.');
}

type PartKind = 'month' | 'number' | 'full' | 'joiner';

function partKind(token: string): PartKind | undefined {
  if (MONTHS.has(token)) return 'month';
  if (JOINERS.has(token)) return 'joiner';
  if (ORDINALS.has(token)) return 'number';
  if (DIGIT_WORDS[token] !== undefined || TEEN_WORDS[token] !== undefined || TENS_WORDS[token] !== undefined)
    return 'number';
  if (isWrittenDatePart(token)) return hasSeparator(token) ? 'full' : 'number';
  return undefined;
}

/**
 * Dates of birth: a date written or said right after a date-of-birth cue ("date of birth",
 * "DOB", "born", "birthday"), from either participant. Other dates are left alone: deliveries,
 * appointments and contract dates are not personal data of this kind.
 */
export function findDatesOfBirth(stream: TokenStream): Detection[] {
  const { tokens, cuesAt } = stream;
  const found: Detection[] = [];
  let coveredTo = -1;
  for (let c = 0; c < tokens.length; c += 1) {
    if (!cuesAt[c]?.includes('dob')) continue;
    for (
      let start = Math.max(c + 1, coveredTo + 1);
      start < tokens.length && start <= c + DATE_START_WINDOW;
      start += 1
    ) {
      const kind = partKind(tokens[start] ?? '');
      if (kind === undefined || kind === 'joiner') continue;
      const date = dateFrom(stream, start);
      if (date !== undefined) {
        found.push(date);
        coveredTo = date.last;
      }
      break;
    }
  }
  return found;
}

function dateFrom(stream: TokenStream, start: number): Detection | undefined {
  const { tokens } = stream;
  let last = start - 1;
  let months = 0;
  let numbers = 0;
  let full = 0;
  for (
    let k = start;
    k < tokens.length && k < start + MAX_DATE_WORDS && stream.sameSpeaker(k, start);
    k += 1
  ) {
    const kind = partKind(tokens[k] ?? '');
    if (kind === undefined) break;
    if (kind === 'joiner') continue;
    if (kind === 'month') months += 1;
    else if (kind === 'full') full += 1;
    else numbers += 1;
    last = k;
  }
  const isDate = full > 0 || (months === 1 && numbers >= 1) || (months === 0 && numbers >= 3);
  // "the third of March": the article goes with the date.
  const first = tokens[start - 1] === 'the' && stream.sameSpeaker(start - 1, start) ? start - 1 : start;
  return isDate ? { first, last, result: 'Date of Birth', score: 0.85 } : undefined;
}
