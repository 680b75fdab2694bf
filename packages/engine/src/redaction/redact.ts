import { GIVEN_REDACTION_RESULTS } from '@parley/contract/core';
import type { RedactionKind, RedactionSegment, Word } from '../types.js';
import { findPostalAddresses } from './address.js';
import { findCues } from './cues.js';
import { findDatesOfBirth } from './dates.js';
import { createTokenStream, type Detection, type TokenStream } from './detection.js';
import { findEmails } from './email.js';
import { findIbans, findIdentityDocuments } from './identifiers.js';
import { findPersonNames } from './names.js';
import { classifyContactNumber } from './contact-numbers.js';
import { DEFAULT_REDACTION_POLICIES, type RedactionPolicy } from './policies.js';
import {
  digitCount,
  findNumberRuns,
  isPlausibleSsn,
  normaliseToken,
  passesLuhn,
  type NumberPiece,
} from './numbers.js';
import {
  CARD_CUE_ONLY_WINDOW_WORDS,
  CUE_WINDOW_WORDS,
  RUN_BREAK_GAP_MS,
  RUN_BREAK_OTHER_WORDS,
  type CueKind,
} from './vocabulary.js';

export interface Redaction {
  /** The words to mask, by identity. */
  masked: Set<Word>;
  /** One segment per redacted span, in time order. */
  segments: RedactionSegment[];
  /** The same spans as word positions in the given words, in order (for evaluation). */
  spans: Detection[];
}

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

const CARD_DIGITS = { min: 13, max: 19 } as const;

interface Finding {
  pieces: NumberPiece[];
  result: RedactionKind;
  score: number;
}

/**
 * Finds card numbers, security codes and social security numbers in a conversation's words,
 * however they were said: "4111 1111 1111 1111", "4111-1111-...", one digit per word, "four one
 * one one", "double four", "forty one eleven", or a mix. Context phrases from either participant
 * ("what's the security code?") count, since the agent usually asks and the customer answers.
 *
 * `words` is every word of the conversation in time order; numbers are read per participant so
 * that one speaker's digits never join another's.
 */
export function findRedactions(
  words: readonly Word[],
  policies: ReadonlySet<RedactionPolicy> = ELEVATEAI_POLICIES,
): Redaction {
  const tokens = words.map((word) => normaliseToken(word.text));
  // Cue kinds and card ends by word position: every look-back below scans a fixed window, so
  // the whole pass stays linear however many numbers and cues a hostile text holds.
  const cuesAt = findCues(tokens);
  const stream = createTokenStream(words, tokens, cuesAt);
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

  const runs = runsPerParticipant(words, tokens).flatMap(splitLongRun);

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
  const textDetections = TEXT_DETECTORS.flatMap(([policy, detect]) =>
    policies.has(policy) ? detect(stream) : [],
  );
  // The digits of a checksum-valid IBAN are the IBAN's, never a card or a phone number.
  const inIban = new Uint8Array(words.length);
  for (const found of textDetections) {
    if (found.result === 'IBAN') inIban.fill(1, found.first, found.last + 1);
  }
  const contactNumbers: Detection[] = [];
  for (const run of runs) {
    if (run.some((piece) => inIban[piece.first] === 1)) continue;
    const contact = classifyContactNumber(stream, run, policies);
    if (contact.length > 0) contactNumbers.push(...contact);
    else classify(run, false);
  }

  const detections = [...findings.map(toDetection), ...contactNumbers, ...textDetections];
  return toRedaction(words, withoutOverlaps(detections, words.length));
}

const ELEVATEAI_POLICIES: ReadonlySet<RedactionPolicy> = new Set(DEFAULT_REDACTION_POLICIES);

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

/** The opt-in detectors that read words rather than number runs. */
const TEXT_DETECTORS: ReadonlyArray<[RedactionPolicy, (stream: TokenStream) => Detection[]]> = [
  ['email', findEmails],
  ['iban', findIbans],
  ['postalAddress', findPostalAddresses],
  ['dateOfBirth', findDatesOfBirth],
  ['drivingLicence', (stream) => findIdentityDocuments(stream).filter((d) => d.result === 'Driving Licence')],
  ['passport', (stream) => findIdentityDocuments(stream).filter((d) => d.result === 'Passport Number')],
  ['personName', findPersonNames],
];

/** ElevateAI's three kinds come first and always stay; other spans keep their words if free. */
const ALWAYS_KEPT: ReadonlySet<RedactionKind> = new Set(GIVEN_REDACTION_RESULTS);

function withoutOverlaps(detections: readonly Detection[], wordCount: number): Detection[] {
  const taken = new Uint8Array(wordCount);
  const kept: Detection[] = [];
  const ordered = [...detections].sort(
    (a, b) =>
      Number(ALWAYS_KEPT.has(b.result)) - Number(ALWAYS_KEPT.has(a.result)) ||
      b.score - a.score ||
      b.last - b.first - (a.last - a.first),
  );
  for (const detection of ordered) {
    let free = true;
    for (let k = detection.first; k <= detection.last && free; k += 1) free = taken[k] !== 1;
    if (!free && !ALWAYS_KEPT.has(detection.result)) continue;
    taken.fill(1, detection.first, detection.last + 1);
    kept.push(detection);
  }
  return kept;
}

function toDetection(finding: Finding): Detection {
  const first = finding.pieces[0]?.first ?? 0;
  return {
    first,
    last: finding.pieces[finding.pieces.length - 1]?.last ?? first,
    result: finding.result,
    score: finding.score,
  };
}

/** Runs up to this many pieces are read whole; no card, code or SSN reading comes near it. */
const LONG_RUN_PIECES = 48;

/**
 * A run longer than anyone reads out (a list of numbers, or hostile input) is cut into pieces
 * that `classify` reads in bounded time. Cuts go where no checksum-valid card could straddle
 * them, so a card inside a long list is still found whole.
 */
function splitLongRun(run: NumberPiece[]): NumberPiece[][] {
  if (run.length <= LONG_RUN_PIECES) return [run];
  // straddled[p]: some card-length, checksum-valid window covers both piece p - 1 and piece p.
  const straddled = new Uint8Array(run.length + 1);
  for (let from = 0; from < run.length; from += 1) {
    let digits = '';
    for (let to = from; to < run.length; to += 1) {
      digits += run[to]?.digits ?? '';
      if (digits.length > CARD_DIGITS.max) break;
      if (digits.length >= CARD_DIGITS.min && passesLuhn(digits)) straddled.fill(1, from + 1, to + 1);
    }
  }
  const parts: NumberPiece[][] = [];
  let from = 0;
  while (run.length - from > LONG_RUN_PIECES) {
    let cut = from + LONG_RUN_PIECES / 2;
    while (cut < from + LONG_RUN_PIECES && straddled[cut] === 1) cut += 1;
    parts.push(run.slice(from, cut));
    from = cut;
  }
  parts.push(run.slice(from));
  return parts;
}

/** A token that no number reading accepts: marks where the other participant broke in. */
const BREAK = '\u0000';

/**
 * Number runs per participant, so one speaker's digits never join another's, with positions
 * mapped back to the whole conversation. A run also ends where the other participant spoke
 * several words in between or after a long silence.
 */
function runsPerParticipant(words: readonly Word[], tokens: readonly string[]): NumberPiece[][] {
  const streams = new Map<string, { positions: number[]; tokens: string[]; lastAt: number }>();
  words.forEach((word, index) => {
    const stream = streams.get(word.participant) ?? { positions: [], tokens: [], lastAt: -1 };
    if (stream.lastAt >= 0) {
      const previous = words[stream.lastAt];
      let others = 0;
      for (let k = stream.lastAt + 1; k < index; k += 1)
        if (words[k]?.participant !== word.participant) others += 1;
      const gap = word.startMs - (previous?.endMs ?? word.startMs);
      if (others >= RUN_BREAK_OTHER_WORDS || gap >= RUN_BREAK_GAP_MS) {
        stream.positions.push(-1);
        stream.tokens.push(BREAK);
      }
    }
    stream.positions.push(index);
    stream.tokens.push(tokens[index] ?? '');
    stream.lastAt = index;
    streams.set(word.participant, stream);
  });
  const runs: NumberPiece[][] = [];
  for (const stream of streams.values()) {
    for (const run of findNumberRuns(stream.tokens)) {
      runs.push(
        run.map((piece) => ({
          ...piece,
          first: stream.positions[piece.first] ?? 0,
          last: stream.positions[piece.last] ?? 0,
        })),
      );
    }
  }
  return runs.sort((a, b) => (a[0]?.first ?? 0) - (b[0]?.first ?? 0));
}

function isSsnGrouping(pieces: readonly NumberPiece[]): boolean {
  return pieces.flatMap((piece) => piece.groups).join('-') === '3-2-4';
}

function toRedaction(words: readonly Word[], findings: readonly Detection[]): Redaction {
  const masked = new Set<Word>();
  const segments: RedactionSegment[] = [];
  const spans: Detection[] = [];
  for (const finding of findings) {
    const { first, last } = finding;
    spans.push(finding);
    const participant = words[first]?.participant;
    // Everything the speaker said from the first to the last digit goes, fillers included.
    for (let i = first; i <= last; i += 1) {
      const word = words[i];
      if (word && word.participant === participant) masked.add(word);
    }
    segments.push({
      startTimeOffset: words[first]?.startMs ?? 0,
      endTimeOffset: words[last]?.endMs ?? 0,
      result: finding.result,
      score: finding.score,
    });
  }
  segments.sort((a, b) => a.startTimeOffset - b.startTimeOffset);
  spans.sort((a, b) => a.first - b.first);
  return { masked, segments, spans };
}
