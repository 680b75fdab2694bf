import type { ModelScore } from '../types.js';
import type { ConversationFeatures, SentenceFeatures } from './features.js';
import type { SentenceFilter, WindowScorer } from './scoring.js';

/**
 * Consecutive sentences (all participants) per sliding window: long enough to hold a few
 * exchanges, short enough that one bad stretch of a long call shows in the minimum.
 */
export const WINDOW_SENTENCES = 6;

interface Measurement {
  score: number;
  offsetMs: number;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Where a measurement sits in time: the first sentence of the speaker in the window (or the
 * window's first sentence), clamped into the interaction.
 */
function offsetOf(
  window: readonly SentenceFeatures[],
  speaker: SentenceFilter,
  fallbackMs: number,
  durationMs: number,
): number {
  const first = window.find(speaker) ?? window[0];
  const offset = first ? first.startMs : fallbackMs;
  return Math.round(Math.min(Math.max(0, offset), durationMs));
}

/**
 * Scores one model over the interaction:
 * - `score`: the whole interaction (the model's prior when it holds no evidence);
 * - `quartile1..4`: the sentences starting in each quarter of the duration, scored alone. A quarter
 *   in which the model's speaker said nothing has no evidence and reports the model's no-evidence
 *   value (its prior: 50 for behaviours and tone, 0 for vulnerability), never a copy of the overall
 *   score. For once-per-call models a quarter shows whether the behaviour happened in it;
 * - `minScore`/`maxScore`: the extremes over the sliding windows, the quarters and the whole,
 *   so min ≤ every quartile ≤ max always holds; their offsets are where that window starts.
 */
export function measureModel(
  features: ConversationFeatures,
  scorer: WindowScorer,
  speaker: SentenceFilter,
  prior: number,
): Omit<ModelScore, 'name'> {
  const { sentences, durationMs } = features;
  const overall: Measurement = {
    score: scorer(sentences) ?? prior,
    offsetMs: offsetOf(sentences, speaker, 0, durationMs),
  };

  const quarters: Measurement[] = [0, 1, 2, 3].map((q) => {
    const start = (durationMs * q) / 4;
    const end = (durationMs * (q + 1)) / 4;
    const inQuarter = sentences.filter((s) => {
      const t = Math.min(Math.max(0, s.startMs), durationMs);
      return q === 3 ? t >= start && t <= end : t >= start && t < end;
    });
    const score = inQuarter.length > 0 ? scorer(inQuarter) : undefined;
    return score === undefined
      ? { score: prior, offsetMs: Math.round(start) }
      : { score, offsetMs: offsetOf(inQuarter, speaker, start, durationMs) };
  });

  const candidates: Measurement[] = [overall, ...quarters];
  const size = Math.min(WINDOW_SENTENCES, sentences.length);
  for (let i = 0; size > 0 && i + size <= sentences.length; i++) {
    const window = sentences.slice(i, i + size);
    const score = scorer(window);
    if (score !== undefined) candidates.push({ score, offsetMs: offsetOf(window, speaker, 0, durationMs) });
  }

  let min = overall;
  let max = overall;
  for (const c of candidates) {
    if (round1(c.score) < round1(min.score)) min = c;
    if (round1(c.score) > round1(max.score)) max = c;
  }
  const [q1, q2, q3, q4] = quarters.map((q) => round1(q.score));
  return {
    score: round1(overall.score),
    minScore: round1(min.score),
    minScoreOffset: min.offsetMs,
    maxScore: round1(max.score),
    maxScoreOffset: max.offsetMs,
    quartile1: q1 ?? round1(overall.score),
    quartile2: q2 ?? round1(overall.score),
    quartile3: q3 ?? round1(overall.score),
    quartile4: q4 ?? round1(overall.score),
  };
}
