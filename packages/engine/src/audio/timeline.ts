import type { VoiceActivitySegment } from '../types.js';

/** A voiced stretch in integer milliseconds, end exclusive. */
export interface SpanMs {
  startMs: number;
  endMs: number;
}

/** Sorts, clips to 0..durationMs and merges overlapping or touching spans. */
export function mergeSpans(spans: readonly SpanMs[], durationMs: number): SpanMs[] {
  const sorted = spans
    .map((s) => ({ startMs: Math.max(0, s.startMs), endMs: Math.min(durationMs, s.endMs) }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: SpanMs[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * The ElevateAI voice-activity timeline: alternating voice and silence segments that cover
 * 0..durationMs without gaps or overlaps.
 */
export function voiceActivityTimeline(voiced: readonly SpanMs[], durationMs: number): VoiceActivitySegment[] {
  const segments: VoiceActivitySegment[] = [];
  let at = 0;
  for (const span of mergeSpans(voiced, durationMs)) {
    if (span.startMs > at)
      segments.push({ startTimeOffset: at, endTimeOffset: span.startMs, result: 'silence' });
    segments.push({ startTimeOffset: span.startMs, endTimeOffset: span.endMs, result: 'voice' });
    at = span.endMs;
  }
  if (durationMs > at) segments.push({ startTimeOffset: at, endTimeOffset: durationMs, result: 'silence' });
  return segments;
}
