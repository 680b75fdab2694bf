import { describe, expect, it } from 'vitest';
import { interactionDurationMs, overlaps, timeTicks, totalMs, voiced } from './timeline.js';

describe('overlaps', () => {
  it('intersects two voiced timelines', () => {
    const agent = voiced([
      { startTimeOffset: 0, endTimeOffset: 1000, result: 'voice' },
      { startTimeOffset: 1000, endTimeOffset: 2000, result: 'silence' },
      { startTimeOffset: 2000, endTimeOffset: 5000, result: 'voice' },
    ]);
    const customer = voiced([
      { startTimeOffset: 800, endTimeOffset: 2500, result: 'voice' },
      { startTimeOffset: 4000, endTimeOffset: 6000, result: 'voice' },
    ]);
    const both = overlaps(agent, customer);
    expect(both).toEqual([
      { startMs: 800, endMs: 1000 },
      { startMs: 2000, endMs: 2500 },
      { startMs: 4000, endMs: 5000 },
    ]);
    expect(totalMs(both)).toBe(1700);
  });
});

describe('interactionDurationMs', () => {
  it('takes the latest offset of any result', () => {
    const duration = interactionDurationMs(
      {
        sentenceSegments: [
          { participant: 'participantOne', startTimeOffset: 0, endTimeOffset: 4000, phrase: 'x', score: 1 },
        ],
        redactionSegments: [],
      },
      {
        allParticipants: {
          enlightenBundles: [],
          voiceActivitySegments: [{ startTimeOffset: 0, endTimeOffset: 11_000, result: 'silence' }],
        },
        participantOne: { enlightenBundles: [], voiceActivitySegments: [] },
        participantTwo: { enlightenBundles: [], voiceActivitySegments: [] },
      },
    );
    expect(duration).toBe(11_000);
  });
});

describe('timeTicks', () => {
  it('picks round steps that cover the interaction', () => {
    expect(timeTicks(11_000)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(timeTicks(600_000).length).toBeLessThanOrEqual(7);
  });
});
