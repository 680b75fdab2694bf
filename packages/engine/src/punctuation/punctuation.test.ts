import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { BUNDLED_MODELS_DIR } from '../model-dirs.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantScope, Word } from '../types.js';
import { buildSentences, createPunctuator, looksPunctuated, modelFeatures } from './index.js';
import type { Punctuator } from './index.js';

const modelsDir =
  process.env.PARLEY_MODELS_DIR ?? fileURLToPath(new URL('../../../../../shared/models', import.meta.url));

/** Words 250 ms apart; a line starts after `pauseMs` of silence. */
function speech(lines: ReadonlyArray<[ParticipantScope, string, number]>): Word[] {
  const words: Word[] = [];
  let at = 0;
  for (const [participant, line, pauseMs] of lines) {
    at += pauseMs;
    line.split(' ').forEach((text, index) => {
      words.push({
        text,
        startMs: at,
        endMs: at + 200,
        confidence: index % 2 === 0 ? 0.8 : 0.6,
        participant,
      });
      at += 250;
    });
  }
  return words;
}

describe('modelFeatures', () => {
  it('builds the twelve tokens of the model README', () => {
    expect(modelFeatures(['hi', 'there'], 0)).toBe(
      'w0=hi p1=<s> p2=<s> n1=there n2=</s> n3=</s> b0=hi_there bp=<s>_hi bn=there_</s> tn=hi_there_</s> fs=0 fe=1',
    );
    const long = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(modelFeatures(long, 5).split(' ').slice(-2)).toEqual(['fs=4-6', 'fe=11-16']);
  });
});

describe('punctuation with the fastText model', () => {
  let punctuator: Punctuator;
  beforeAll(async () => {
    punctuator = await createPunctuator({ modelsDir });
  });

  it('loads the model', () => {
    expect(punctuator.status()).toMatchObject({ name: 'punctuation', ready: true });
    expect(punctuator.status().detail).toMatch(/fasttext/u);
  });

  it('turns raw recogniser text into capitalised sentences with final punctuation', () => {
    const words = speech([
      ['participantTwo', 'hi i am calling about my bill it was charged twice can you help me with that', 0],
      ['participantOne', 'sure what is your account number', 900],
    ]);
    const sentences = buildSentences(words, punctuator);
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    for (const sentence of sentences) {
      expect(sentence.text).toMatch(/^\p{Lu}/u);
      expect(sentence.text).toMatch(/[.?]$/u);
    }
    // The pronoun is truecased and the agent's turn ends in its own question.
    expect(sentences.map((s) => s.text).join(' ')).toMatch(/\bI am calling\b/u);
    const last = sentences[sentences.length - 1];
    expect(last?.participant).toBe('participantOne');
    expect(last?.text).toMatch(/account number\?$/u);
    // Every word is used exactly once, in order, and its span points at it in the text.
    expect(sentences.flatMap((s) => s.words.map((span) => span.word))).toEqual(
      [...words].sort((a, b) => a.startMs - b.startMs),
    );
    for (const sentence of sentences) {
      for (const span of sentence.words) {
        expect(sentence.text.slice(span.start, span.end).toLowerCase()).toBe(span.word.text);
      }
    }
  });
});

describe('titles', () => {
  it('keep their period without ending the sentence', async () => {
    const punctuator = await createPunctuator({ modelsDir });
    const words = speech([['allParticipants', 'and mr john dashwood had been at leisure to consider', 0]]);
    const [first, ...rest] = buildSentences(words, punctuator);
    expect(rest).toEqual([]);
    expect(first?.text).toMatch(/\bMr\. John\b/u);
  });
});

describe('punctuation without the model files', () => {
  let emptyDir: string;
  let punctuator: Punctuator;
  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), 'parley-no-models-'));
    // No models directory at all: the shipped model is not used either.
    punctuator = await createPunctuator({ modelsDir: undefined });
  });
  afterAll(async () => {
    await rm(emptyDir, { recursive: true, force: true });
  });

  it('says what is missing and how to get it', () => {
    const status = punctuator.status();
    expect(status.detail).toMatch(/rules/u);
    expect(status.remedy).toContain('PARLEY_MODELS_DIR');
    expect(status.remedy).toContain('punct-case-fasttext-en/punct.ftz');
  });

  it('falls back to the model shipped in models/ when the models directory lacks it', async () => {
    const shipped = await createPunctuator({ modelsDir: emptyDir });
    expect(shipped.status().detail).toContain(join(BUNDLED_MODELS_DIR, 'punct-case-fasttext-en'));
  });

  it('breaks at long pauses, capitalises, fixes "i" and asks questions', () => {
    const words = speech([
      ['participantTwo', 'hi i think i was charged twice', 0],
      ['participantTwo', 'can you check that for me', 800],
      ['participantTwo', "i'm not sure", 600],
    ]);
    const sentences = buildSentences(words, punctuator);
    expect(sentences.map((s) => s.text)).toEqual([
      'Hi I think I was charged twice.',
      "Can you check that for me I'm not sure?",
    ]);
    expect(sentences[0]?.startMs).toBe(0);
    expect(sentences[0]?.endMs).toBe(6 * 250 + 200);
  });
});

describe('already punctuated words', () => {
  it('are recognised and split at their own sentence ends', () => {
    const words = speech([['allParticipants', 'Hello there. How are you? Fine, thanks!', 0]]);
    expect(looksPunctuated(words)).toBe(true);
    expect(buildSentences(words, null).map((s) => s.text)).toEqual([
      'Hello there.',
      'How are you?',
      'Fine, thanks!',
    ]);
    expect(looksPunctuated(speech([['allParticipants', 'hello there how are you', 0]]))).toBe(false);
  });
});
