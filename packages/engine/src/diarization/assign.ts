import type { SpeakerTurn } from './diarize.js';

/**
 * The speaker of each timed item: the one whose turns overlap it most, or, for an item that
 * falls between turns, the nearest turn's. Turns and items are each walked once in time order.
 */
export function assignSpeakers(
  items: readonly { startMs: number; endMs: number }[],
  turns: readonly SpeakerTurn[],
): number[] {
  const sorted = [...turns].sort((a, b) => a.startMs - b.startMs);
  const order = items.map((_, i) => i).sort((a, b) => (items[a]?.startMs ?? 0) - (items[b]?.startMs ?? 0));
  const speakers = new Array<number>(items.length).fill(0);
  let first = 0;
  for (const index of order) {
    const item = items[index] as { startMs: number; endMs: number };
    while (first < sorted.length && (sorted[first] as SpeakerTurn).endMs <= item.startMs) first++;
    const overlap = new Map<number, number>();
    for (let t = first; t < sorted.length && (sorted[t] as SpeakerTurn).startMs < item.endMs; t++) {
      const turn = sorted[t] as SpeakerTurn;
      const shared = Math.min(item.endMs, turn.endMs) - Math.max(item.startMs, turn.startMs);
      if (shared > 0) overlap.set(turn.speaker, (overlap.get(turn.speaker) ?? 0) + shared);
    }
    let best: number | undefined;
    for (const [speaker, shared] of overlap)
      if (best === undefined || shared > (overlap.get(best) ?? 0)) best = speaker;
    if (best === undefined) {
      const before = sorted[first - 1];
      const after = sorted[first];
      const gapBefore = before === undefined ? Infinity : item.startMs - before.endMs;
      const gapAfter = after === undefined ? Infinity : after.startMs - item.endMs;
      best = (gapBefore <= gapAfter ? before : after)?.speaker ?? 0;
    }
    speakers[index] = best;
  }
  return speakers;
}
