/**
 * The CX AI model catalog: every bundle, model, what it measures, whose speech is evidence, how
 * it is scored, its bands and its cue phrases. This is the only place these decisions live;
 * the scorers read it and docs/analytics.md is printed from it (`npm run eval:analytics -- --catalog`).
 *
 * One scale everywhere: 0–100. Customer Satisfaction and Sales Effectiveness: higher is better
 * (for Interruption and InappropriateAction, 100 means the behaviour did not happen).
 * Vulnerable Customer: higher means stronger evidence of vulnerability.
 *
 * The cue phrases themselves are data in phrases.ts, beside this file.
 */
import type { ParticipantScope } from '../types.js';
import { PHRASES } from './phrases.js';
import { RULES, type RuleSet } from './rules.js';

/** Upper bound inclusive; the lower bound is the previous band's `upTo`, exclusive (the first band includes 0). */
export interface Band {
  upTo: number;
  label: string;
  meaning: string;
}

/** Whose sentences are evidence: the agent (participantOne), the customer (participantTwo), or whoever the scope is. */
export type Speaker = 'agent' | 'customer' | 'scope';

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
   * than sentences, each sentence with up to two sentences before it from the same turn.
   */
  reads?: 'sentence' | 'passage';
}

export type ScoringMethod =
  /**
   * 50 + 50 × weighted mean of the sentence tone over the speaker's sentences. The tone is
   * P(positive) − P(negative) of the fastText models, mixed with the `polarity` model's
   * 2 × P(positive) − 1 (share `polarityWeight`) when it is loaded; empathy never reads negative, rudeness never positive.
   * Frustration with the company lowers it: `frustrationWeight` × the `rules` evidence against,
   * plus `shoutWeight` per word in capitals and per "!" (at most three of each).
   */
  | {
      kind: 'sentiment';
      rules: RuleSet;
      /** Share of the polarity model in the tone (the rest is fastText). */
      polarityWeight: number;
      frustrationWeight: number;
      shoutWeight: number;
      /** Weight of a sentence × (1 + emphasis × |tone|)². */
      emphasis: number;
      /** The neutral pseudo-sentence weighs as much as a 5-word sentence of this tone strength. */
      priorTone: number;
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

export interface ModelDefinition {
  name: string;
  title: string;
  measures: string;
  speaker: Speaker;
  /** The scopes whose bundles list this model. */
  scopes: readonly ParticipantScope[];
  /** Score when there is no evidence at all (nothing said by the speaker, or not measurable in this medium). */
  prior: number;
  bands: readonly Band[];
  method: ScoringMethod;
}

export interface BundleDefinition {
  name: string;
  description: string;
  models: readonly ModelDefinition[];
}

export const SENTIMENT_BANDS: readonly Band[] = [
  { upTo: 20, label: 'Very negative', meaning: 'Clearly upset, angry or disappointed language dominates.' },
  { upTo: 40, label: 'Negative', meaning: 'More negative than positive language.' },
  { upTo: 60, label: 'Neutral', meaning: 'Matter-of-fact, or positive and negative balance out.' },
  { upTo: 80, label: 'Positive', meaning: 'More positive than negative language.' },
  { upTo: 100, label: 'Very positive', meaning: 'Thanks, praise and satisfaction dominate.' },
];

export const BEHAVIOUR_BANDS: readonly Band[] = [
  {
    upTo: 30,
    label: 'Not demonstrated',
    meaning: 'Little or no evidence of the behaviour; a coaching opportunity.',
  },
  {
    upTo: 70,
    label: 'Partly demonstrated',
    meaning: 'Some evidence, not consistently through the interaction.',
  },
  { upTo: 100, label: 'Demonstrated', meaning: 'Clear, repeated evidence of the behaviour.' },
];

export const AVOIDANCE_BANDS: readonly Band[] = [
  { upTo: 30, label: 'Frequent', meaning: 'The behaviour happened repeatedly; review the interaction.' },
  { upTo: 70, label: 'Occasional', meaning: 'The behaviour happened now and then.' },
  { upTo: 100, label: 'Rare or none', meaning: 'The behaviour was absent or isolated.' },
];

export const PACE_BANDS: readonly Band[] = [
  { upTo: 30, label: 'Far off pace', meaning: 'Much too fast or too slow to follow comfortably.' },
  { upTo: 70, label: 'Off pace', meaning: 'Somewhat fast or slow.' },
  { upTo: 100, label: 'Comfortable pace', meaning: 'Within or near 130–170 words per minute.' },
];

export const VULNERABILITY_BANDS: readonly Band[] = [
  { upTo: 30, label: 'No indication', meaning: 'Nothing in the conversation points to this vulnerability.' },
  { upTo: 70, label: 'Possible', meaning: 'Some indication; worth a look by a person.' },
  {
    upTo: 100,
    label: 'Strong indication',
    meaning: 'Clear disclosure; follow the vulnerable-customer procedure.',
  },
];

const EVERYONE: readonly ParticipantScope[] = ['allParticipants', 'participantOne', 'participantTwo'];
const AGENT: readonly ParticipantScope[] = ['allParticipants', 'participantOne'];
const CUSTOMER: readonly ParticipantScope[] = ['allParticipants', 'participantTwo'];

function agentBehaviour(
  name: string,
  title: string,
  measures: string,
  method: ScoringMethod,
  bands: readonly Band[] = BEHAVIOUR_BANDS,
): ModelDefinition {
  return { name, title, measures, speaker: 'agent', scopes: AGENT, prior: 50, bands, method };
}

function vulnerability(
  name: string,
  title: string,
  measures: string,
  method: ScoringMethod,
): ModelDefinition {
  return {
    name,
    title,
    measures,
    speaker: 'customer',
    scopes: CUSTOMER,
    prior: 0,
    bands: VULNERABILITY_BANDS,
    method,
  };
}

export const CUSTOMER_SATISFACTION: BundleDefinition = {
  name: 'Customer Satisfaction',
  description:
    'How the interaction felt (sentiment per participant) and the 11 agent behaviours that drive customer satisfaction.',
  models: [
    {
      name: 'Sentiment',
      title: 'Overall Sentiment',
      measures:
        'Tone of what the participant said, 0–100, 50 neutral: fastText sentence sentiment mixed with the polarity model, read so that an apology or empathy is never negative, rudeness is never positive, and frustration with the company (complaint words, capitals, “!”) counts as negative.',
      speaker: 'scope',
      scopes: EVERYONE,
      prior: 50,
      bands: SENTIMENT_BANDS,
      method: {
        kind: 'sentiment',
        rules: RULES.Sentiment,
        polarityWeight: 0.25,
        frustrationWeight: 0.5,
        shoutWeight: 0.1,
        emphasis: 0,
        priorTone: 0,
      },
    },
    agentBehaviour(
      'SpeechVelocity',
      'Speech Velocity',
      'Agent speaking rate in words per minute of the agent’s own speaking time (audio and timed transcripts). Chat has no speaking time: not measurable, neutral 50.',
      { kind: 'speechRate', idealWpm: [130, 170], zeroWpm: [60, 260] },
      PACE_BANDS,
    ),
    agentBehaviour(
      'ActiveListening',
      'Active Listening',
      'Acknowledging, restating in other words and confirming what the customer just said, with little dead air (gaps over 3 s where nobody speaks; audio and transcripts only).',
      {
        kind: 'evidence',
        aggregate: 'rate',
        tau: 1,
        restatement: true,
        deadAirWeight: 0.25,
        rules: RULES.ActiveListening,
      },
    ),
    agentBehaviour(
      'BeEmpathetic',
      'Be Empathetic',
      'Recognising the customer’s feelings and situation: apologies, “I understand how frustrating”, reassurance.',
      {
        kind: 'evidence',
        aggregate: 'rate',
        tau: 1,
        rules: RULES.BeEmpathetic,
        classifier: { model: 'empathy', role: 'for', weight: 0.6, threshold: 0.8, graded: 0.15 },
      },
    ),
    agentBehaviour(
      'Interruption',
      'Interruption',
      'How rarely the agent starts a turn while the customer is still talking: the customer was speaking within 250 ms before and keeps speaking at least 300 ms after the agent starts (overlapping word timings; sentence spans when words carry no times). 100 = never. Chat (no timeline) and mono audio (sides not separated): not measurable, neutral 50.',
      { kind: 'interruptions', tau: 0.15, minOverlapMs: 300 },
      AVOIDANCE_BANDS,
    ),
    agentBehaviour(
      'DemonstrateOwnership',
      'Demonstrate Ownership',
      'The agent takes personal responsibility for resolving the issue (“I will”, “let me”, “I’ve gone ahead”) rather than deflecting it.',
      { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.DemonstrateOwnership },
    ),
    agentBehaviour(
      'BuildRapport',
      'Build Rapport',
      'Courtesy and personal connection: greetings, thanks, please, well-wishes, warmth, and staying courteous throughout (the rudeness model’s reading of every line); rude or curt lines count against it.',
      {
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
    ),
    agentBehaviour(
      'SetExpectations',
      'Set Expectations',
      'Telling the customer what will happen next and when: time frames, next steps, what they will receive.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.SetExpectations },
    ),
    agentBehaviour(
      'EffectiveQuestioning',
      'Effective Questioning',
      'The agent asks questions to understand the issue; open questions (what, how, why, tell me…) count fully, closed ones half.',
      {
        kind: 'questions',
        tau: 0.35,
        closedWeight: 0.5,
        openers: PHRASES.EffectiveQuestioning.openers,
      },
    ),
    agentBehaviour(
      'PromoteSelfService',
      'Promote Self-service',
      'Pointing the customer to channels they can use themselves next time: website, app, online account, help centre, links.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.PromoteSelfService },
    ),
    agentBehaviour(
      'AcknowledgeLoyalty',
      'Acknowledge Loyalty',
      'Recognising the customer’s relationship with the company: tenure, valued customer, thanks for their business.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.AcknowledgeLoyalty },
    ),
    agentBehaviour(
      'InappropriateAction',
      'Inappropriate Action',
      'Rude, dismissive, blaming or unprofessional language from the agent (clearing the customer of blame is not blame). 100 = none.',
      {
        kind: 'evidence',
        aggregate: 'absence',
        tau: 1.2,
        rules: RULES.InappropriateAction,
        classifier: { model: 'rudeness', role: 'against', weight: 0.8, threshold: 0.8, graded: 0.08 },
      },
      AVOIDANCE_BANDS,
    ),
  ],
};

export const SALES_EFFECTIVENESS: BundleDefinition = {
  name: 'Sales Effectiveness',
  description:
    'Eight agent behaviours of a good sales conversation, from uncovering needs to asking for the commitment.',
  models: [
    agentBehaviour(
      'DiscoverNeeds',
      'Discover Needs',
      'Asking about the customer’s situation, goals and requirements before proposing anything.',
      { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.DiscoverNeeds },
    ),
    agentBehaviour(
      'PresentValue',
      'Present Value',
      'Explaining what the offer does for this customer: benefits, savings, outcomes — not just features.',
      { kind: 'evidence', aggregate: 'rate', tau: 1, rules: RULES.PresentValue },
    ),
    agentBehaviour(
      'HandleObjections',
      'Handle Objections',
      'When the customer raises a concern (price, timing, competitor, doubt), the agent acknowledges and answers it within the next few agent sentences. No concern raised: not applicable, neutral 50.',
      {
        kind: 'response',
        withinSentences: 3,
        triggers: PHRASES.HandleObjections.triggers,
        responses: PHRASES.HandleObjections.responses,
      },
    ),
    agentBehaviour(
      'RecommendSolution',
      'Recommend Solution',
      'Making a clear, tailored recommendation that links back to what the customer said: recommendation phrases, and suggestions in any wording as the suggestion model reads them (“maybe give the desktop site a go”).',
      {
        kind: 'evidence',
        aggregate: 'once',
        tau: 1,
        rules: RULES.RecommendSolution,
        classifier: { model: 'suggestion', role: 'for', weight: 0.7, threshold: 0.5, graded: 0.15 },
      },
    ),
    agentBehaviour(
      'CreateUrgency',
      'Create Urgency',
      'Giving an honest reason to act now: time-limited offers, availability, deadlines.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.CreateUrgency },
    ),
    agentBehaviour(
      'AskForCommitment',
      'Ask for Commitment',
      'Asking the customer to decide: go ahead, sign up, place the order, book it.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.AskForCommitment },
    ),
    agentBehaviour(
      'OfferAdditionalProducts',
      'Offer Additional Products',
      'Relevant cross-sell or upsell: add-ons, upgrades, bundles, complementary products.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.OfferAdditionalProducts },
    ),
    agentBehaviour(
      'ConfirmNextSteps',
      'Confirm Next Steps',
      'Summarising what was agreed and confirming what happens next before closing.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.ConfirmNextSteps },
    ),
  ],
};

export const VULNERABLE_CUSTOMER: BundleDefinition = {
  name: 'Vulnerable Customer',
  description:
    'Signs that the customer may be in vulnerable circumstances (the FCA’s drivers: health, life events, resilience, capability), for follow-up by a person. Higher = stronger evidence. A mention is enough; these are indicators, not diagnoses.',
  models: [
    vulnerability(
      'Vulnerability',
      'Overall vulnerability',
      'Any of the indicators below, combined: 100 × (1 − Π(1 − indicator ÷ 100)).',
      {
        kind: 'anyOf',
        models: [
          'Health',
          'Bereavement',
          'FinancialHardship',
          'EmotionalDistress',
          'Capability',
          'LifeEvent',
        ],
      },
    ),
    vulnerability(
      'Health',
      'Health',
      'Physical or mental illness, disability, treatment, hospital stays, caring for someone.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Health },
    ),
    vulnerability(
      'Bereavement',
      'Bereavement',
      'A death of someone close, funerals, dealing with an estate.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Bereavement },
    ),
    vulnerability(
      'FinancialHardship',
      'Financial Hardship',
      'Difficulty paying: debt, arrears, lost income, benefits, payment plans.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.FinancialHardship },
    ),
    vulnerability(
      'EmotionalDistress',
      'Emotional Distress',
      'Distress in the customer’s language: fastText negative sentiment and sadness or fear (emotion model; anger at a company is not distress), the distress model’s reading of each customer sentence with the sentences before it in the turn, plus explicit statements such as “I can’t cope”.',
      {
        kind: 'distress',
        floor: 0.35,
        rules: RULES.EmotionalDistress,
        classifier: { model: 'distress', role: 'for', weight: 0.8, threshold: 0.5, reads: 'passage' },
      },
    ),
    vulnerability(
      'Capability',
      'Capability',
      'Difficulty understanding or using the service: age, language, literacy, hearing/sight, digital skills, confusion, asking to repeat or slow down.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.Capability },
    ),
    vulnerability(
      'LifeEvent',
      'Life Event',
      'Major changes that strain resilience: divorce or separation, new baby, moving, job loss, retirement, crime or fraud victim, abuse, homelessness.',
      { kind: 'evidence', aggregate: 'once', tau: 1, rules: RULES.LifeEvent },
    ),
  ],
};

export const CATALOG: readonly BundleDefinition[] = [
  CUSTOMER_SATISFACTION,
  SALES_EFFECTIVENESS,
  VULNERABLE_CUSTOMER,
];

/** Every model by name, for lookups such as `anyOf`. */
export function findModel(name: string): ModelDefinition | undefined {
  for (const bundle of CATALOG) {
    const model = bundle.models.find((m) => m.name === name);
    if (model) return model;
  }
  return undefined;
}

/** The band a score falls in (lower bound exclusive, upper inclusive; the first band includes its lower end). */
export function bandOf(model: ModelDefinition, score: number): Band | undefined {
  return model.bands.find((band) => score <= band.upTo);
}
