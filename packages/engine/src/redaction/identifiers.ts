import type { Detection, TokenStream } from './detection.js';
import { readSpelled, startsWithLetter } from './spelled.js';

/** IBAN lengths by country (ISO 13616 registry); a country not listed is not read as an IBAN. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  ad: 24,
  at: 20,
  be: 16,
  bg: 22,
  ch: 21,
  cy: 28,
  cz: 24,
  de: 22,
  dk: 18,
  ee: 20,
  es: 24,
  fi: 18,
  fr: 27,
  gb: 22,
  gi: 23,
  gr: 27,
  hr: 21,
  hu: 28,
  ie: 22,
  is: 26,
  it: 27,
  li: 21,
  lt: 20,
  lu: 20,
  lv: 21,
  mc: 27,
  mt: 31,
  nl: 18,
  no: 15,
  pl: 28,
  pt: 25,
  ro: 24,
  se: 24,
  si: 19,
  sk: 24,
  sm: 27,
  tr: 26,
  ae: 23,
  sa: 24,
  il: 23,
};

const MAX_IBAN_CHARS = 34;

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The ISO 7064 mod 97-10 check every IBAN passes, computed piecewise so it never overflows. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = isDigit(char) ? char.charCodeAt(0) - 48 : char.charCodeAt(0) - 87;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * IBANs written in one piece, in groups of four, or spelled out letter by letter and digit by
 * digit. The country's length and the mod-97 check must both hold, which ordinary text and
 * other numbers fail.
 */
export function findIbans(stream: TokenStream): Detection[] {
  const { tokens } = stream;
  const found: Detection[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!startsWithLetter(tokens, i, true)) continue;
    // Country and check digits first: most words start no IBAN, and are left after four characters.
    const head = readSpelled(tokens, i, 4, true).chars;
    const length = IBAN_LENGTHS[head.slice(0, 2)];
    if (length === undefined || !isDigit(head[2]) || !isDigit(head[3])) continue;
    const run = readSpelled(tokens, i, MAX_IBAN_CHARS, true);
    const { chars } = run;
    const end = run.boundaries.find((b) => b.length === length);
    if (end === undefined || !ibanChecksumValid(chars.slice(0, length))) continue;
    const last = end.next - 1;
    if (!stream.sameSpeaker(i, last)) continue;
    found.push({ first: i, last, result: 'IBAN', score: 0.97 });
    i = last;
  }
  return found;
}

function couldStartGbLicence(head: string): boolean {
  for (let k = 0; k < 5; k += 1) if (!isLetter(head[k]) && head[k] !== '9') return false;
  return isDigit(head[5]);
}

/** A GB driving licence number: surname (padded with 9s), birth date digits, initials, check. */
function isGbLicence(code: string): boolean {
  if (code.length !== 16) return false;
  for (let k = 0; k < 5; k += 1) if (!isLetter(code[k]) && code[k] !== '9') return false;
  for (let k = 5; k < 11; k += 1) if (!isDigit(code[k])) return false;
  const month = Number(code.slice(6, 8));
  if (!((month >= 1 && month <= 12) || (month >= 51 && month <= 62))) return false;
  if (!(isLetter(code[11]) || code[11] === '9') || !(isLetter(code[12]) || code[12] === '9')) return false;
  if (!isDigit(code[13])) return false;
  return isLetter(code[14]) && isLetter(code[15]);
}

/** Words between a cue and the code it announces ("licence number is ..."). */
const BETWEEN_CUE_AND_CODE: ReadonlySet<string> = new Set([
  'is',
  "it's",
  'its',
  'number',
  'no',
  'num',
  'of',
  'the',
  'my',
  'yes',
  'yeah',
  'sure',
  'ok',
  'okay',
  'um',
  'uh',
  'er',
  'erm',
  'it',
  'that',
  "that's",
  'please',
  'here',
  'and',
  'so',
]);

const CUED_CODE_WINDOW = 8;
const CODE_MIN_CHARS = 6;
const CODE_MAX_CHARS = 20;

/**
 * Driving licence and passport numbers: a GB licence by its format anywhere; any other licence or
 * passport code (letters and digits, six to twenty characters) when its cue comes just before.
 */
export function findIdentityDocuments(stream: TokenStream): Detection[] {
  const { tokens, cuesAt } = stream;
  const found: Detection[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (startsWithLetter(tokens, i) && couldStartGbLicence(readSpelled(tokens, i, 6).chars)) {
      const run = readSpelled(tokens, i, 16);
      const end = run.boundaries.find((b) => b.length === 16);
      if (end !== undefined && isGbLicence(run.chars.slice(0, 16)) && stream.sameSpeaker(i, end.next - 1)) {
        found.push({ first: i, last: end.next - 1, result: 'Driving Licence', score: 0.95 });
      }
    }
    const kinds = cuesAt[i];
    const kind = kinds?.includes('licence')
      ? 'licence'
      : kinds?.includes('passport')
        ? 'passport'
        : undefined;
    if (kind === undefined) continue;
    for (let k = i + 1; k < tokens.length && k <= i + CUED_CODE_WINDOW; k += 1) {
      const run = readSpelled(tokens, k, CODE_MAX_CHARS + 1);
      const last = (run.boundaries[run.boundaries.length - 1]?.next ?? k) - 1;
      if (
        run.chars.length >= CODE_MIN_CHARS &&
        run.chars.length <= CODE_MAX_CHARS &&
        countDigits(run.chars) >= 4
      ) {
        if (stream.sameSpeaker(k, last)) {
          found.push({
            first: k,
            last,
            result: kind === 'licence' ? 'Driving Licence' : 'Passport Number',
            score: 0.85,
          });
        }
        break;
      }
      if (run.chars.length > 0 || !BETWEEN_CUE_AND_CODE.has(tokens[k] ?? '')) {
        // A turn change is fine (the agent asks, the customer reads it out); other words end it.
        if (stream.sameSpeaker(k, i) || run.chars.length > 0) break;
      }
    }
  }
  return found;
}

function countDigits(text: string): number {
  let n = 0;
  for (const c of text) if (isDigit(c)) n += 1;
  return n;
}
