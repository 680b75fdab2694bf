import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import { createAnalyzer } from './index.js';
import { conversationOf } from './pairs.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');
const hasModels = existsSync(join(modelsDir, 'sentiment-fasttext-en', 'tweets.ftz'));

function listening(analyzer: Analyzer, turns: readonly string[]): number {
  for (const bundle of analyzer.analyze(conversationOf(turns)).participantOne) {
    const found = bundle.models.find((m) => m.name === 'ActiveListening');
    if (found) return found.score;
  }
  throw new Error('ActiveListening not reported for the agent');
}

/** The customer's turn, then a reply that gives it back and one of similar length that does not. */
const PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  [
    "C: I've been waiting three weeks for the refund and nobody has called me back.",
    "A: It sounds like you've been left waiting for weeks with no word from anyone.",
    'A: Refunds are processed by the payments team within ten working days.',
  ],
  [
    "C: My mum passed away last month and I just can't face sorting out her accounts.",
    "A: You're feeling overwhelmed having to deal with all this so soon after losing her.",
    'A: The account can be closed once we receive a copy of the death certificate.',
  ],
  [
    "C: I'm really stressed, the bill doubled and I don't know how I'll pay it.",
    "A: So the bill has doubled and you're worried about how you'll cover it.",
    'A: The bill includes the annual price change that applied from April.',
  ],
];

describe.runIf(hasModels)('Active Listening reads the reply, not its length', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer({ modelsDir });
  });

  for (const [customer, restating, procedural] of PAIRS) {
    it(`credits "${restating.slice(3)}" above "${procedural.slice(3)}"`, () => {
      expect(listening(analyzer, [customer, restating])).toBeGreaterThan(
        listening(analyzer, [customer, procedural]) + 5,
      );
    });
  }
});
