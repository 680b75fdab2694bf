import type { AnalyticsEvidence, Analyzer, ComponentStatus } from '../engine.js';
import type { Conversation, EnlightenBundle, ModelScore, ParticipantScope } from '../types.js';
import { PARTICIPANT_SCOPES } from '../types.js';
import { CATALOG, type BundleDefinition, type ModelDefinition, type Speaker } from './catalog.js';
import type { SentenceClassifier } from './classifier.js';
import { explainScope } from './explain.js';
import { FeatureExtractor, type ConversationFeatures } from './features.js';
import type { LinearModel } from './linear.js';
import { createWindowScorer, type SentenceFilter, type WindowScorer } from './scoring.js';
import { measureModel } from './windows.js';

const ROLE_OF: Record<Exclude<Speaker, 'scope'>, ParticipantScope> = {
  agent: 'participantOne',
  customer: 'participantTwo',
};

/**
 * Whose sentences are evidence for a model in a scope. Without speaker separation (mono audio)
 * every sentence belongs to allParticipants, so it stands in for both agent and customer there.
 */
function speakerFilter(
  speaker: Speaker,
  scope: ParticipantScope,
  features: ConversationFeatures,
): SentenceFilter {
  if (speaker === 'scope') {
    return scope === 'allParticipants' ? () => true : (s) => s.participant === scope;
  }
  if (!features.separated) return () => true;
  const role = ROLE_OF[speaker];
  return (s) => s.participant === role;
}

function counterpartFilter(speaker: Speaker, features: ConversationFeatures): SentenceFilter {
  if (!features.separated) return () => true;
  if (speaker === 'agent') return (s) => s.participant === ROLE_OF.customer;
  if (speaker === 'customer') return (s) => s.participant === ROLE_OF.agent;
  return () => true;
}

export interface AnalyzerDetails {
  /** Extra status lines, e.g. why the lexicon fallback is in use. */
  status: ComponentStatus[];
}

function scopeHasSpeech(scope: ParticipantScope, features: ConversationFeatures): boolean {
  return scope === 'allParticipants' || features.sentences.some((s) => s.participant === scope);
}

/** Scores one scope: every bundle with at least one model that applies to it. */
function analyzeScope(
  scope: ParticipantScope,
  features: ConversationFeatures,
  catalog: readonly BundleDefinition[],
  models: ReadonlyMap<string, ModelDefinition>,
): EnlightenBundle[] {
  if (!scopeHasSpeech(scope, features)) return [];
  const scorers = new Map<string, WindowScorer>();
  const scorerOf = (name: string): WindowScorer | undefined => {
    const cached = scorers.get(name);
    if (cached) return cached;
    const model = models.get(name);
    if (!model) return undefined;
    const scorer = createWindowScorer(model, {
      features,
      speaker: speakerFilter(model.speaker, scope, features),
      counterpart: counterpartFilter(model.speaker, features),
      scorerOf,
    });
    scorers.set(name, scorer);
    return scorer;
  };

  const bundles: EnlightenBundle[] = [];
  for (const bundle of catalog) {
    const scores: ModelScore[] = [];
    for (const model of bundle.models) {
      if (!model.scopes.includes(scope)) continue;
      const scorer = scorerOf(model.name);
      if (!scorer) continue;
      const measured = measureModel(
        features,
        scorer,
        speakerFilter(model.speaker, scope, features),
        model.prior,
      );
      scores.push({ name: model.name, ...measured });
    }
    if (scores.length > 0) bundles.push({ name: bundle.name, models: scores });
  }
  return bundles;
}

/** The analyzer over a loaded sentence classifier; synchronous and deterministic. */
export function createAnalyzerWith(
  classifier: SentenceClassifier,
  details: AnalyzerDetails,
  catalog: readonly BundleDefinition[] = CATALOG,
  linearModels: ReadonlyMap<string, LinearModel> = new Map(),
): Analyzer {
  const extractor = new FeatureExtractor(catalog, classifier, linearModels);
  const models = new Map<string, ModelDefinition>();
  for (const bundle of catalog) for (const model of bundle.models) models.set(model.name, model);
  return {
    analyze(conversation: Conversation): Record<ParticipantScope, EnlightenBundle[]> {
      const features = extractor.extract(conversation);
      const result = {} as Record<ParticipantScope, EnlightenBundle[]>;
      for (const scope of PARTICIPANT_SCOPES) result[scope] = analyzeScope(scope, features, catalog, models);
      return result;
    },
    status(): ComponentStatus[] {
      return details.status;
    },
    explain(conversation: Conversation): AnalyticsEvidence {
      const features = extractor.extract(conversation);
      const result = {} as AnalyticsEvidence;
      for (const scope of PARTICIPANT_SCOPES) {
        result[scope] = scopeHasSpeech(scope, features)
          ? explainScope(scope, features, catalog, (m) => speakerFilter(m.speaker, scope, features))
          : [];
      }
      return result;
    },
  };
}
