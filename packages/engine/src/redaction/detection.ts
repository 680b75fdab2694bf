import type { RedactionKind, Word } from '../types.js';
import type { CueKind } from './vocabulary.js';

/** One span a detector would redact: words `first`..`last` of the conversation, inclusive. */
export interface Detection {
  first: number;
  last: number;
  result: RedactionKind;
  score: number;
}

/** The conversation as detectors read it: normalised words and the cues found among them. */
export interface TokenStream {
  words: readonly Word[];
  /** Lower case, surrounding punctuation stripped (see normaliseToken). */
  tokens: readonly string[];
  /** Cue kinds ending at each word. */
  cuesAt: ReadonlyArray<readonly CueKind[] | undefined>;
  sameSpeaker(a: number, b: number): boolean;
  /**
   * The cue kind that ends closest before word `at`, looking back at most `window` words, with
   * where it ends; undefined when there is none.
   */
  latestCue(at: number, window: number): { kind: CueKind; at: number } | undefined;
  /** Whether a cue of `kind` ends within `window` words before word `at`. */
  hasCue(at: number, window: number, kind: CueKind): boolean;
}

export function createTokenStream(
  words: readonly Word[],
  tokens: readonly string[],
  cuesAt: ReadonlyArray<readonly CueKind[] | undefined>,
): TokenStream {
  return {
    words,
    tokens,
    cuesAt,
    sameSpeaker: (a, b) => words[a]?.participant === words[b]?.participant,
    latestCue(at, window) {
      for (let k = at - 1; k >= 0 && k >= at - window; k -= 1) {
        const kinds = cuesAt[k];
        // Same-length phrases of several kinds end here: the last listed is as good as any.
        const kind = kinds?.[kinds.length - 1];
        if (kind !== undefined) return { kind, at: k };
      }
      return undefined;
    },
    hasCue(at, window, kind) {
      for (let k = at - 1; k >= 0 && k >= at - window; k -= 1) if (cuesAt[k]?.includes(kind)) return true;
      return false;
    },
  };
}
