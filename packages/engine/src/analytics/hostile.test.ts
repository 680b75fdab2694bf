import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../types.js';
import { createAnalyzerWith } from './analyzer.js';
import { createLexiconClassifier } from './classifier.js';

function oneSentence(text: string): Conversation {
  return {
    medium: 'chat',
    languageTag: 'en-US',
    durationMs: 1000,
    words: [],
    sentences: [{ participant: 'participantOne', startMs: 0, endMs: 1000, text, confidence: 1, words: [] }],
    redactions: [],
    voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
    speakerSeparation: 'roles',
  };
}

/** Best of three, to keep a busy machine from deciding the ratio. */
function time(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('sentence reading on hostile input', () => {
  // The lexicon classifier: this is about the reader, rules and scoring, not the model runtime.
  const analyzer = createAnalyzerWith(createLexiconClassifier(), { status: [] });

  it.each([
    ['backslashes', '\\'],
    ['periods', '.'],
    ['emoji', '😀'],
    ['lone surrogates', '\ud800'],
    ['negated cue words', 'not sorry '],
    ['cue phrases', 'i will sort it '],
  ])('grows linearly with a run of %s (10× the text, well under 30× the time)', (_, unit) => {
    const small = unit.repeat(Math.ceil(20_000 / unit.length));
    const large = unit.repeat(Math.ceil(200_000 / unit.length));
    const tSmall = time(() => analyzer.analyze(oneSentence(small)));
    const tLarge = time(() => analyzer.analyze(oneSentence(large)));
    // Quadratic work would take about 100× as long; linear about 10× (less, once capped).
    expect(tLarge / Math.max(tSmall, 1)).toBeLessThan(30);
  });

  it('reads many long sentences in one conversation', () => {
    const text = 'please hold, I will not be able to help, sorry. '.repeat(400);
    const conversation = oneSentence(text);
    conversation.sentences = Array.from({ length: 50 }, (_, i) => ({
      participant: i % 2 === 0 ? ('participantOne' as const) : ('participantTwo' as const),
      startMs: i * 1000,
      endMs: i * 1000 + 900,
      text,
      confidence: 1,
      words: [],
    }));
    conversation.durationMs = 50_000;
    const result = analyzer.analyze(conversation);
    expect(result.participantOne.length).toBeGreaterThan(0);
  });
});
