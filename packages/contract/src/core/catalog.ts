/**
 * The CX AI model catalogue as clients see it: every bundle and model, what each measures, whose
 * speech is evidence, the score with no evidence, and the bands a score falls in. How a model is
 * scored stays in the engine (analytics/catalog.ts), which adds a method to each model named here.
 *
 * One scale everywhere: 0–100. Customer Satisfaction and Sales Effectiveness: higher is better
 * (for Interruption and InappropriateAction, 100 means the behaviour did not happen).
 * Vulnerable Customer: higher means stronger evidence of vulnerability.
 */
import type { ParticipantScope } from './names.js';

/** Upper bound inclusive; the lower bound is the previous band's `upTo`, exclusive (the first band includes 0). */
export interface Band {
  upTo: number;
  label: string;
  meaning: string;
}

/** Whose sentences are evidence: the agent (participantOne), the customer (participantTwo), or whoever the scope is. */
export type Speaker = 'agent' | 'customer' | 'scope';

export interface ModelInfo {
  name: string;
  title: string;
  measures: string;
  speaker: Speaker;
  /** The scopes whose bundles list this model. */
  scopes: readonly ParticipantScope[];
  /** Score when there is no evidence at all (nothing said by the speaker, or not measurable in this medium). */
  prior: number;
  bands: readonly Band[];
}

export interface BundleInfo {
  name: string;
  description: string;
  models: readonly ModelInfo[];
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
  bands: readonly Band[] = BEHAVIOUR_BANDS,
): ModelInfo {
  return { name, title, measures, speaker: 'agent', scopes: AGENT, prior: 50, bands };
}

function vulnerability(name: string, title: string, measures: string): ModelInfo {
  return {
    name,
    title,
    measures,
    speaker: 'customer',
    scopes: CUSTOMER,
    prior: 0,
    bands: VULNERABILITY_BANDS,
  };
}

export const CUSTOMER_SATISFACTION: BundleInfo = {
  name: 'Customer Satisfaction',
  description:
    'How the interaction felt (sentiment per participant) and the 11 agent behaviours that drive customer satisfaction.',
  models: [
    {
      name: 'Sentiment',
      title: 'Overall Sentiment',
      measures:
        'Tone of what the participant said, 0–100, 50 neutral: fastText sentence sentiment mixed with the polarity model (for the customer also the AFINN lexicon and a frustration model trained on customer-care chats), read so that an apology or empathy is never negative, rudeness is negative, frustration with the company (complaint words, capitals, “!”) counts as negative and matter-of-fact talk as neutral; clearly toned and later sentences weigh more.',
      speaker: 'scope',
      scopes: EVERYONE,
      prior: 50,
      bands: SENTIMENT_BANDS,
    },
    agentBehaviour(
      'SpeechVelocity',
      'Speech Velocity',
      'Agent speaking rate in words per minute of the agent’s own speaking time (audio and timed transcripts). Chat has no speaking time: not measurable, neutral 50.',
      PACE_BANDS,
    ),
    agentBehaviour(
      'ActiveListening',
      'Active Listening',
      'Acknowledging, restating in other words and confirming what the customer just said, with little dead air (gaps over 3 s where nobody speaks; audio and transcripts only).',
    ),
    agentBehaviour(
      'BeEmpathetic',
      'Be Empathetic',
      'Recognising the customer’s feelings and situation: apologies, “I understand how frustrating”, reassurance.',
    ),
    agentBehaviour(
      'Interruption',
      'Interruption',
      'How rarely the agent starts a turn while the customer is still talking: the customer was speaking within 250 ms before and keeps speaking at least 300 ms after the agent starts (overlapping word timings; sentence spans when words carry no times). 100 = never. Chat (no timeline) and mono audio (sides not separated): not measurable, neutral 50.',
      AVOIDANCE_BANDS,
    ),
    agentBehaviour(
      'DemonstrateOwnership',
      'Demonstrate Ownership',
      'The agent takes personal responsibility for resolving the issue (“I will”, “let me”, “I’ve gone ahead”) rather than deflecting it.',
    ),
    agentBehaviour(
      'BuildRapport',
      'Build Rapport',
      'Courtesy and personal connection: greetings, thanks, please, well-wishes, warmth, and staying courteous throughout (the rudeness model’s reading of every line); rude or curt lines count against it.',
    ),
    agentBehaviour(
      'SetExpectations',
      'Set Expectations',
      'Telling the customer what will happen next and when: time frames, next steps, what they will receive.',
    ),
    agentBehaviour(
      'EffectiveQuestioning',
      'Effective Questioning',
      'The agent asks questions to understand the issue; open questions (what, how, why, tell me…) count fully, closed ones half.',
    ),
    agentBehaviour(
      'PromoteSelfService',
      'Promote Self-service',
      'Pointing the customer to channels they can use themselves next time: website, app, online account, help centre, links.',
    ),
    agentBehaviour(
      'AcknowledgeLoyalty',
      'Acknowledge Loyalty',
      'Recognising the customer’s relationship with the company: tenure, valued customer, thanks for their business.',
    ),
    agentBehaviour(
      'InappropriateAction',
      'Inappropriate Action',
      'Rude, dismissive, blaming or unprofessional language from the agent (clearing the customer of blame is not blame). 100 = none.',
      AVOIDANCE_BANDS,
    ),
  ],
};

export const SALES_EFFECTIVENESS: BundleInfo = {
  name: 'Sales Effectiveness',
  description:
    'Eight agent behaviours of a good sales conversation, from uncovering needs to asking for the commitment.',
  models: [
    agentBehaviour(
      'DiscoverNeeds',
      'Discover Needs',
      'Asking about the customer’s situation, goals and requirements before proposing anything.',
    ),
    agentBehaviour(
      'PresentValue',
      'Present Value',
      'Explaining what the offer does for this customer: benefits, savings, outcomes — not just features.',
    ),
    agentBehaviour(
      'HandleObjections',
      'Handle Objections',
      'When the customer raises a concern (price, timing, competitor, doubt), the agent acknowledges and answers it within the next few agent sentences. No concern raised: not applicable, neutral 50.',
    ),
    agentBehaviour(
      'RecommendSolution',
      'Recommend Solution',
      'Making a clear, tailored recommendation that links back to what the customer said: recommendation phrases, and suggestions in any wording as the suggestion model reads them (“maybe give the desktop site a go”).',
    ),
    agentBehaviour(
      'CreateUrgency',
      'Create Urgency',
      'Giving an honest reason to act now: time-limited offers, availability, deadlines.',
    ),
    agentBehaviour(
      'AskForCommitment',
      'Ask for Commitment',
      'Asking the customer to decide: go ahead, sign up, place the order, book it.',
    ),
    agentBehaviour(
      'OfferAdditionalProducts',
      'Offer Additional Products',
      'Relevant cross-sell or upsell: add-ons, upgrades, bundles, complementary products.',
    ),
    agentBehaviour(
      'ConfirmNextSteps',
      'Confirm Next Steps',
      'Summarising what was agreed and confirming what happens next before closing.',
    ),
  ],
};

export const VULNERABLE_CUSTOMER: BundleInfo = {
  name: 'Vulnerable Customer',
  description:
    'Signs that the customer may be in vulnerable circumstances (the FCA’s drivers: health, life events, resilience, capability), for follow-up by a person. Higher = stronger evidence. A mention is enough; these are indicators, not diagnoses.',
  models: [
    vulnerability(
      'Vulnerability',
      'Overall vulnerability',
      'Any of the indicators below, combined: 100 × (1 − Π(1 − indicator ÷ 100)).',
    ),
    vulnerability(
      'Health',
      'Health',
      'Physical or mental illness, disability, treatment, hospital stays, caring for someone.',
    ),
    vulnerability(
      'Bereavement',
      'Bereavement',
      'A death of someone close, funerals, dealing with an estate.',
    ),
    vulnerability(
      'FinancialHardship',
      'Financial Hardship',
      'Difficulty paying: debt, arrears, lost income, benefits, payment plans.',
    ),
    vulnerability(
      'EmotionalDistress',
      'Emotional Distress',
      'Distress in the customer’s language: fastText negative sentiment and sadness or fear (emotion model; anger at a company is not distress), the distress model’s reading of each customer sentence with the sentences before it in the turn, plus explicit statements such as “I can’t cope”.',
    ),
    vulnerability(
      'Capability',
      'Capability',
      'Difficulty understanding or using the service: age, language, literacy, hearing/sight, digital skills, confusion, asking to repeat or slow down.',
    ),
    vulnerability(
      'LifeEvent',
      'Life Event',
      'Major changes that strain resilience: divorce or separation, new baby, moving, job loss, retirement, crime or fraud victim, abuse, homelessness.',
    ),
  ],
};

/** Every bundle, in the order results list them. */
export const MODEL_CATALOG: readonly BundleInfo[] = [
  CUSTOMER_SATISFACTION,
  SALES_EFFECTIVENESS,
  VULNERABLE_CUSTOMER,
];

/** A model by name, whichever bundle lists it. */
export function findModelInfo(name: string): ModelInfo | undefined {
  for (const bundle of MODEL_CATALOG) {
    const model = bundle.models.find((m) => m.name === name);
    if (model) return model;
  }
  return undefined;
}

/** The band a score falls in (lower bound exclusive, upper inclusive; the first band includes its lower end). */
export function bandOf(model: Pick<ModelInfo, 'bands'>, score: number): Band | undefined {
  return model.bands.find((band) => score <= band.upTo);
}
