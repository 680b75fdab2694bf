import type { Word } from '../types.js';
import { findNumberRuns, passesLuhn, type NumberPiece } from './numbers.js';
import { CARD_DIGITS } from './payment-numbers.js';
import { RUN_BREAK_GAP_MS, RUN_BREAK_OTHER_WORDS } from './vocabulary.js';

/** The number runs of a conversation, per participant and in bounded lengths, in time order. */
export function numberRunsOf(words: readonly Word[], tokens: readonly string[]): NumberPiece[][] {
  return runsPerParticipant(words, tokens).flatMap(splitLongRun);
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
