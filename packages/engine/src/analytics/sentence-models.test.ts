import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import type { ParticipantScope } from '../types.js';
import { createAnalyzerWith } from './analyzer.js';
import { CATALOG } from './catalog.js';
import { createLexiconClassifier } from './classifier.js';
import { createAnalyzer, SENTENCE_MODELS } from './index.js';
import { hashesOf, type LinearModel } from './linear.js';
import { conversationOf } from './pairs.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

function scoreOf(
  analyzer: Analyzer,
  turns: readonly string[],
  model: string,
  scope: ParticipantScope,
): number {
  for (const bundle of analyzer.analyze(conversationOf(turns))[scope]) {
    const found = bundle.models.find((m) => m.name === model);
    if (found) return found.score;
  }
  throw new Error(`${model} not reported in ${scope}`);
}

/**
 * A stand-in sentence model: P = `high` for a sentence containing `word` (not negated), `low`
 * otherwise. It reads the same hashed features as a trained one.
 */
function stubModel(name: string, word: string, high: number, low: number): LinearModel {
  const marker = hashesOf([word])[0] ?? 0;
  const probabilityOfHashes = (hashes: Uint32Array): number => (hashes.includes(marker) ? high : low);
  return {
    name,
    label: name,
    threshold: 0.5,
    probabilityOfHashes,
    probability: (tokens) => probabilityOfHashes(hashesOf(tokens)),
  };
}

const NEUTRAL = [
  'C: It is the account ending 4417.',
  'A: Bear with me one moment.',
  'C: Sure.',
  'A: The page is loading.',
];

describe('graded and consistency readings of the sentence models (stand-in models)', () => {
  const analyzer = createAnalyzerWith(
    createLexiconClassifier(),
    { status: [] },
    CATALOG,
    new Map([
      // Below Be Empathetic's threshold (0.8) for "warmly": only the graded reading can see it.
      ['empathy', stubModel('empathy', 'warmly', 0.7, 0.05)],
      ['rudeness', stubModel('rudeness', 'curtly', 0.7, 0.05)],
    ]),
  );

  it('ranks a line the model leans towards above one it does not, below the threshold', () => {
    const warm = scoreOf(
      analyzer,
      ['C: Hello.', 'A: We spoke warmly about it.'],
      'BeEmpathetic',
      'participantOne',
    );
    const plain = scoreOf(analyzer, ['C: Hello.', 'A: We spoke about it.'], 'BeEmpathetic', 'participantOne');
    expect(warm).toBeGreaterThan(plain + 5);
  });

  it('does not lower a graded score when talk without evidence is added', () => {
    const line = ['C: Hello.', 'A: We spoke warmly about it.'];
    const padded = [...Array.from({ length: 15 }, () => NEUTRAL).flat(), ...line];
    expect(scoreOf(analyzer, padded, 'BeEmpathetic', 'participantOne')).toBeGreaterThanOrEqual(
      scoreOf(analyzer, line, 'BeEmpathetic', 'participantOne'),
    );
  });

  it('scores an agent who stays courteous above one whose every line is curt, with no greeting or thanks', () => {
    const courteous = scoreOf(
      analyzer,
      ['C: My card is blocked.', 'A: I can look at the card now.', 'A: The block is lifted.'],
      'BuildRapport',
      'participantOne',
    );
    const curt = scoreOf(
      analyzer,
      ['C: My card is blocked.', 'A: I curtly look at the card.', 'A: The block is curtly lifted.'],
      'BuildRapport',
      'participantOne',
    );
    expect(courteous).toBeGreaterThan(curt + 5);
    // Courtesy alone is not rapport: with no greeting, thanks or warmth it stays "Not demonstrated".
    expect(courteous).toBeLessThanOrEqual(30);
  });
});

const hasModels = existsSync(join(modelsDir, 'sentiment-fasttext-en', 'tweets.ftz'));

describe.runIf(hasModels)('the trained suggestion and distress models in the analyzer', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer({ modelsDir });
  });

  it('loads every sentence model the catalog names', () => {
    const status = analyzer.status().find((s) => s.name.endsWith('sentence models'));
    expect(status?.ready).toBe(true);
    for (const name of SENTENCE_MODELS) expect(status?.detail).toContain(name);
  });

  it('credits a suggestion worded without a listed phrase, and not a statement of fact', () => {
    const context = 'C: The app logs me out every time I switch to another app.';
    const suggestion = scoreOf(
      analyzer,
      [context, 'A: Maybe give the desktop site a go for now, it keeps you signed in.'],
      'RecommendSolution',
      'participantOne',
    );
    const fact = scoreOf(
      analyzer,
      [context, 'A: The desktop site was updated last month along with the app.'],
      'RecommendSolution',
      'participantOne',
    );
    expect(suggestion).toBeGreaterThan(fact + 5);
  });

  it('reads distress on passages of the customer’s turn, not on a short line alone', () => {
    const turns = [
      'A: Is everything alright with the account?',
      "C: I haven't slept properly in weeks. Every letter that comes makes my heart race. I just can't see a way out of this.",
    ];
    const evidence = analyzer.explain?.(conversationOf(turns));
    const lines = evidence?.participantTwo.find((m) => m.name === 'EmotionalDistress')?.lines ?? [];
    const fromModel = lines.filter((l) => l.cues.some((c) => c.startsWith('distress model')));
    // Each sentence alone is too short to read; the three together are a passage.
    expect(fromModel.map((l) => l.text)).toEqual(["I just can't see a way out of this."]);
    expect(fromModel[0]?.cues.join(' ')).toContain('(with the sentences before it)');
    const calm = scoreOf(
      analyzer,
      ['A: Is everything alright with the account?', 'C: Yes, all fine. I just wanted the balance.'],
      'EmotionalDistress',
      'participantTwo',
    );
    const distressed = scoreOf(analyzer, turns, 'EmotionalDistress', 'participantTwo');
    expect(distressed).toBeGreaterThan(calm + 30);
    // Small talk earlier in the same turn cannot water the passage down.
    const [agent, customer] = turns as [string, string];
    const padded = [agent, `C: Okay. Yes, I am still here, sorry. ${customer.slice(3)}`];
    expect(scoreOf(analyzer, padded, 'EmotionalDistress', 'participantTwo')).toBeGreaterThanOrEqual(
      distressed,
    );
  });

  it('never credits the customer’s suggestion to the agent', () => {
    const turns = [
      "C: You should try offering a cheaper plan, I'd recommend that to your manager.",
      'A: Let me check the account.',
    ];
    const swapped = [
      'C: Let me check the account.',
      "A: You should try offering a cheaper plan, I'd recommend that to your manager.",
    ];
    expect(scoreOf(analyzer, swapped, 'RecommendSolution', 'participantOne')).toBeGreaterThan(
      scoreOf(analyzer, turns, 'RecommendSolution', 'participantOne') + 5,
    );
  });
});
