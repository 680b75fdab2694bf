import { describe, expect, it } from 'vitest';
import type { ModelScore } from '@parley/client';
import { bandOf, bandsFor, quartileSteps, scoreDomain } from './scores.js';

const model = (score: number, extra: Partial<ModelScore> = {}): ModelScore => ({
  name: 'Sentiment',
  score,
  minScore: score,
  minScoreOffset: 0,
  maxScore: score,
  maxScoreOffset: 0,
  quartile1: score,
  quartile2: score,
  quartile3: score,
  quartile4: score,
  ...extra,
});

describe('scoreDomain', () => {
  it('uses 0..100 for scores on that scale and widens for values beyond it', () => {
    expect(scoreDomain([model(61.2)])).toEqual({ min: 0, max: 100 });
    expect(scoreDomain([model(20, { minScore: -40 })])).toEqual({ min: -100, max: 100 });
    expect(scoreDomain([model(0.4)])).toEqual({ min: 0, max: 1 });
    expect(scoreDomain([model(0.4, { minScore: -0.5 })])).toEqual({ min: -1, max: 1 });
  });
});

describe('bands', () => {
  it("takes a Parley model's bands from the model catalogue", () => {
    const bands = bandsFor('Sentiment', { min: 0, max: 100 });
    expect(bands.map((b) => [b.from, b.to])).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 80],
      [80, 100],
    ]);
    expect(bandOf(20, bands)?.label).toBe('Very negative');
    expect(bandOf(20.5, bands)?.label).toBe('Negative');
    expect(bandOf(100, bands)?.label).toBe('Very positive');
  });

  it('falls back to thirds of the scale for a model the catalog does not know', () => {
    const bands = bandsFor('SomeoneElsesModel', { min: -1, max: 1 });
    expect(bands.map((b) => b.label)).toEqual(['lower third', 'middle third', 'upper third']);
    expect(bandOf(-0.5, bands)?.label).toBe('lower third');
    expect(bandOf(0.9, bands)?.label).toBe('upper third');
  });
});

describe('quartileSteps', () => {
  it('gives each quartile a quarter of the interaction', () => {
    const steps = quartileSteps(model(50, { quartile1: 10, quartile4: 90 }), 8000);
    expect(steps).toEqual([
      { startMs: 0, endMs: 2000, value: 10 },
      { startMs: 2000, endMs: 4000, value: 50 },
      { startMs: 4000, endMs: 6000, value: 50 },
      { startMs: 6000, endMs: 8000, value: 90 },
    ]);
  });
});
