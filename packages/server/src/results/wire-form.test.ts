import { describe, expect, it } from 'vitest';
import type { InteractionResults } from '../store/types.js';
import { RESULT_WIRE_SCHEMA, toStoredResults } from './wire-form.js';

const phrases = {
  phrases: ['hello there'],
  phraseSegments: [{ startTimeOffset: 0, endTimeOffset: 900, phraseIndex: 0, score: 0.9 }],
};
const participantAi = { enlightenBundles: [], voiceActivitySegments: [] };

function results(): InteractionResults {
  return {
    transcript: {
      allParticipants: phrases,
      participantOne: phrases,
      participantTwo: phrases,
      redactionSegments: [],
    },
    punctuated: {
      sentenceSegments: [
        {
          participant: 'participantOne',
          startTimeOffset: 0,
          endTimeOffset: 900,
          phrase: 'Hello there.',
          score: 0.9,
        },
      ],
      redactionSegments: [],
    },
    ai: { allParticipants: participantAi, participantOne: participantAi, participantTwo: participantAi },
  } as unknown as InteractionResults;
}

describe('stored results', () => {
  it('are marked as wire form when the response schemas would send exactly the stored text', () => {
    const stored = toStoredResults(results());
    expect(stored.wireSchema).toBe(RESULT_WIRE_SCHEMA);
    expect(JSON.parse(stored.punctuated)).toEqual(results().punctuated);
  });

  it('are not marked when a schema would drop a field, round a number or order keys otherwise', () => {
    const extraField = results();
    (extraField.punctuated as unknown as Record<string, unknown>)['internal'] = 1;
    const fractional = results();
    (fractional.punctuated.sentenceSegments[0] as { startTimeOffset: number }).startTimeOffset = 12.5;
    const reordered = results();
    const segment = reordered.punctuated.sentenceSegments[0] as unknown as Record<string, unknown>;
    reordered.punctuated.sentenceSegments[0] = { phrase: segment['phrase'], ...segment } as never;
    for (const r of [extraField, fractional, reordered]) {
      const stored = toStoredResults(r);
      expect(stored.wireSchema).toBeNull();
      // The stored text stays the whole document, for readers that parse it.
      expect(JSON.parse(stored.punctuated)).toEqual(r.punctuated);
    }
  });
});
