import { describe, expect, it } from 'vitest';
import { pocketsphinxWordText } from './pocketsphinx.js';
import { spreadWords } from './recognizer.js';
import { SampleHistory } from './sample-history.js';
import { sherpaWords } from './sherpa-asr.js';
import { mergeSpans, voiceActivityTimeline } from './timeline.js';
import { wordErrorRate } from './wer.js';

describe('voiceActivityTimeline', () => {
  it('alternates voice and silence over the whole duration, merging overlaps', () => {
    expect(
      voiceActivityTimeline(
        [
          { startMs: 500, endMs: 900 },
          { startMs: 100, endMs: 300 },
          { startMs: 800, endMs: 1_200 },
          { startMs: 1_900, endMs: 2_500 },
        ],
        2_000,
      ),
    ).toEqual([
      { startTimeOffset: 0, endTimeOffset: 100, result: 'silence' },
      { startTimeOffset: 100, endTimeOffset: 300, result: 'voice' },
      { startTimeOffset: 300, endTimeOffset: 500, result: 'silence' },
      { startTimeOffset: 500, endTimeOffset: 1_200, result: 'voice' },
      { startTimeOffset: 1_200, endTimeOffset: 1_900, result: 'silence' },
      { startTimeOffset: 1_900, endTimeOffset: 2_000, result: 'voice' },
    ]);
  });

  it('is one silence for a silent file and empty for no audio', () => {
    expect(voiceActivityTimeline([], 800)).toEqual([
      { startTimeOffset: 0, endTimeOffset: 800, result: 'silence' },
    ]);
    expect(voiceActivityTimeline([], 0)).toEqual([]);
  });

  it('joins touching spans', () => {
    expect(
      mergeSpans(
        [
          { startMs: 0, endMs: 10 },
          { startMs: 10, endMs: 20 },
        ],
        30,
      ),
    ).toEqual([{ startMs: 0, endMs: 20 }]);
  });
});

describe('SampleHistory', () => {
  it('returns recent samples by absolute index across the wrap', () => {
    const history = new SampleHistory(5);
    history.append(Float32Array.from([0, 1, 2, 3]));
    history.append(Float32Array.from([4, 5, 6]));
    expect(history.start).toBe(2);
    expect(history.end).toBe(7);
    expect([...history.slice(0, 7)]).toEqual([2, 3, 4, 5, 6]);
    expect([...history.slice(3, 5)]).toEqual([3, 4]);
    history.append(Float32Array.from([7, 8, 9, 10, 11, 12, 13]));
    expect([...history.slice(10, 20)]).toEqual([10, 11, 12, 13]);
  });
});

describe('pocketsphinxWordText', () => {
  it('drops fillers and silences and strips pronunciation variants', () => {
    expect(['<s>', '</s>', '<sil>', '[NOISE]', '[SPEECH]', '++BREATH++'].map(pocketsphinxWordText)).toEqual(
      Array(6).fill(undefined),
    );
    expect(pocketsphinxWordText('read(2)')).toBe('read');
    expect(pocketsphinxWordText("you're")).toBe("you're");
  });
});

describe('neural result to words', () => {
  it('joins BPE tokens into words timed by their first token', () => {
    const words = sherpaWords(
      { text: ' Ask not what', tokens: [' Ask', ' n', 'ot', ' what'], timestamps: [0.1, 0.5, 0.6, 0.9] },
      1_400,
    );
    expect(words.map((w) => [w.text, w.startMs, w.endMs])).toEqual([
      ['Ask', 100, 500],
      ['not', 500, 900],
      ['what', 900, 1_400],
    ]);
  });

  it('shares the clip out by word length when the model gives no token times', () => {
    const words = spreadWords('ask not', 900, 1);
    expect(words.map((w) => [w.text, w.startMs, w.endMs])).toEqual([
      ['ask', 0, 450],
      ['not', 450, 900],
    ]);
    expect(sherpaWords({ text: '  ' }, 1_000)).toEqual([]);
  });
});

describe('wordErrorRate', () => {
  it('counts substitutions, insertions and deletions over the reference length', () => {
    expect(wordErrorRate('and mister john dashwood', 'And Mr. John, guess would!')).toBeCloseTo(2 / 4);
    expect(wordErrorRate('ask not', 'ask not')).toBe(0);
    expect(wordErrorRate('ask not', '')).toBe(1);
  });
});
