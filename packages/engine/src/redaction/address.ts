import type { Detection, TokenStream } from './detection.js';
import { readSpelled, startsWithLetter } from './spelled.js';
import { DIGIT_WORDS, HUNDRED_WORD, TEEN_WORDS, TENS_WORDS } from './vocabulary.js';

/** Words that end a street name. */
const STREET_TYPES: ReadonlySet<string> = new Set([
  'street',
  'st',
  'road',
  'rd',
  'avenue',
  'ave',
  'lane',
  'ln',
  'drive',
  'dr',
  'close',
  'grove',
  'way',
  'crescent',
  'place',
  'pl',
  'court',
  'ct',
  'terrace',
  'gardens',
  'square',
  'boulevard',
  'blvd',
  'hill',
  'row',
  'mews',
  'walk',
  'parade',
  'rise',
  'park',
  'vale',
  'circle',
  'highway',
]);

/** Words that can not be part of a street's name ("the high street", "near the road"). */
const NOT_STREET_NAME: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'on',
  'in',
  'at',
  'to',
  'of',
  'is',
  'near',
  'by',
  'and',
  'or',
  'my',
  'our',
  'your',
  'this',
  'that',
  'from',
  'main',
  'high',
  'same',
  'next',
  'other',
  'busy',
  'old',
  'new',
  'for',
  'with',
  'off',
  'down',
  'up',
  'live',
  'lives',
  'moved',
  'it',
  "it's",
  'i',
  'we',
  'you',
]);

/** Flat or unit before a house number: "Flat 3, 45 Victoria Road". */
const UNIT_WORDS: ReadonlySet<string> = new Set(['flat', 'apartment', 'apt', 'unit', 'suite']);

/** US state and territory codes, taken only as written in capitals ("Springfield IL 62704"). */
const US_STATES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM ' +
    'NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR'
  ).split(' '),
);

const MAX_NAME_WORDS = 3;
const MAX_NUMBER_WORDS = 4;

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z';
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** A UK postcode without its space: outward A9, A99, AA9, AA99, A9A or AA9A, inward 9AA. */
export function isUkPostcode(code: string): boolean {
  if (code.length < 5 || code.length > 7) return false;
  const inward = code.slice(-3);
  const outward = code.slice(0, -3);
  if (!isDigit(inward[0]) || !isLetter(inward[1]) || !isLetter(inward[2])) return false;
  if ('cikmov'.includes(inward[1] ?? '') || 'cikmov'.includes(inward[2] ?? '')) return false;
  if (!isLetter(outward[0])) return false;
  const rest = isLetter(outward[1]) ? outward.slice(2) : outward.slice(1);
  if (rest.length === 0 || rest.length > 2 || !isDigit(rest[0])) return false;
  return rest.length === 1 || isDigit(rest[1]) || isLetter(rest[1]);
}

/** A written house number ("14", "221b") or a word of a spoken one. */
function isWrittenHouseNumber(token: string): boolean {
  if (token.length === 0 || token.length > 5 || !isDigit(token[0])) return false;
  for (let k = 1; k < token.length; k += 1) {
    const c = token[k];
    if (!isDigit(c) && !(k === token.length - 1 && isLetter(c))) return false;
  }
  return true;
}
function isNumberWord(token: string): boolean {
  return (
    DIGIT_WORDS[token] !== undefined ||
    TEEN_WORDS[token] !== undefined ||
    TENS_WORDS[token] !== undefined ||
    token === HUNDRED_WORD
  );
}

/** Postcodes and ZIP codes, and street lines: house number, a name, a street type. */
export function findPostalAddresses(stream: TokenStream): Detection[] {
  const { tokens, words } = stream;
  const found: Detection[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (startsWithLetter(tokens, i)) {
      const run = readSpelled(tokens, i, 7);
      // The longest reading that is a postcode and ends where a word ends.
      const end = run.boundaries.findLast(
        (b) => b.length >= 5 && b.length <= 7 && isUkPostcode(run.chars.slice(0, b.length)),
      );
      if (end !== undefined && stream.sameSpeaker(i, end.next - 1)) {
        found.push({ first: i, last: end.next - 1, result: 'Postal Address', score: 0.9 });
        i = end.next - 1;
        continue;
      }
    }
    if (token.length === 5 && isWrittenZip(token)) {
      const state = words[i - 1]?.text.replace(/[^A-Za-z]/gu, '') ?? '';
      if (US_STATES.has(state) && stream.sameSpeaker(i - 1, i)) {
        found.push({ first: i, last: i, result: 'Postal Address', score: 0.85 });
        continue;
      }
    }
    if (STREET_TYPES.has(token)) {
      const street = streetEndingAt(stream, i);
      if (street !== undefined) found.push(street);
    }
  }
  return found;
}

function isWrittenZip(token: string): boolean {
  for (const c of token) if (!isDigit(c)) return false;
  return true;
}

function streetEndingAt(stream: TokenStream, typeAt: number): Detection | undefined {
  const { tokens } = stream;
  let k = typeAt - 1;
  let names = 0;
  while (k >= 0 && names < MAX_NAME_WORDS && stream.sameSpeaker(k, typeAt)) {
    const word = tokens[k] ?? '';
    if (word.length === 0 || NOT_STREET_NAME.has(word) || isNumberWord(word) || isDigit(word[0])) break;
    names += 1;
    k -= 1;
  }
  if (names === 0) return undefined;
  let first = k + 1;
  let numbers = 0;
  if (k >= 0 && isWrittenHouseNumber(tokens[k] ?? '') && stream.sameSpeaker(k, typeAt)) {
    first = k;
    numbers = 1;
  } else {
    while (
      k >= 0 &&
      numbers < MAX_NUMBER_WORDS &&
      isNumberWord(tokens[k] ?? '') &&
      stream.sameSpeaker(k, typeAt)
    ) {
      first = k;
      numbers += 1;
      k -= 1;
    }
  }
  if (numbers === 0) return undefined;
  // "Flat 3, 45 Victoria Road": the unit goes with the street.
  const unitNumber = first - 1;
  const unit = first - 2;
  if (unit >= 0 && UNIT_WORDS.has(tokens[unit] ?? '') && isWrittenHouseNumber(tokens[unitNumber] ?? '')) {
    first = unit;
  }
  return { first, last: typeAt, result: 'Postal Address', score: 0.8 };
}
