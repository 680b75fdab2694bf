/**
 * Linear-time text segmentation. V8's `Intl.Segmenter` takes time quadratic in the length of the
 * string it iterates (far worse for emoji), so a 200,000-character message would hold a CPU for
 * minutes. Text is therefore handed to it in bounded pieces, cut where a word cannot continue.
 */

/** Longest piece given to one segmenter call; short enough that its quadratic cost is noise. */
const PIECE_CHARS = 256;
/** A cut is looked for in the last half of a piece before falling back to a hard cut. */
const SEARCH_FROM = PIECE_CHARS / 2;

export interface TextSegment {
  segment: string;
  /** Offset of the segment in the whole text. */
  index: number;
  isWordLike: boolean;
}

function isBreakable(code: number): boolean {
  // Whitespace, and the ideographic comma/full stop of languages written without spaces.
  return (
    code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x3000 || code === 0x3001 || code === 0x3002
  );
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Where the piece starting at `from` ends: after the last break in its second half, else a hard cut. */
function pieceEnd(text: string, from: number): number {
  const limit = from + PIECE_CHARS;
  if (limit >= text.length) return text.length;
  for (let at = limit; at > from + SEARCH_FROM; at -= 1) {
    if (isBreakable(text.charCodeAt(at - 1))) return at;
  }
  // No break: never split a surrogate pair (or a combining mark from its base, for the common case).
  let at = limit;
  while (at > from + 1 && (isHighSurrogate(text.charCodeAt(at - 1)) || /\p{M}/u.test(text[at] ?? '')))
    at -= 1;
  return at;
}

/** The word segments of `text`, as `Intl.Segmenter` gives them, in time linear in its length. */
export function* segmentWords(segmenter: Intl.Segmenter, text: string): Generator<TextSegment> {
  let from = 0;
  while (from < text.length) {
    const to = pieceEnd(text, from);
    for (const part of segmenter.segment(text.slice(from, to))) {
      yield { segment: part.segment, index: from + part.index, isWordLike: part.isWordLike === true };
    }
    from = to;
  }
}

/** `text` without leading characters that `keep` rejects; a loop, since `/^[^…]+/` can backtrack. */
export function trimStartWhere(text: string, keep: (char: string) => boolean): string {
  let start = 0;
  for (const char of text) {
    if (keep(char)) break;
    start += char.length;
  }
  return text.slice(start);
}

/** `text` without trailing characters that `keep` rejects; linear where `/[^…]+$/` is quadratic. */
export function trimEndWhere(text: string, keep: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0) {
    let start = end - 1;
    const code = text.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff && start > 0 && isHighSurrogate(text.charCodeAt(start - 1)))
      start -= 1;
    if (keep(text.slice(start, end))) break;
    end = start;
  }
  return text.slice(0, end);
}
