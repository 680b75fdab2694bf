import type { Word } from '../types.js';

/**
 * Stereo recorders often carry each side faintly on the other channel (line echo, headset
 * bleed), and the recogniser then hears a word twice, once per channel. A word is a copy when
 * the other channel has the same word over at least half of the shorter one's time; the copy
 * with the lower confidence (the fainter, bleed side) is dropped.
 */
export function removeCrosstalk(words: readonly Word[]): Word[] {
  const sorted = [...words].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const dropped = new Set<Word>();
  const key = (word: Word): string => word.text.toLowerCase();
  // Words still open (ending after the current word starts), per channel.
  let open: Word[] = [];
  for (const word of sorted) {
    open = open.filter((other) => other.endMs > word.startMs);
    for (const other of open) {
      if (other.participant === word.participant || dropped.has(other) || key(other) !== key(word)) continue;
      const shared = Math.min(word.endMs, other.endMs) - Math.max(word.startMs, other.startMs);
      const shorter = Math.min(word.endMs - word.startMs, other.endMs - other.startMs);
      if (shared > 0 && shared >= 0.5 * shorter) {
        dropped.add(word.confidence > other.confidence ? other : word);
        if (dropped.has(word)) break;
      }
    }
    if (!dropped.has(word)) open.push(word);
  }
  return sorted.filter((word) => !dropped.has(word));
}
