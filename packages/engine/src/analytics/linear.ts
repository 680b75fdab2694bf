/**
 * Small sentence classifiers: logistic regression over hashed word and word-pair features
 * (fastText-style, without embeddings). Training lives in packages/engine/train; the files are
 * in the repository's models/ folder. Featurising and scoring are one pass over the tokens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAUSE_BREAKS, isNegator } from './reader.js';

export interface LinearModelFile {
  format: 'parley-linear-1';
  name: string;
  /** Number of hash buckets (a power of two). */
  buckets: number;
  bias: number;
  /** Weights as signed bytes, base64; weight = byte × scale. */
  scale: number;
  weights: string;
  /** P(label) at or above which the sentence counts as showing it (chosen on the tuning split). */
  threshold: number;
  label: string;
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashed features of a tokenised sentence: words, word pairs, and words in the scope of a
 * negation marked as such ("not … happy" is not "happy"), plus a bias-like length bucket.
 */
export function featuresOf(tokens: readonly string[], buckets: number): number[] {
  const mask = buckets - 1;
  const out: number[] = [];
  let negated = false;
  let previous = '<s>';
  for (const token of tokens) {
    if (CLAUSE_BREAKS.has(token)) negated = false;
    const word = negated ? `!${token}` : token;
    out.push(hash(`w:${word}`) & mask);
    out.push(hash(`b:${previous} ${token}`) & mask);
    if (isNegator(token)) negated = true;
    previous = token;
  }
  out.push(hash(`b:${previous} </s>`) & mask);
  return out;
}

export interface LinearModel {
  readonly name: string;
  readonly label: string;
  readonly threshold: number;
  probability(tokens: readonly string[]): number;
}

export function linearModelFrom(file: LinearModelFile): LinearModel {
  if (file.format !== 'parley-linear-1') throw new Error(`${file.name}: unknown model format ${String(file.format)}`);
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== file.buckets) throw new Error(`${file.name}: ${bytes.length} weights for ${file.buckets} buckets`);
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    name: file.name,
    label: file.label,
    threshold: file.threshold,
    probability(tokens) {
      let z = file.bias;
      for (const f of featuresOf(tokens, file.buckets)) z += (weights[f] ?? 0) * file.scale;
      return 1 / (1 + Math.exp(-z));
    },
  };
}

/** The repository's models/ folder, where the trained text models ship. */
export function bundledModelsDir(): string {
  // src/analytics/ and dist/analytics/ are both four levels below the repository root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../models');
}

/**
 * Where a model's folder is: under the configured models directory when it holds the model
 * (an operator's override), otherwise in the repository's models/ folder.
 */
export function resolveModelFile(name: string, file: string, modelsDir: string | undefined): string {
  const candidates = [modelsDir, bundledModelsDir()].filter((d): d is string => d !== undefined);
  for (const dir of candidates) {
    const path = join(dir, name, file);
    if (existsSync(path)) return path;
  }
  return join(bundledModelsDir(), name, file);
}

export function loadLinearModel(path: string): LinearModel {
  return linearModelFrom(JSON.parse(readFileSync(path, 'utf8')) as LinearModelFile);
}
