import { describe, expect, it } from 'vitest';
import { segmentWords, trimEndWhere, trimStartWhere } from './segment.js';

const words = (text: string, locale = 'en') =>
  [...segmentWords(new Intl.Segmenter(locale, { granularity: 'word' }), text)]
    .filter((s) => s.isWordLike)
    .map((s) => [s.index, s.segment]);

const reference = (text: string, locale = 'en') =>
  [...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)]
    .filter((s) => s.isWordLike)
    .map((s) => [s.index, s.segment]);

describe('segmentWords', () => {
  it('gives the same words as Intl.Segmenter on ordinary long text', () => {
    const text = Array.from(
      { length: 60 },
      (_, i) => `Line ${i}: my card ending 4111 was declined, can't you check it? Thanks — ok.`,
    ).join(' ');
    expect(text.length).toBeGreaterThan(1000);
    expect(words(text)).toEqual(reference(text));
  });

  it('never splits a surrogate pair in a run with no spaces', () => {
    const text = 'a'.repeat(255) + '😀'.repeat(300);
    const pieces = [...segmentWords(new Intl.Segmenter('en', { granularity: 'word' }), text)];
    expect(pieces.map((p) => p.segment).join('')).toBe(text);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/u.test(p.segment))).toBe(true);
  });

  it('segments 200,000 hostile characters in linear time', () => {
    for (const text of ['\\'.repeat(200_000), '💳'.repeat(100_000), '.'.repeat(200_000)]) {
      const started = performance.now();
      const count = [...segmentWords(new Intl.Segmenter('en', { granularity: 'word' }), text)].length;
      expect(count).toBeGreaterThan(0);
      // Quadratic segmentation took minutes here; linear takes well under a second.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});

describe('trimming without backtracking', () => {
  const letter = (c: string) => /\p{L}/u.test(c);
  it('trims like the regular expressions it replaces', () => {
    for (const text of ['..abc..', 'abc', '...', '', '😀a😀', '..a.b..']) {
      expect(trimEndWhere(text, letter)).toBe(text.replace(/[^\p{L}]+$/u, ''));
      expect(trimStartWhere(text, letter)).toBe(text.replace(/^[^\p{L}]+/u, ''));
    }
  });
});
