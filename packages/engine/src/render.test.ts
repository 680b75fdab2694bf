import { describe, expect, it } from 'vitest';
import { renderResult } from './render.js';
import type { Conversation, EnlightenBundle, Sentence, Word } from './types.js';

const word = (
  text: string,
  startMs: number,
  endMs: number,
  participant: Word['participant'],
  confidence = 0.9,
): Word => ({
  text,
  startMs,
  endMs,
  confidence,
  participant,
});

// Given out of time order and with fractional times, as the stages may hand them over.
const words: Word[] = [
  word('hello', 1000.4, 1399.6, 'participantTwo', 1.2),
  word('hi', 0, 250.5, 'participantOne'),
  word('there', 260, 500, 'participantOne', 0.87654321),
];
const sentences: Sentence[] = [
  {
    participant: 'participantTwo',
    startMs: 1000.4,
    endMs: 1399.6,
    text: 'Hello.',
    confidence: 1.2,
    words: [words[0]!],
  },
  {
    participant: 'participantOne',
    startMs: 0,
    endMs: 500,
    text: 'Hi there.',
    confidence: 0.88,
    words: [words[1]!, words[2]!],
  },
];
const conversation: Conversation = {
  medium: 'transcript',
  languageTag: 'en-us',
  durationMs: 1400.2,
  words,
  sentences,
  redactions: [{ startTimeOffset: 260, endTimeOffset: 500.7, result: 'CVV', score: 0.7 }],
  voiceActivity: {
    allParticipants: [{ startTimeOffset: 0, endTimeOffset: 1399.6, result: 'voice' }],
    participantOne: [],
    participantTwo: [],
  },
  speakerSeparation: 'given',
};

describe('renderResult', () => {
  it('renders the phrase-by-phrase transcript in time order with integer offsets and valid indices', () => {
    const { transcript } = renderResult(conversation, null);
    expect(transcript.allParticipants).toEqual({
      phrases: ['hi', 'there', 'hello'],
      phraseSegments: [
        { startTimeOffset: 0, endTimeOffset: 251, phraseIndex: 0, score: 0.9 },
        { startTimeOffset: 260, endTimeOffset: 500, phraseIndex: 1, score: 0.8765 },
        { startTimeOffset: 1000, endTimeOffset: 1400, phraseIndex: 2, score: 1 },
      ],
    });
    expect(transcript.participantOne.phrases).toEqual(['hi', 'there']);
    expect(transcript.participantTwo.phraseSegments).toEqual([
      { startTimeOffset: 1000, endTimeOffset: 1400, phraseIndex: 0, score: 1 },
    ]);
    expect(transcript.redactionSegments).toEqual([
      { startTimeOffset: 260, endTimeOffset: 501, result: 'CVV', score: 1 },
    ]);
  });

  it('renders sentences in time order with their participant', () => {
    const { punctuated, durationMs } = renderResult(conversation, null);
    expect(punctuated.sentenceSegments).toEqual([
      {
        participant: 'participantOne',
        startTimeOffset: 0,
        endTimeOffset: 500,
        phrase: 'Hi there.',
        score: 0.88,
      },
      {
        participant: 'participantTwo',
        startTimeOffset: 1000,
        endTimeOffset: 1400,
        phrase: 'Hello.',
        score: 1,
      },
    ]);
    expect(punctuated.redactionSegments).toHaveLength(1);
    expect(durationMs).toBe(1400);
  });

  it('puts the analyzer bundles per scope, or empty lists when CX AI was not asked for', () => {
    const bundle: EnlightenBundle = { name: 'Customer Satisfaction', models: [] };
    const withAi = renderResult(conversation, {
      allParticipants: [bundle],
      participantOne: [],
      participantTwo: [bundle],
    });
    expect(withAi.ai.allParticipants).toEqual({
      enlightenBundles: [bundle],
      voiceActivitySegments: [{ startTimeOffset: 0, endTimeOffset: 1400, result: 'voice' }],
    });
    expect(withAi.ai.participantTwo.enlightenBundles).toEqual([bundle]);
    const without = renderResult(conversation, null);
    expect(without.ai.allParticipants.enlightenBundles).toEqual([]);
    expect(without.ai.participantOne).toEqual({ enlightenBundles: [], voiceActivitySegments: [] });
  });
});
