/**
 * Logistic regression over hashed features (the engine's `featuresOf`), trained with AdaGrad
 * SGD in a fixed, seeded order so the same data gives the same file byte for byte.
 */
import { featuresOf, type LinearModelFile } from '@parley/engine';

export interface Example {
  tokens: string[];
  label: 0 | 1;
}

export interface TrainOptions {
  name: string;
  label: string;
  buckets: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** Mulberry32: a small deterministic PRNG for the shuffles. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export interface Trained {
  weights: Float64Array;
  bias: number;
  predict(tokens: readonly string[]): number;
}

export function train(examples: readonly Example[], options: TrainOptions): Trained {
  const weights = new Float64Array(options.buckets);
  const squares = new Float64Array(options.buckets).fill(1e-8);
  let bias = 0;
  let biasSquare = 1e-8;
  // Class weights so a rare label is not ignored.
  const positives = examples.filter((e) => e.label === 1).length;
  const wPos = examples.length / (2 * Math.max(1, positives));
  const wNeg = examples.length / (2 * Math.max(1, examples.length - positives));
  const featurised = examples.map((e) => ({ f: featuresOf(e.tokens, options.buckets), y: e.label }));
  const random = seededRandom(options.seed);
  const order = featurised.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { f, y } = featurised[i] as { f: number[]; y: 0 | 1 };
      let z = bias;
      for (const k of f) z += weights[k] ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - y) * (y === 1 ? wPos : wNeg);
      for (const k of f) {
        const grad = g + options.l2 * (weights[k] ?? 0);
        squares[k] = (squares[k] ?? 0) + grad * grad;
        weights[k] = (weights[k] ?? 0) - (options.learningRate * grad) / Math.sqrt(squares[k] ?? 1);
      }
      biasSquare += g * g;
      bias -= (options.learningRate * g) / Math.sqrt(biasSquare);
    }
  }
  return {
    weights,
    bias,
    predict(tokens) {
      let z = bias;
      for (const k of featuresOf(tokens, options.buckets)) z += weights[k] ?? 0;
      return 1 / (1 + Math.exp(-z));
    },
  };
}

/** The threshold with the best F1 on the tuning split. */
export function bestThreshold(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let t = 0.05; t < 0.96; t += 0.01) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      const y = labels[i];
      if (s >= t && y === 1) tp++;
      else if (s >= t) fp++;
      else if (y === 1) fn++;
    });
    const f1 = (2 * tp) / Math.max(1, 2 * tp + fp + fn);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** Quantises to signed bytes so a 2^18-bucket model is 256 KiB before base64. */
export function toFile(trained: Trained, options: TrainOptions, threshold: number): LinearModelFile {
  let max = 0;
  for (const w of trained.weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 127;
  const bytes = new Int8Array(trained.weights.length);
  trained.weights.forEach((w, i) => {
    bytes[i] = Math.max(-127, Math.min(127, Math.round(w / scale)));
  });
  return {
    format: 'parley-linear-1',
    name: options.name,
    label: options.label,
    buckets: options.buckets,
    bias: trained.bias,
    scale,
    weights: Buffer.from(bytes.buffer).toString('base64'),
    threshold,
  };
}
