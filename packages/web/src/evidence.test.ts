import { describe, expect, it } from 'vitest';
import { describeLine, evidenceFor, type AnalyticsEvidence } from './evidence.js';

const evidence: AnalyticsEvidence = {
  participantOne: [
    {
      name: 'BeEmpathetic',
      lines: [
        {
          participant: 'participantOne',
          startTimeOffset: 42_000,
          endTimeOffset: 45_000,
          text: "I'm so sorry to hear that.",
          effect: 'for',
          strength: 1,
          cues: ['sorry to hear'],
        },
      ],
    },
  ],
};

describe('evidence', () => {
  it('finds the lines of one model in one scope, and nothing for a scope without them', () => {
    expect(evidenceFor(evidence, 'participantOne', 'BeEmpathetic')?.[0]?.text).toBe(
      "I'm so sorry to hear that.",
    );
    expect(evidenceFor(evidence, 'participantTwo', 'BeEmpathetic')).toBeUndefined();
    expect(evidenceFor(undefined, 'participantOne', 'BeEmpathetic')).toBeUndefined();
  });

  it('writes a line with its direction, time and deciding words', () => {
    const line = evidence.participantOne?.[0]?.lines[0];
    if (!line) throw new Error('fixture');
    expect(describeLine(line, (ms) => `${ms / 1000}s`)).toBe(
      "+ 42s I'm so sorry to hear that. (sorry to hear)",
    );
    expect(describeLine({ ...line, effect: 'against', cues: [] }, () => '0:00')).toBe(
      "− 0:00 I'm so sorry to hear that.",
    );
  });
});
