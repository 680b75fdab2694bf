import { describe, expect, it } from 'vitest';
import { sherpaWords } from './sherpa-asr.js';

// Results shaped as sherpa-onnx-node's OfflineRecognizer returns them for each model family.
describe('sherpaWords', () => {
  it('times Parakeet-TDT words from token starts and durations', () => {
    const result = {
      text: 'Hello world.',
      tokens: ['\u2581Hel', 'lo', '\u2581world', '.'],
      timestamps: [0.32, 0.48, 0.96, 1.36],
      durations: [0.16, 0.16, 0.32, 0.08],
    };
    expect(sherpaWords(result, 2_000)).toEqual([
      { text: 'Hello', startMs: 320, endMs: 640, confidence: 1 },
      { text: 'world.', startMs: 960, endMs: 1_440, confidence: 1 },
    ]);
  });

  it('ends each word where the next begins when the model gives no durations (Zipformer)', () => {
    const result = {
      text: ' THE CAT SAT',
      tokens: ['\u2581THE', '\u2581C', 'AT', '\u2581SAT'],
      timestamps: [0.2, 0.52, 0.6, 0.92],
    };
    expect(sherpaWords(result, 1_500)).toEqual([
      { text: 'THE', startMs: 200, endMs: 520, confidence: 1 },
      { text: 'CAT', startMs: 520, endMs: 920, confidence: 1 },
      { text: 'SAT', startMs: 920, endMs: 1_500, confidence: 1 },
    ]);
  });

  it('makes each token a word for character models without spaces (Japanese)', () => {
    const result = {
      text: 'こんにちは',
      tokens: ['こ', 'ん', 'に', 'ち', 'は'],
      timestamps: [0.1, 0.2, 0.3, 0.4, 0.5],
    };
    const words = sherpaWords(result, 800);
    expect(words.map((w) => w.text)).toEqual(['こ', 'ん', 'に', 'ち', 'は']);
    expect(words.map((w) => [w.startMs, w.endMs])).toEqual([
      [100, 200],
      [200, 300],
      [300, 400],
      [400, 500],
      [500, 800],
    ]);
  });

  it('keeps every time inside the clip and in order, even when durations overlap the next token', () => {
    const result = {
      text: 'a b',
      tokens: ['\u2581a', '\u2581b'],
      timestamps: [0.1, 0.3],
      durations: [0.5, 0.9],
    };
    const words = sherpaWords(result, 1_000);
    expect(words).toEqual([
      { text: 'a', startMs: 100, endMs: 300, confidence: 1 },
      { text: 'b', startMs: 300, endMs: 1_000, confidence: 1 },
    ]);
  });

  it('spreads words by length when there are no token times (Whisper), and skips stray marks', () => {
    const words = sherpaWords({ text: ' Ask not.' }, 1_000);
    expect(words.map((w) => w.text)).toEqual(['Ask', 'not.']);
    expect(words[0]?.startMs).toBe(0);
    expect(words[1]?.endMs).toBe(1_000);
    expect(sherpaWords({ text: '   ' }, 1_000)).toEqual([]);
    const marks = sherpaWords({ text: 'Hi', tokens: ['\u2581', 'Hi'], timestamps: [0.1, 0.2] }, 500);
    expect(marks.map((w) => w.text)).toEqual(['Hi']);
  });

  it('turns token log-probabilities into a confidence', () => {
    const [word] = sherpaWords(
      { text: 'yes', tokens: ['\u2581yes'], timestamps: [0], ys_log_probs: [Math.log(0.5)] },
      400,
    );
    expect(word?.confidence).toBeCloseTo(0.5, 6);
  });
});
