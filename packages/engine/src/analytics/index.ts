import { existsSync } from 'node:fs';
import type { Analyzer, ComponentStatus } from '../engine.js';
import { createAnalyzerWith } from './analyzer.js';
import { CATALOG } from './catalog.js';
import { loadLinearModel, resolveModelFile, type LinearModel } from './linear.js';
import {
  EMOTION_MODEL_DIR,
  SENTIMENT_MODEL_DIR,
  createLexiconClassifier,
  fastTextFiles,
  loadFastTextClassifier,
  type SentenceClassifier,
} from './classifier.js';

export interface AnalyzerOptions {
  /** Directory holding sentiment-fasttext-en/ and emotion-fasttext-en/; undefined uses the lexicon fallback. */
  modelsDir: string | undefined;
}

const COMPONENT = 'cx-ai analytics';

/**
 * Loads the fastText models once. When the sentiment files are absent the analyzer still works on
 * the AFINN lexicon, and status() says what is missing and where it goes.
 */
export async function createAnalyzer(options: AnalyzerOptions): Promise<Analyzer> {
  const status: ComponentStatus[] = [];
  let classifier: SentenceClassifier;
  const files = options.modelsDir === undefined ? undefined : fastTextFiles(options.modelsDir);
  const missing = files ? files.sentiment.filter((path) => !existsSync(path)) : [];
  if (files && missing.length === 0) {
    const emotion = existsSync(files.emotion) ? files.emotion : undefined;
    classifier = await loadFastTextClassifier(files.sentiment, emotion);
    status.push({ name: COMPONENT, ready: true, detail: classifier.detail });
    if (emotion === undefined) {
      status.push({
        name: `${COMPONENT} emotion`,
        ready: false,
        detail: 'EmotionalDistress uses sentiment only',
        remedy: `put emotion.ftz in ${options.modelsDir}/${EMOTION_MODEL_DIR}/`,
      });
    }
  } else {
    classifier = createLexiconClassifier();
    const where =
      options.modelsDir === undefined
        ? `set the models directory and put tweets.ftz and conv.ftz in <modelsDir>/${SENTIMENT_MODEL_DIR}/ (emotion.ftz in <modelsDir>/${EMOTION_MODEL_DIR}/)`
        : `put ${missing.join(', ')} in place (emotion.ftz in ${options.modelsDir}/${EMOTION_MODEL_DIR}/)`;
    status.push({
      name: COMPONENT,
      ready: true,
      detail: `${classifier.detail}; fastText sentiment model files not found, scores are less accurate`,
      remedy: where,
    });
  }
  const linear = loadSentenceModels(options.modelsDir, status);
  return createAnalyzerWith(classifier, { status }, CATALOG, linear);
}

/** The trained sentence models the catalog uses; a missing one leaves its models on rules alone. */
export const SENTENCE_MODELS = [
  'empathy',
  'rudeness',
  'polarity',
  'suggestion',
  'listening',
  'distress',
  'frustration',
] as const;

function loadSentenceModels(
  modelsDir: string | undefined,
  status: ComponentStatus[],
): Map<string, LinearModel> {
  const loaded = new Map<string, LinearModel>();
  const missing: string[] = [];
  for (const name of SENTENCE_MODELS) {
    const path = resolveModelFile(name, 'model.json', modelsDir);
    if (!existsSync(path)) {
      missing.push(path);
      continue;
    }
    loaded.set(name, loadLinearModel(path));
  }
  status.push(
    missing.length === 0
      ? { name: `${COMPONENT} sentence models`, ready: true, detail: `${SENTENCE_MODELS.join(', ')} loaded` }
      : {
          name: `${COMPONENT} sentence models`,
          ready: false,
          detail: 'behaviour models run on their rules alone',
          remedy: `restore ${missing.join(', ')} (npm run train:<name>)`,
        },
  );
  return loaded;
}

export { createAnalyzerWith } from './analyzer.js';
/** Sentence features and the tone aggregation, for the evaluation and tuning scripts. */
export { FeatureExtractor, type SentenceFeatures } from './features.js';
export { toneScore, type ToneAggregation } from './scoring.js';
export {
  CATALOG as CX_AI_CATALOG,
  bandOf,
  type Band as ScoreBand,
  type BundleDefinition,
  type ClassifierUse,
  type ModelDefinition,
  type ScoringMethod,
  type Speaker as ModelSpeaker,
} from './catalog.js';
export {
  createLexiconClassifier,
  loadFastTextClassifier,
  type SentenceClassifier,
  type SentimentProbabilities,
} from './classifier.js';
/** The text normaliser of the fastText sentiment and emotion models. */
export { normalizeText as normalizeForTextModels } from './normalize.js';
export {
  featuresOf,
  linearModelFrom,
  loadLinearModel,
  resolveModelFile,
  type LinearModel,
  type LinearModelFile,
} from './linear.js';
export { tokensOf as tokensOfNormalized } from './reader.js';
export { conversationOf, runSuite, type PairItem, type PairResult, type PairSuite } from './pairs.js';
