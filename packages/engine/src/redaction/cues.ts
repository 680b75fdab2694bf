import {
  CUE_PHRASES,
  DIGIT_WORDS,
  GUARDED_CUES,
  TEEN_WORDS,
  TENS_WORDS,
  type CueKind,
} from './vocabulary.js';

interface Phrase {
  parts: readonly string[];
  kind: CueKind;
}

/** Cue phrases by their first word, so finding them costs one map look-up per word. */
const PHRASES_BY_FIRST_WORD: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const map = new Map<string, Phrase[]>();
  for (const [kind, phrases] of Object.entries(CUE_PHRASES) as Array<[CueKind, readonly string[]]>) {
    for (const phrase of phrases) {
      const parts = phrase.split(' ');
      const first = parts[0] ?? '';
      map.set(first, [...(map.get(first) ?? []), { parts, kind }]);
    }
  }
  return map;
})();

export function looksLikeNumber(token: string | undefined): boolean {
  if (token === undefined) return false;
  const first = token.charCodeAt(0);
  return (
    (first >= 48 && first <= 57) ||
    DIGIT_WORDS[token] !== undefined ||
    TEEN_WORDS[token] !== undefined ||
    TENS_WORDS[token] !== undefined
  );
}

/**
 * The cue kinds that end at each word of the conversation. Where phrases end on the same word
 * the longest wins ("order number" is not a phone cue, "social security number" not one either).
 */
export function findCues(tokens: readonly string[]): CueKind[][] {
  const at: CueKind[][] = new Array<CueKind[]>(tokens.length);
  const lengthAt = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i += 1) {
    const candidates = PHRASES_BY_FIRST_WORD.get(tokens[i] ?? '');
    if (candidates === undefined) continue;
    for (const { parts, kind } of candidates) {
      const end = i + parts.length - 1;
      if (end >= tokens.length) continue;
      let matches = true;
      for (let k = 1; k < parts.length && matches; k += 1) matches = tokens[i + k] === parts[k];
      if (!matches) continue;
      const guard = parts.length === 1 ? GUARDED_CUES[parts[0] ?? ''] : undefined;
      const next = tokens[end + 1];
      if (guard !== undefined && next !== undefined && !guard.has(next) && !looksLikeNumber(next)) continue;
      if (parts.length > (lengthAt[end] ?? 0)) {
        lengthAt[end] = parts.length;
        at[end] = [kind];
      } else if (parts.length === lengthAt[end] && !(at[end] ?? []).includes(kind)) {
        (at[end] ??= []).push(kind);
      }
    }
  }
  return at;
}
