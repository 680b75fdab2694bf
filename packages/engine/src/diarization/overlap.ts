import type { VoiceActivitySegment } from '../types.js';

/**
 * Overlap shorter than this is a backchannel ("mm-hm"), a breath or the tail of a turn, not an
 * interruption.
 */
const INTERRUPTION_MIN_MS = 300;

function voiced(segments: readonly VoiceActivitySegment[]): { start: number; end: number }[] {
  return segments
    .filter((s) => s.result === 'voice')
    .map((s) => ({ start: s.startTimeOffset, end: s.endTimeOffset }));
}

/**
 * Talk overlap between the two separated sides: total time both are voiced, and interruptions
 * (one side starts while the other is talking, and both go on together for 300 ms or more).
 * Both timelines are walked once, in time order.
 */
export function measureOverlap(
  one: readonly VoiceActivitySegment[],
  two: readonly VoiceActivitySegment[],
): { overlapMs: number; interruptions: number } {
  const a = voiced(one);
  const b = voiced(two);
  let overlapMs = 0;
  let interruptions = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as { start: number; end: number };
    const y = b[j] as { start: number; end: number };
    const shared = Math.min(x.end, y.end) - Math.max(x.start, y.start);
    if (shared > 0) {
      overlapMs += shared;
      // The later starter cut in on the other.
      if (shared >= INTERRUPTION_MIN_MS && x.start !== y.start) interruptions++;
    }
    if (x.end <= y.end) i++;
    else j++;
  }
  return { overlapMs, interruptions };
}
