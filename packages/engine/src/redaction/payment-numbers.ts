import type { RedactionKind } from '../types.js';
import type { Detection } from './detection.js';
import { digitCount, isPlausibleSsn, passesLuhn, type NumberPiece } from './numbers.js';
import { CARD_CUE_ONLY_WINDOW_WORDS, CUE_WINDOW_WORDS, type CueKind } from './vocabulary.js';

/** How sure each rule is; a rule with a cue and a checksum or format is surer than either alone. */
const SCORES = {
  cardWithCue: 0.97,
  card: 0.9,
  cardByCueOnly: 0.6,
  ssnWithCueAndFormat: 0.97,
  ssnWithCue: 0.9,
  ssnByFormat: 0.8,
  ssnLastFourWithCue: 0.7,
  cvvWithCue: 0.9,
  cvvAfterCard: 0.7,
} as const;

export const CARD_DIGITS = { min: 13, max: 19 } as const;

interface Finding {
  pieces: NumberPiece[];
  result: RedactionKind;
  score: number;
}

/**
 * Reads number runs as card numbers, security codes and social security numbers, from their
 * digits (length, checksum, grouping) and the cues said before them. One reader per
 * conversation: a card number read earlier makes a later three-digit number its code.
 */
export function createPaymentNumberReader(
  tokens: readonly string[],
  cuesAt: readonly (readonly CueKind[] | undefined)[],
) {
  const cardEndAt = new Uint8Array(tokens.length);
  const markCardEnd = (at: number): void => {
    if (at >= 0 && at < cardEndAt.length) cardEndAt[at] = 1;
  };

  /** The latest position of each cue kind in the window before `at`, plus the latest card number. */
  const context = (at: number): Partial<Record<CueKind | 'cardNumber', number>> => {
    const found: Partial<Record<CueKind | 'cardNumber', number>> = {};
    for (let k = Math.max(0, at - CUE_WINDOW_WORDS); k < at && k < tokens.length; k += 1) {
      for (const kind of cuesAt[k] ?? []) found[kind] = k;
      if (cardEndAt[k] === 1) found.cardNumber = k;
    }
    return found;
  };
  const cardCueJustBefore = (at: number): boolean => {
    for (let k = Math.max(0, at - CARD_CUE_ONLY_WINDOW_WORDS); k < at && k < tokens.length; k += 1) {
      if (cuesAt[k]?.includes('card') === true) return true;
    }
    return false;
  };
  const later = (a: number | undefined, b: number | undefined): boolean =>
    a !== undefined && (b === undefined || a > b);

  const findings: Finding[] = [];

  const shortNumber = (pieces: NumberPiece[], rightAfterCard: boolean): void => {
    const count = digitCount(pieces);
    const start = pieces[0]?.first ?? 0;
    const near = context(start);
    // An SSN cue reaches a number only if no cue for another kind of number came after it.
    const ssnCue = near.ssn !== undefined && !SSN_BLOCKERS.some((kind) => later(near[kind], near.ssn));
    const otherCue = SSN_BLOCKERS.some((kind) => near[kind] !== undefined && !later(near.ssn, near[kind]));
    if (count === 9) {
      const grouped = isSsnGrouping(pieces);
      const digits = pieces.map((piece) => piece.digits).join('');
      if (ssnCue) {
        findings.push({
          pieces,
          result: 'Social Security',
          score: grouped ? SCORES.ssnWithCueAndFormat : SCORES.ssnWithCue,
        });
      } else if (grouped && isPlausibleSsn(digits) && !otherCue) {
        findings.push({ pieces, result: 'Social Security', score: SCORES.ssnByFormat });
      }
      return;
    }
    if (count < 3 || count > 4) return;
    const cvvCue = near.cvv !== undefined && !later(near.expiry, near.cvv) && !later(near.ssn, near.cvv);
    if (cvvCue) {
      findings.push({ pieces, result: 'CVV', score: SCORES.cvvWithCue });
    } else if (count === 4 && ssnCue && !later(near.expiry, near.ssn)) {
      findings.push({ pieces, result: 'Social Security', score: SCORES.ssnLastFourWithCue });
    } else if (
      count === 3 &&
      (rightAfterCard || near.cardNumber !== undefined) &&
      !later(near.expiry, near.cardNumber)
    ) {
      findings.push({ pieces, result: 'CVV', score: SCORES.cvvAfterCard });
    }
  };

  /** The longest card number (Luhn-valid, 13-19 digits) made of whole pieces of the run. */
  const bestCard = (run: NumberPiece[]): { from: number; to: number } | undefined => {
    let best: { from: number; to: number; count: number } | undefined;
    for (let from = 0; from < run.length; from += 1) {
      let digits = '';
      for (let to = from; to < run.length; to += 1) {
        digits += run[to]?.digits ?? '';
        if (digits.length > CARD_DIGITS.max) break;
        if (digits.length >= CARD_DIGITS.min && passesLuhn(digits) && (!best || digits.length > best.count)) {
          best = { from, to, count: digits.length };
        }
      }
    }
    return best;
  };

  /** Nine-digit windows written 3-2-4 inside a longer run ("call 555 123-45-6789"). */
  const formattedSsn = (run: NumberPiece[]): void => {
    for (let from = 0; from < run.length; from += 1) {
      for (let to = from; to < run.length; to += 1) {
        const pieces = run.slice(from, to + 1);
        if (digitCount(pieces) > 9) break;
        if (digitCount(pieces) === 9 && isSsnGrouping(pieces)) {
          shortNumber(pieces, false);
          return;
        }
      }
    }
  };

  /**
   * Said right after "card number", a run of card length is the card even when a recogniser
   * misheard a digit and broke the checksum.
   */
  const cardByCue = (run: NumberPiece[], count: number, start: number): boolean => {
    if (count < CARD_DIGITS.min || count > CARD_DIGITS.max || !cardCueJustBefore(start)) return false;
    findings.push({ pieces: run, result: 'Credit Card', score: SCORES.cardByCueOnly });
    markCardEnd(run[run.length - 1]?.last ?? start);
    return true;
  };

  const classify = (run: NumberPiece[], rightAfterCard: boolean): void => {
    if (run.length === 0) return;
    const count = digitCount(run);
    const start = run[0]?.first ?? 0;
    const card = bestCard(run);
    if (!card) {
      if (cardByCue(run, count, start)) return;
      if (count <= 9) shortNumber(run, rightAfterCard);
      else formattedSsn(run);
      return;
    }
    const mark = findings.length;
    const pieces = run.slice(card.from, card.to + 1);
    const near = context(pieces[0]?.first ?? start);
    findings.push({
      pieces,
      result: 'Credit Card',
      score: near.card !== undefined ? SCORES.cardWithCue : SCORES.card,
    });
    const cardEnd = pieces[pieces.length - 1]?.last ?? start;
    markCardEnd(cardEnd);
    classify(run.slice(0, card.from), rightAfterCard);
    classify(run.slice(card.to + 1), true);
    // A checksum-valid part must not leave the rest of a card-length run readable.
    const covered = findings.slice(mark).reduce((sum, finding) => sum + digitCount(finding.pieces), 0);
    if (covered < count && count <= CARD_DIGITS.max && cardCueJustBefore(start)) {
      for (const finding of findings.splice(mark)) {
        if (finding.result === 'Credit Card')
          cardEndAt[finding.pieces[finding.pieces.length - 1]?.last ?? 0] = 0;
      }
      cardByCue(run, count, start);
    }
  };
  return {
    /** Reads one run (in conversation order), adding what it finds. */
    read: (run: NumberPiece[]): void => classify(run, false),
    /** Everything found so far, in the order found. */
    detections: (): Detection[] => findings.map(toDetection),
  };
}

/** Cues for other kinds of number: said after an SSN cue, the number is not the SSN. */
const SSN_BLOCKERS: readonly CueKind[] = [
  'other',
  'account',
  'sortCode',
  'passport',
  'licence',
  'dob',
  'postcode',
];

function toDetection(finding: Finding): Detection {
  const first = finding.pieces[0]?.first ?? 0;
  return {
    first,
    last: finding.pieces[finding.pieces.length - 1]?.last ?? first,
    result: finding.result,
    score: finding.score,
  };
}

function isSsnGrouping(pieces: readonly NumberPiece[]): boolean {
  return pieces.flatMap((piece) => piece.groups).join('-') === '3-2-4';
}
