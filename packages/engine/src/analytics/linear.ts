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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the characters of `text`, continuing from `h`. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

const WORD = fnv(FNV_OFFSET, 'w:');
const PAIR = fnv(FNV_OFFSET, 'b:');
const NEGATED = fnv(WORD, '!');

/**
 * Hashed features of a tokenised sentence, as full 32-bit hashes (a model masks them to its
 * bucket count): words, word pairs, and words in the scope of a negation marked as such
 * ("not … happy" is not "happy"). One pass; no strings are built.
 */
export function hashesOf(tokens: readonly string[]): Uint32Array {
  const out = new Uint32Array(tokens.length * 2 + 1);
  let negated = false;
  let previous = fnv(PAIR, '<s>');
  let k = 0;
  for (const token of tokens) {
    if (CLAUSE_BREAKS.has(token)) negated = false;
    out[k++] = fnv(negated ? NEGATED : WORD, token) >>> 0;
    out[k++] = fnv(fnv(previous, ' '), token) >>> 0;
    if (isNegator(token)) negated = true;
    previous = fnv(PAIR, token);
  }
  out[k++] = fnv(fnv(previous, ' '), '</s>') >>> 0;
  return out;
}

/** The bucket of each feature for a model with `buckets` buckets (a power of two). */
export function featuresOf(tokens: readonly string[], buckets: number): number[] {
  const mask = buckets - 1;
  return Array.from(hashesOf(tokens), (h) => h & mask);
}

export interface LinearModel {
  readonly name: string;
  readonly label: string;
  readonly threshold: number;
  probability(tokens: readonly string[]): number;
  /** The same from `hashesOf(tokens)`, when several models read one sentence. */
  probabilityOfHashes(hashes: Uint32Array): number;
}

export function linearModelFrom(file: LinearModelFile): LinearModel {
  if (file.format !== 'parley-linear-1')
    throw new Error(`${file.name}: unknown model format ${String(file.format)}`);
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== file.buckets)
    throw new Error(`${file.name}: ${bytes.length} weights for ${file.buckets} buckets`);
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const mask = file.buckets - 1;
  const probabilityOfHashes = (hashes: Uint32Array): number => {
    let sum = 0;
    for (const h of hashes) sum += weights[h & mask] ?? 0;
    return 1 / (1 + Math.exp(-(file.bias + sum * file.scale)));
  };
  return {
    name: file.name,
    label: file.label,
    threshold: file.threshold,
    probability: (tokens) => probabilityOfHashes(hashesOf(tokens)),
    probabilityOfHashes,
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
