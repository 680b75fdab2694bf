import type { RedactionSegment } from '@parley/client';

export interface TextPart {
  text: string;
  redacted: boolean;
}

/**
 * Redacted spans arrive already masked in the text (ElevateAI shows "# # # #"; the exact mask is
 * not documented; Parley writes one '#' per hidden word). Free-standing '#'s, runs of '*' and
 * bracketed REDACTED tags count as masks; a hashtag such as "#help" does not.
 */
const MASK = /(?<![\w#])#(?:\s+#)*(?![\w#])|\*{2,}|\[[A-Z _-]*REDACTED[A-Z _-]*\]/g;

export function splitMasked(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MASK)) {
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start), redacted: false });
    parts.push({ text: match[0], redacted: true });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), redacted: false });
  return parts;
}

/** The redaction segments that fall inside a time range (a sentence), to name what was removed. */
export function redactionsWithin(
  redactions: readonly RedactionSegment[],
  startMs: number,
  endMs: number,
): RedactionSegment[] {
  return redactions.filter(
    (r) => r.startTimeOffset < Math.max(endMs, startMs + 1) && r.endTimeOffset > startMs,
  );
}
