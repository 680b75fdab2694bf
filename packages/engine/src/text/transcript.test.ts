import { describe, expect, it } from 'vitest';
import { isProcessingError } from '../errors.js';
import type { TranscriptInput } from '../types.js';
import { transcriptToWords } from './transcript.js';

function expectInvalid(input: TranscriptInput, pattern: RegExp): void {
  try {
    transcriptToWords(input);
  } catch (error) {
    expect(isProcessingError(error) && error.code).toBe('transcript_invalid');
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected transcript_invalid');
}

const given: TranscriptInput = {
  participantOne: {
    // "Unique phrases": the list is not in segment order and "you" is used twice.
    phrases: ['you', 'thank', 'for calling'],
    phraseSegments: [
      { startTimeOffset: 100, endTimeOffset: 400, phraseIndex: 1, score: 0.9 },
      { startTimeOffset: 400, endTimeOffset: 600, phraseIndex: 0, score: 0.8 },
      { startTimeOffset: 600, endTimeOffset: 1200, phraseIndex: 2, score: 0.7 },
    ],
  },
  participantTwo: {
    phrases: ['you', 'hi'],
    phraseSegments: [
      { startTimeOffset: 1500, endTimeOffset: 1700, phraseIndex: 1, score: 1 },
      { startTimeOffset: 1100, endTimeOffset: 1300, phraseIndex: 0, score: 1 },
    ],
  },
  redactionSegments: [{ startTimeOffset: 2000, endTimeOffset: 2500, result: 'CVV', score: 0 }],
};

describe('transcriptToWords', () => {
  it('dereferences phraseIndex, splits multi-word phrases and orders every word by time', () => {
    const result = transcriptToWords(given);
    expect(result.words.map((word) => [word.text, word.participant])).toEqual([
      ['thank', 'participantOne'],
      ['you', 'participantOne'],
      ['for', 'participantOne'],
      ['calling', 'participantOne'],
      ['you', 'participantTwo'],
      ['hi', 'participantTwo'],
    ]);
    // "for calling" shares 600..1200 by length: 3 of 10 characters for "for".
    const forWord = result.words[2];
    expect([forWord?.startMs, forWord?.endMs]).toEqual([600, 780]);
    expect(result.words[3]?.endMs).toBe(1200);
    expect(result.speakerSeparation).toBe('given');
    expect(result.redactions).toEqual(given.redactionSegments);
    expect(result.durationMs).toBe(2500);
  });

  it('uses allParticipants when no participant lists are given', () => {
    const result = transcriptToWords({
      allParticipants: {
        phrases: ['hello'],
        phraseSegments: [{ startTimeOffset: 0, endTimeOffset: 300, phraseIndex: 0, score: 0.5 }],
      },
    });
    expect(result.words).toEqual([
      { text: 'hello', startMs: 0, endMs: 300, confidence: 0.5, participant: 'allParticipants' },
    ]);
    expect(result.speakerSeparation).toBe('none');
  });

  it('names what is wrong in a bad transcript', () => {
    const segment = { startTimeOffset: 0, endTimeOffset: 300, phraseIndex: 0, score: 0.5 };
    expectInvalid(
      { allParticipants: { phrases: ['a', 'b'], phraseSegments: [{ ...segment, phraseIndex: 2 }] } },
      /allParticipants\.phraseSegments\[0\]\.phraseIndex is 2.*valid indices are 0 to 1/u,
    );
    expectInvalid(
      { participantTwo: { phrases: [], phraseSegments: [segment] } },
      /participantTwo\.phraseSegments\[0\]\.phraseIndex is 0.*it is empty/u,
    );
    expectInvalid(
      { allParticipants: { phrases: ['a'], phraseSegments: [{ ...segment, startTimeOffset: 500 }] } },
      /phraseSegments\[0\] ends \(endTimeOffset 300\) before it starts \(startTimeOffset 500\)/u,
    );
    expectInvalid(
      { allParticipants: { phrases: ['a'], phraseSegments: [{ ...segment, startTimeOffset: -1 }] } },
      /startTimeOffset must be a number of milliseconds >= 0, got -1/u,
    );
    expectInvalid(
      { allParticipants: { phrases: ['a'], phraseSegments: [{ ...segment, score: 87 }] } },
      /score must be a confidence between 0 and 1, got 87/u,
    );
    expectInvalid({ allParticipants: { phrases: [], phraseSegments: [] } }, /transcript has no words/u);
    expectInvalid(
      {
        allParticipants: { phrases: ['a'], phraseSegments: [segment] },
        redactionSegments: [{ startTimeOffset: 0, endTimeOffset: 1, result: 'Email' as 'CVV', score: 1 }],
      },
      /redactionSegments\[0\]\.result is "Email"; use one of "Credit Card", "CVV", "Social Security"/u,
    );
  });
});
