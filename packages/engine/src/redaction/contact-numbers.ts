import type { Detection, TokenStream } from './detection.js';
import type { NumberPiece } from './numbers.js';
import type { RedactionPolicy } from './policies.js';
import type { CueKind } from './vocabulary.js';

/** How far back a cue for a phone, account, sort code or ZIP code number may be. */
const CONTACT_CUE_WINDOW_WORDS = 12;

/** Cues that say a number is none of these (an order number, a card, a date of birth...). */
const NOT_CONTACT: ReadonlySet<CueKind> = new Set([
  'other',
  'card',
  'cvv',
  'ssn',
  'expiry',
  'passport',
  'licence',
  'dob',
]);

const ACCOUNT_DIGITS = { min: 7, max: 17 } as const;
const SORT_CODE_DIGITS = 6;
const ZIP_DIGITS = 5;

function detection(pieces: readonly NumberPiece[], result: Detection['result'], score: number): Detection {
  const first = pieces[0]?.first ?? 0;
  return { first, last: pieces[pieces.length - 1]?.last ?? first, result, score };
}

/**
 * A phone number by its shape: a UK number (0 and ten digits, or nine for some landlines), or an
 * international one (44 or 0044 then ten digits, 1 then a North American number).
 */
function phoneShape(digits: string): 'sure' | 'northAmerican' | undefined {
  const n = digits.length;
  if (digits.startsWith('00')) return n >= 11 && n <= 15 ? 'sure' : undefined;
  if (digits.startsWith('0')) return n === 10 || n === 11 ? 'sure' : undefined;
  if (digits.startsWith('44')) return n === 12 ? 'sure' : undefined;
  const nanp = (rest: string) =>
    rest.length === 10 && rest[0] !== '0' && rest[0] !== '1' && rest[3] !== '0' && rest[3] !== '1';
  if (n === 11 && digits.startsWith('1') && nanp(digits.slice(1))) return 'sure';
  if (nanp(digits)) return 'northAmerican';
  return undefined;
}

/** Written 3-3-4 ("(415) 555-0132"), the grouping North American numbers are written in. */
function groupedAsNorthAmerican(pieces: readonly NumberPiece[]): boolean {
  return pieces.flatMap((piece) => piece.groups).join('-') === '3-3-4';
}

/**
 * Phone numbers, bank account numbers, sort codes and spoken ZIP codes in one participant's run
 * of digits, decided by the cue said closest before it and by the number's shape. A number that
 * is none of them (or whose policy is off) gives nothing, and goes on to the card, security code
 * and social security rules.
 */
export function classifyContactNumber(
  stream: TokenStream,
  run: readonly NumberPiece[],
  policies: ReadonlySet<RedactionPolicy>,
): Detection[] {
  if (run.length === 0) return [];
  const digits = run.map((piece) => piece.digits).join('');
  const start = run[0]?.first ?? 0;
  const cue = stream.latestCue(start, CONTACT_CUE_WINDOW_WORDS)?.kind;
  if (cue !== undefined && NOT_CONTACT.has(cue)) return [];
  const near = (kind: CueKind) => stream.hasCue(start, CONTACT_CUE_WINDOW_WORDS, kind);
  const shape = phoneShape(digits);
  // "the phone number on the account": a number shaped like a phone, asked for as one, is one.
  const phoneFirst = shape === 'sure' && near('phone');

  if ((cue === 'sortCode' || cue === 'account') && !phoneFirst) {
    const found: Detection[] = [];
    // "20-45-77 90817263": a sort code and an account number said together.
    let split = 0;
    let count = 0;
    while (split < run.length && count < SORT_CODE_DIGITS) count += run[split++]?.digits.length ?? 0;
    if (count === SORT_CODE_DIGITS && digits.length === SORT_CODE_DIGITS + 8) {
      if (policies.has('sortCode')) found.push(detection(run.slice(0, split), 'Sort Code', 0.85));
      if (policies.has('bankAccount')) found.push(detection(run.slice(split), 'Bank Account', 0.85));
      return found;
    }
    // "the sort code and account number?": either cue may be the closer one.
    if (digits.length === SORT_CODE_DIGITS && near('sortCode')) {
      return policies.has('sortCode') ? [detection(run, 'Sort Code', 0.9)] : [];
    }
    if (near('account') && digits.length >= ACCOUNT_DIGITS.min && digits.length <= ACCOUNT_DIGITS.max) {
      return policies.has('bankAccount') ? [detection(run, 'Bank Account', 0.85)] : [];
    }
    return [];
  }
  if (cue === 'postcode' && digits.length === ZIP_DIGITS) {
    return policies.has('postalAddress') ? [detection(run, 'Postal Address', 0.85)] : [];
  }
  if (!policies.has('phone')) return [];
  if (shape === 'sure' || (shape === 'northAmerican' && (cue === 'phone' || groupedAsNorthAmerican(run)))) {
    return [detection(run, 'Phone Number', cue === 'phone' ? 0.9 : 0.8)];
  }
  // Asked for as a phone number, ten or eleven digits are one, whatever their area code.
  if (cue === 'phone' && (digits.length === 10 || digits.length === 11)) {
    return [detection(run, 'Phone Number', 0.8)];
  }
  return [];
}
