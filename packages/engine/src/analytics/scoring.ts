import type { ModelDefinition, ScoringMethod } from './catalog.js';
import type { ConversationFeatures, SentenceFeatures } from './features.js';

/** A score 0–100 for the evidence in a run of sentences, or undefined when there is none. */
export type WindowScorer = (window: readonly SentenceFeatures[]) => number | undefined;

export type SentenceFilter = (sentence: SentenceFeatures) => boolean;

/** Gaps longer than this, where nobody speaks, count as dead air. */
const DEAD_AIR_MS = 3000;
/** Dead-air share of a window at which its score falls to 1/e. */
const DEAD_AIR_TAU = 0.1;
/** Speaking time below this gives no reliable words-per-minute figure. */
const MIN_SPEAKING_MS = 2000;

export function clamp(value: number, low = 0, high = 100): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * A neutral pseudo-sentence in every window, so one short sentence cannot set the minimum or
 * maximum of a long interaction on its own; it fades as the window fills.
 */
const NEUTRAL_PRIOR_WORDS = 5;

/** How the tone of a speaker's sentences is combined into one score (catalog `sentiment` method). */
export interface ToneAggregation {
  /** Weight of a sentence × (1 + emphasis × |tone|)². */
  emphasis: number;
  /** The neutral pseudo-sentence weighs as much as a 5-word sentence of this tone strength. */
  priorTone: number;
  /** The speaker's last sentence weighs (1 + recency) times their first; linear in between. */
  recency: number;
  /**
   * Tones within ±neutralBand are matter-of-fact ("It is 22 Mill Lane" reads +0.24): they count as
   * 0, and stronger tones are rescaled to start from 0 beyond it, so verification and hold talk
   * neither lift nor drag a score however much of it there is.
   */
  neutralBand: number;
  /**
   * Weight of a sentence within the neutral band, relative to a toned one of the same length
   * (1 when absent). At 0, matter-of-fact talk neither dilutes nor shifts the score: such
   * sentences drop out and recency counts toned sentences only, so adding verification or hold
   * talk anywhere in a call leaves the score as it was.
   */
  neutralWeight?: number;
}

/**
 * 50 + 50 × the weighted mean tone of a speaker's sentences (in order), or undefined when there
 * are none.
 */
export function toneScore(sentences: readonly SentenceFeatures[], how: ToneAggregation): number | undefined {
  if (sentences.length === 0) return undefined;
  let weighted = 0;
  // The pseudo-sentence counts as much as a 5-word sentence of tone strength `priorTone`.
  let total = Math.log(2 + NEUTRAL_PRIOR_WORDS) * (1 + how.emphasis * how.priorTone) ** 2;
  const band = Math.min(0.99, Math.max(0, how.neutralBand));
  const neutralWeight = Math.min(1, Math.max(0, how.neutralWeight ?? 1));
  const tones = sentences.map(
    (s) => Math.sign(s.polarity) * (Math.max(0, Math.abs(s.polarity) - band) / (1 - band)),
  );
  // Positions for recency: every sentence, or only the toned ones when neutral talk drops out.
  const counted = tones.map((t) => neutralWeight > 0 || t !== 0);
  const last = Math.max(1, counted.filter(Boolean).length - 1);
  let position = -1;
  sentences.forEach((s, k) => {
    const tone = tones[k] ?? 0;
    if (!counted[k]) return;
    position++;
    const i = position;
    // Longer sentences carry more of the tone; a lone "ok" should not swing a window. Clearly
    // toned sentences count more than matter-of-fact ones (`emphasis`), so that verification
    // and hold talk neither wash out how the participant feels nor dilute it as a call grows;
    // the strong neutral prior makes the score grow with the amount of toned talk, not only its
    // share; how the speaker ends says most about how the interaction went (`recency`).
    const weight =
      Math.log(2 + s.wordCount) *
      (1 + how.emphasis * Math.abs(tone)) ** 2 *
      (1 + (how.recency * i) / last) *
      (tone === 0 ? neutralWeight : 1);
    weighted += weight * tone;
    total += weight;
  });
  return clamp(50 + 50 * (weighted / total));
}

/** Saturating: 0 with no hits; `tau` hits per √(sentences + 1) give 63. */
function presence(hits: number, sentences: number, tau: number): number {
  return 1 - Math.exp(-hits / (Math.sqrt(sentences + 1) * tau));
}

function deadAirScore(window: readonly SentenceFeatures[]): number | undefined {
  const first = window[0];
  if (!first || window.length < 2) return undefined;
  const end = Math.max(...window.map((s) => s.endMs));
  const span = end - first.startMs;
  if (span <= 0) return undefined;
  let dead = 0;
  for (let i = 1; i < window.length; i++) dead += Math.max(0, (window[i]?.gapBeforeMs ?? 0) - DEAD_AIR_MS);
  return 100 * Math.exp(-dead / span / DEAD_AIR_TAU);
}

/** Weighted mean of the parts that have evidence; undefined parts drop out with their weight. */
function blend(parts: readonly (readonly [number | undefined, number])[]): number | undefined {
  let sum = 0;
  let weight = 0;
  for (const [value, w] of parts) {
    if (value === undefined || w <= 0) continue;
    sum += value * w;
    weight += w;
  }
  return weight === 0 ? undefined : clamp(sum / weight);
}

export interface ScorerContext {
  features: ConversationFeatures;
  /** The model's speaker in this scope. */
  speaker: SentenceFilter;
  /** The other side (whose triggers a response model answers). */
  counterpart: SentenceFilter;
  /** Scorers of other models in the same scope, for `anyOf`. */
  scorerOf: (name: string) => WindowScorer | undefined;
}

export function createWindowScorer(model: ModelDefinition, context: ScorerContext): WindowScorer {
  const method: ScoringMethod = model.method;
  const { features, speaker, counterpart } = context;
  switch (method.kind) {
    case 'sentiment':
      return (window) => toneScore(window.filter(speaker), method);

    case 'speechRate':
      return (window) => {
        if (!features.timed) return undefined;
        let words = 0;
        let ms = 0;
        for (const s of window) {
          if (!speaker(s) || s.endMs <= s.startMs) continue;
          words += s.wordCount;
          ms += s.endMs - s.startMs;
        }
        if (ms < MIN_SPEAKING_MS) return undefined;
        const wpm = words / (ms / 60_000);
        const [idealLow, idealHigh] = method.idealWpm;
        const [zeroLow, zeroHigh] = method.zeroWpm;
        if (wpm < idealLow) return clamp((100 * (wpm - zeroLow)) / (idealLow - zeroLow));
        if (wpm > idealHigh) return clamp((100 * (zeroHigh - wpm)) / (zeroHigh - idealHigh));
        return 100;
      };

    case 'interruptions':
      return (window) => {
        // Without a timeline, or without telling the sides apart (mono audio), overlap says nothing.
        if (!features.timed || !features.separated) return undefined;
        let turns = 0;
        let interruptions = 0;
        for (const s of window) {
          if (!speaker(s) || !s.turnStart) continue;
          turns++;
          if (s.interrupts) interruptions++;
        }
        return turns === 0 ? undefined : 100 * Math.exp(-interruptions / turns / method.tau);
      };

    case 'evidence':
      return (window) => {
        const own = window.filter(speaker);
        if (own.length === 0) return undefined;
        let none = 1;
        let sum = 0;
        let notAgainst = 1;
        let againstSum = 0;
        let graded = 0;
        let clearSum = 0;
        let clearCount = 0;
        for (const s of own) {
          const e = s.evidence.get(model.name);
          if (!e) continue;
          graded = Math.max(graded, e.graded ?? 0);
          if (e.graded !== undefined) {
            clearSum += 1 - e.graded;
            clearCount++;
          }
          none *= 1 - e.for;
          sum += e.for;
          notAgainst *= 1 - e.against;
          againstSum += e.against;
        }
        let evidenceScore: number;
        if (method.aggregate === 'absence') evidenceScore = 100 * Math.exp(-againstSum / method.tau);
        else if (method.aggregate === 'once') evidenceScore = 100 * (1 - none) * notAgainst;
        else evidenceScore = 100 * (1 - Math.exp(-sum / method.tau)) * notAgainst;
        // A graded classifier ranks what no rule or threshold caught (catalog ClassifierUse).
        const use = method.classifier;
        if (use?.role === 'against') {
          if (use.consistency && clearCount > 0)
            evidenceScore = 100 - (100 - evidenceScore) * (1 - (use.consistency * clearSum) / clearCount);
          evidenceScore *= 1 - (use.graded ?? 0) * graded;
        } else if (use?.role === 'for' && use.graded) {
          evidenceScore = 100 - (100 - evidenceScore) * (1 - use.graded * graded);
        }
        const deadAir = method.deadAirWeight && features.timed ? deadAirScore(window) : undefined;
        return blend([
          [evidenceScore, 1 - (method.deadAirWeight ?? 0)],
          [deadAir, method.deadAirWeight ?? 0],
        ]);
      };

    case 'questions':
      return (window) => {
        const own = window.filter(speaker);
        if (own.length === 0) return undefined;
        let hits = 0;
        for (const s of own) {
          if (!s.isQuestion) continue;
          hits += s.questionOpen.has(model.name) ? 1 : method.closedWeight;
        }
        return 100 * presence(hits, own.length, method.tau);
      };

    case 'response':
      return (window) => {
        let raised = 0;
        let answered = 0;
        for (const s of window) {
          if (!counterpart(s) || !s.hits.has(`${model.name}:triggers`)) continue;
          raised++;
          if (s.answered.has(model.name)) answered++;
        }
        return raised === 0 ? undefined : (100 * (answered + 0.5)) / (raised + 1);
      };

    case 'distress':
      return (window) => {
        const own = window.filter(speaker);
        if (own.length === 0) return undefined;
        let first = 0;
        let second = 0;
        for (const s of own) {
          const fromTone = clamp((s.distress - method.floor) / (1 - method.floor), 0, 1);
          const e = Math.max(fromTone, s.evidence.get(model.name)?.for ?? 0);
          if (e > first) [first, second] = [e, first];
          else if (e > second) second = e;
        }
        return 100 * (1 - (1 - first) * (1 - second));
      };

    case 'anyOf':
      return (window) => {
        let none = 1;
        let evidence = false;
        for (const name of method.models) {
          const score = context.scorerOf(name)?.(window);
          if (score === undefined) continue;
          evidence = true;
          none *= 1 - clamp(score) / 100;
        }
        return evidence ? 100 * (1 - none) : undefined;
      };
  }
}
