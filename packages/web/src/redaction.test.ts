import type { RedactionSegment } from '@parley/client';
import { describe, expect, it } from 'vitest';
import { redactionsWithin, splitMasked } from './redaction.js';

describe('splitMasked', () => {
  it('marks hash runs, star runs and REDACTED tags as masked', () => {
    expect(splitMasked('card # # # # ok')).toEqual([
      { text: 'card ', redacted: false },
      { text: '# # # #', redacted: true },
      { text: ' ok', redacted: false },
    ]);
    expect(
      splitMasked('ssn ****, [REDACTED]')
        .filter((p) => p.redacted)
        .map((p) => p.text),
    ).toEqual(['****', '[REDACTED]']);
  });

  it('masks a lone # but not a hashtag', () => {
    expect(splitMasked('CVV is #. Try #help')).toEqual([
      { text: 'CVV is ', redacted: false },
      { text: '#', redacted: true },
      { text: '. Try #help', redacted: false },
    ]);
  });

  it('leaves plain text whole', () => {
    expect(splitMasked('Thanks for calling.')).toEqual([{ text: 'Thanks for calling.', redacted: false }]);
  });
});

describe('redactionsWithin', () => {
  it('finds the redactions that overlap a sentence', () => {
    const segments: RedactionSegment[] = [
      { startTimeOffset: 100, endTimeOffset: 200, result: 'CVV', score: 0 },
      { startTimeOffset: 900, endTimeOffset: 950, result: 'Credit Card', score: 0 },
    ];
    expect(redactionsWithin(segments, 150, 400).map((r) => r.result)).toEqual(['CVV']);
    expect(redactionsWithin(segments, 200, 900)).toEqual([]);
  });
});
