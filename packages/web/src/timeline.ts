import type { AiResults, PunctuatedTranscript, VoiceActivitySegment } from '@parley/client';

export interface Span {
  startMs: number;
  endMs: number;
}

export function voiced(segments: readonly VoiceActivitySegment[]): Span[] {
  return segments
    .filter((s) => s.result === 'voice' && s.endTimeOffset > s.startTimeOffset)
    .map((s) => ({ startMs: s.startTimeOffset, endMs: s.endTimeOffset }))
    .sort((a, b) => a.startMs - b.startMs);
}

/** Where both participants speak at once: the intersection of their voiced spans. */
export function overlaps(a: readonly Span[], b: readonly Span[]): Span[] {
  const result: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i]!;
    const right = b[j]!;
    const startMs = Math.max(left.startMs, right.startMs);
    const endMs = Math.min(left.endMs, right.endMs);
    if (endMs > startMs) result.push({ startMs, endMs });
    if (left.endMs < right.endMs) i += 1;
    else j += 1;
  }
  return result;
}

export function totalMs(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
}

/**
 * How long the interaction lasts, as far as its results tell: the latest end of any sentence,
 * voice segment or score offset. The wire format carries no explicit duration.
 */
export function interactionDurationMs(
  punctuated: PunctuatedTranscript | undefined,
  ai: AiResults | undefined,
): number {
  let end = 0;
  for (const s of punctuated?.sentenceSegments ?? []) end = Math.max(end, s.endTimeOffset);
  for (const r of punctuated?.redactionSegments ?? []) end = Math.max(end, r.endTimeOffset);
  if (ai) {
    for (const scope of [ai.allParticipants, ai.participantOne, ai.participantTwo]) {
      for (const v of scope?.voiceActivitySegments ?? []) end = Math.max(end, v.endTimeOffset);
      for (const bundle of scope?.enlightenBundles ?? []) {
        for (const m of bundle.models) end = Math.max(end, m.minScoreOffset, m.maxScoreOffset);
      }
    }
  }
  return end;
}

/** Round tick steps for a time axis: about six ticks whatever the length. */
export function timeTicks(durationMs: number, target = 6): number[] {
  if (durationMs <= 0) return [0];
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);
  const step = steps.find((s) => durationMs / s <= target) ?? steps[steps.length - 1]!;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1; t += step) ticks.push(t);
  return ticks;
}
