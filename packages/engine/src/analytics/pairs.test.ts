import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import { createAnalyzer } from './index.js';
import { runSuite, type PairSuite } from './pairs.js';

const here = dirname(fileURLToPath(import.meta.url));
const suite = JSON.parse(readFileSync(resolve(here, '../../eval/minimal-pairs.json'), 'utf8')) as PairSuite;
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

describe('minimal pairs', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer({ modelsDir });
  });

  it('holds at least 150 pairs across the eight categories', () => {
    expect(suite.pairs.length).toBeGreaterThanOrEqual(150);
    expect(new Set(suite.pairs.map((p) => p.category)).size).toBe(8);
  });

  it('moves the right way by a clear margin in >= 95% of pairs and >= 90% of each category', () => {
    const { results, categories } = runSuite(analyzer, suite);
    const failed = results.filter((r) => !r.passed).map((r) => `${r.item.id} ${r.item.model}: ${r.detail}`);
    const overall = results.filter((r) => r.passed).length / results.length;
    const report = categories.map((c) => `${c.category} ${c.passed}/${c.total}`).join(', ');
    expect(overall, `${report}\nfailed:\n${failed.join('\n')}`).toBeGreaterThanOrEqual(0.95);
    for (const c of categories) {
      expect(
        c.passed / c.total,
        `${c.category}: ${report}\nfailed:\n${failed.join('\n')}`,
      ).toBeGreaterThanOrEqual(0.9);
    }
  });
});
