/**
 * How each CX AI model is scored, and its cue phrases. The bundles, names, titles, what each
 * model measures, whose speech is evidence and the bands are the public catalogue in
 * @parley/contract; this file adds a scoring method to each of its models. The scorers read the
 * result and docs/analytics.md is printed from it (`npm run eval:analytics -- --catalog`).
 *
 * One scale everywhere: 0–100. Customer Satisfaction and Sales Effectiveness: higher is better
 * (for Interruption and InappropriateAction, 100 means the behaviour did not happen).
 * Vulnerable Customer: higher means stronger evidence of vulnerability.
 *
 * The cue phrases themselves are data in phrases.ts, beside this file.
 */
import {
  MODEL_CATALOG,
  type Band,
  type BundleInfo,
  type ModelInfo,
  type Speaker,
} from '@parley/contract/core';
import { PHRASES } from './phrases.js';
import { RULES, type RuleSet } from './rules.js';

/**
 * A trained sentence model (models/<model>/) as evidence: weight × how far P(label) is above
 * `threshold` (default: the threshold stored with the model), rescaled to 0..1.
 */
export interface ClassifierUse {
  model: string;
  role: 'for' | 'against';
  weight: number;
  threshold?: number;
  /**
   * So that lines below the threshold still rank, the highest P(label) of any of the speaker's
   * sentences also moves the score: `against` the behaviour, the score is multiplied by
   * 1 − graded × that P (a curt line under a polite one); `for` it, the score's distance to 100
   * is multiplied by 1 − graded × that P (a warm line above a procedural one). Only the highest P
   * counts, so talk without evidence cannot lower a `for` score.
   */
  graded?: number;
  /**
   * `against` only: how consistently the speaker stays clear of the label. The mean of 1 − P
   * over the speaker's sentences closes this share of the score's distance to 100, so a speaker
   * who is courteous throughout scores above one who is curt, before any greeting or thanks.
   * A mean, not a count: neutral talk moves it towards the neutral lines' value, never with length.
   */
  consistency?: number;
  /**
   * What the model reads: each sentence (default), or, for a model trained on passages rather
   * than sentences, each sentence with up to four sentences before it from the same turn.
   */
  reads?: 'sentence' | 'passage';
}

export type ScoringMethod =
  /**
   * 50 + 50 × weighted mean of the sentence tone over the speaker's sentences (`toneScore`). The
   * tone is P(positive) − P(negative) of the fastText models, mixed with the `polarity` model's
   * 2 × P(positive) − 1 (share `polarityWeight`) when it is loaded; empathy never reads negative,
   * rudeness never positive. Frustration with the company lowers it: `frustrationWeight` × (the
   * `rules` evidence against + the `frustrationModel`'s evidence on the customer's sentences),
   * plus `shoutWeight` per word in capitals and per "!" (at most three of each).
   */
  | {
      kind: 'sentiment';
      rules: RuleSet;
      /** Share of the polarity model in the model tone (the rest is fastText). */
      polarityWeight: number;
      /**
       * Share of the AFINN lexicon tone in the tone of every sentence that is not the agent's, when
       * the fastText models are loaded (the rest is the model tone above); the lexicon fallback is
       * all lexicon anyway.
       */
      lexiconWeight: number;
      frustrationWeight: number;
      /**
       * A trained sentence model of the customer's frustration, read on every sentence that is not
       * the agent's: evidence (P − threshold) ÷ (1 − threshold) above its threshold.
       */
      frustrationModel?: { model: string; threshold: number };
      shoutWeight: number;
      /** Weight of a sentence × (1 + emphasis × |tone|)²: toned sentences outweigh matter-of-fact ones. */
      emphasis: number;
      /** The speaker's last sentence weighs (1 + recency) times their first, linear in between. */
      recency: number;
      /** A neutral pseudo-sentence weighs as much as a 5-word sentence of this tone strength. */
      priorTone: number;
      /** Tones within ± this are matter-of-fact and count as 0 (`ToneAggregation.neutralBand`). */
      neutralBand: number;
      /** Weight of a sentence within the band relative to a toned one (`ToneAggregation.neutralWeight`). */
      neutralWeight?: number;
    }
  /** Words per minute of the speaker's speaking time, 100 inside `idealWpm`, falling linearly to 0 at `zeroWpm`. */
  | { kind: 'speechRate'; idealWpm: readonly [number, number]; zeroWpm: readonly [number, number] }
  /** 100 × exp(−(turns started over the other side's speech ÷ turns) ÷ tau). */
  | { kind: 'interruptions'; tau: number; minOverlapMs: number }
  /**
   * Sentence evidence from the model's rules (rules.ts), combined by the model's kind:
   * - `once`: one clear instance is enough (a greeting, a recap, a disclosure):
   *   100 × (1 − Π(1 − for)) × (1 − Π(1 − against)), over the speaker's sentences;
   * - `rate`: the behaviour should recur; evidence accumulates and saturates, and talk without
   *   evidence neither adds nor dilutes: 100 × (1 − exp(−Σ for ÷ tau)) × (1 − Π(1 − against));
   * - `absence`: 100 means it never happened: 100 × exp(−Σ against ÷ tau).
   * `restatement` adds agent sentences that restate the customer's last turn (restatement.ts).
   */
  | {
      kind: 'evidence';
      aggregate: 'once' | 'rate' | 'absence';
      rules: RuleSet;
      tau: number;
      restatement?: boolean;
      deadAirWeight?: number;
      classifier?: ClassifierUse;
    }
  /** Questions: open ones count 1, closed ones `closedWeight`; scored like `cues`. */
  | { kind: 'questions'; openers: readonly string[]; closedWeight: number; tau: number }
  /**
   * Of the customer sentences with a `triggers` cue, the share the agent answers within
   * `withinSentences` with a `responses` cue: 100 × (answered + 0.5) ÷ (raised + 1). No trigger: no evidence.
   */
  | {
      kind: 'response';
      triggers: readonly string[];
      responses: readonly string[];
      withinSentences: number;
    }
  /**
   * Per sentence, the stronger of the rules' evidence (with the trained `classifier` above its
   * threshold, when loaded) and the sentence's distress
   * d = 0.3 × P(negative) + 0.7 × (P(sadness) + P(fear)) rescaled from [`floor`, 1] to [0, 1];
   * the call's score is the noisy-OR of its two most distressed sentences, so neither a long call
   * nor one neutral stretch moves it.
   */
  | { kind: 'distress'; rules: RuleSet; floor: number; classifier?: ClassifierUse }
  /** Noisy-OR of other models of the same bundle: 100 × (1 − Π(1 − score ÷ 100)). */
  | { kind: 'anyOf'; models: readonly string[] };

/** A model of the public catalogue (@parley/contract) with how the engine scores it. */
export interface ModelDefinition extends ModelInfo {
  method: ScoringMethod;
}

export interface BundleDefinition extends Omit<BundleInfo, 'models'> {
  models: readonly ModelDefinition[];
}

export type { Band, Speaker };

/** How each model of the public catalogue is scored, by model name. */
const METHODS: Readonly<Record<string, ScoringMethod>> = {
  Sentiment: {
    kind: 'sentiment',
    rules: RULES.Sentiment,
    // Chosen on the tuning halves of TWEETSUMM and USS (npm run tune:sentiment).
    polarityWeight: 0.25,
    lexiconWeight: 0.25,
    frustrationWeight: 0.5,
    frustrationModel: { model: 'frustration', threshold: 0.5 },
    shoutWeight: 0.1,
    emphasis: 4,
    recency: 0.5,
    priorTone: 1,
    neutralBand: 0.3,
    neutralWeight: 0,
  },
  SpeechVelocity: { kind: 'speechRate', idealWpm: [130, 170], zeroWpm: [60, 260] },
  ActiveListening: {
    kind: 'evidence',
    aggregate: 'rate',
    tau: 1,
    restatement: true,
    deadAirWeight: 0.25,
    rules: RULES.ActiveListening,
    // Weight and graded share hardly moved the tuning dialogues (ESConv dev 0 mod 4); 0.8 because
    // short procedural lines read near the model's prior (about 0.65) and must not accumulate.
    classifier: { model: 'listening', role: 'for', weight: 0.7, threshold: 0.8, graded: 0.3 },
  },
  BeEmpathetic: {
    kind: 'evidence',
    aggregate: 'rate',
    tau: 1,
    rules: RULES.BeEmpathetic,
    classifier: { model: 'empathy', role: 'for', weight: 0.6, threshold: 0.8, graded: 0.15 },
  },
  Interruption: { kind: 'interruptions', tau: 0.15, minOverlapMs: 300 },
  DemonstrateOwnership: { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.DemonstrateOwnership },
  BuildRapport: {
    kind: 'evidence',
    aggregate: 'rate',
    tau: 1.5,
    rules: RULES.BuildRapport,
    classifier: {
      model: 'rudeness',
      role: 'against',
      weight: 0.5,
      threshold: 0.8,
      graded: 0.08,
      consistency: 0.3,
    },
  },
  SetExpectations: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.SetExpectations },
  EffectiveQuestioning: {
    kind: 'questions',
    tau: 0.35,
    closedWeight: 0.5,
    openers: PHRASES.EffectiveQuestioning.openers,
  },
  PromoteSelfService: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.PromoteSelfService },
  AcknowledgeLoyalty: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.AcknowledgeLoyalty },
  InappropriateAction: {
    kind: 'evidence',
    aggregate: 'absence',
    tau: 1.2,
    rules: RULES.InappropriateAction,
    classifier: { model: 'rudeness', role: 'against', weight: 0.8, threshold: 0.8, graded: 0.08 },
  },
  DiscoverNeeds: { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.DiscoverNeeds },
  PresentValue: { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.PresentValue },
  HandleObjections: {
    kind: 'response',
    withinSentences: 3,
    triggers: PHRASES.HandleObjections.triggers,
    responses: PHRASES.HandleObjections.responses,
  },
  RecommendSolution: {
    kind: 'evidence',
    aggregate: 'once',
    tau: 1,
    rules: RULES.RecommendSolution,
    classifier: { model: 'suggestion', role: 'for', weight: 0.7, threshold: 0.5, graded: 0.15 },
  },
  CreateUrgency: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.CreateUrgency },
  AskForCommitment: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.AskForCommitment },
  OfferAdditionalProducts: {
    kind: 'evidence',
    aggregate: 'once',
    tau: 1,
    rules: RULES.OfferAdditionalProducts,
  },
  ConfirmNextSteps: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.ConfirmNextSteps },
  Vulnerability: {
    kind: 'anyOf',
    models: ['Health', 'Bereavement', 'FinancialHardship', 'EmotionalDistress', 'Capability', 'LifeEvent'],
  },
  Health: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Health },
  Bereavement: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Bereavement },
  FinancialHardship: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.FinancialHardship },
  EmotionalDistress: {
    kind: 'distress',
    floor: 0.35,
    rules: RULES.EmotionalDistress,
    classifier: { model: 'distress', role: 'for', weight: 0.8, threshold: 0.5, reads: 'passage' },
  },
  Capability: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Capability },
  LifeEvent: { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.LifeEvent },
};

function methodOf(name: string): ScoringMethod {
  const method = METHODS[name];
  if (method === undefined) throw new Error(`the catalogue's model ${name} has no scoring method`);
  return method;
}

/** The public catalogue with a scoring method on every model. */
export const CATALOG: readonly BundleDefinition[] = MODEL_CATALOG.map((bundle) => ({
  ...bundle,
  models: bundle.models.map((model) => ({ ...model, method: methodOf(model.name) })),
}));

/** Every model by name, for lookups such as `anyOf`. */
export function findModel(name: string): ModelDefinition | undefined {
  for (const bundle of CATALOG) {
    const model = bundle.models.find((m) => m.name === name);
    if (model) return model;
  }
  return undefined;
}

export { bandOf } from '@parley/contract/core';
