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
import { numberRunsOf } from './number-runs.js';
import { normaliseToken } from './numbers.js';
import { createPaymentNumberReader } from './payment-numbers.js';

export interface Redaction {
  /** The words to mask, by identity. */
  masked: Set<Word>;
  /** One segment per redacted span, in time order. */
  segments: RedactionSegment[];
  /** The same spans as word positions in the given words, in order (for evaluation). */
  spans: Detection[];
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
  // Cue kinds by word position: every look-back scans a fixed window, so the whole pass stays
  // linear however many numbers and cues a hostile text holds.
  const cuesAt = findCues(tokens);
  const stream = createTokenStream(words, tokens, cuesAt);
  const text = findTextDetections(stream, policies);
  const numbers = findNumberDetections(words, tokens, cuesAt, stream, policies, text);
  return toRedaction(words, withoutOverlaps([...numbers, ...text], words.length));
}

/** The opt-in detectors that read words, for the policies asked for. */
function findTextDetections(stream: TokenStream, policies: ReadonlySet<RedactionPolicy>): Detection[] {
  return TEXT_DETECTORS.flatMap(([policy, detect]) => (policies.has(policy) ? detect(stream) : []));
}

/**
 * Every number run as a contact number (phone, account, ...) when the policies and its cues make
 * it one, else as a card, code or SSN; runs inside an IBAN found in `text` are the IBAN's.
 */
function findNumberDetections(
  words: readonly Word[],
  tokens: readonly string[],
  cuesAt: ReturnType<typeof findCues>,
  stream: TokenStream,
  policies: ReadonlySet<RedactionPolicy>,
  text: readonly Detection[],
): Detection[] {
  // The digits of a checksum-valid IBAN are the IBAN's, never a card or a phone number.
  const inIban = new Uint8Array(words.length);
  for (const found of text) {
    if (found.result === 'IBAN') inIban.fill(1, found.first, found.last + 1);
  }
  const payment = createPaymentNumberReader(tokens, cuesAt);
  const contactNumbers: Detection[] = [];
  for (const run of numberRunsOf(words, tokens)) {
    if (run.some((piece) => inIban[piece.first] === 1)) continue;
    const contact = classifyContactNumber(stream, run, policies);
    if (contact.length > 0) contactNumbers.push(...contact);
    else payment.read(run);
  }
  return [...payment.detections(), ...contactNumbers];
}

const ELEVATEAI_POLICIES: ReadonlySet<RedactionPolicy> = new Set(DEFAULT_REDACTION_POLICIES);

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
const ALWAYS_KEPT: ReadonlySet<RedactionKind> = new Set(['Credit Card', 'CVV', 'Social Security']);

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
