import { describe, expect, it } from 'vitest';
import { formatClock, formatCueTime, toSrt, toText, toVtt } from './format.js';
import type { PunctuatedTranscript } from './types.js';

const transcript: PunctuatedTranscript = {
  sentenceSegments: [
    {
      participant: 'participantTwo',
      startTimeOffset: 3400,
      endTimeOffset: 6020,
      phrase: 'Hi, my card <is> # # # #.',
      score: 0.97,
    },
    {
      participant: 'participantOne',
      startTimeOffset: 1410,
      endTimeOffset: 3210,
      phrase: 'Thanks for calling.',
      score: 0.99,
    },
    {
      participant: 'allParticipants',
      startTimeOffset: 3_725_000,
      endTimeOffset: 3_725_000,
      phrase: 'Bye\nnow.',
      score: 1,
    },
  ],
  redactionSegments: [],
};

describe('clocks', () => {
  it('formats text clocks in tenths and cue times in milliseconds', () => {
    expect(formatClock(1410)).toBe('00:01.4');
    expect(formatClock(3_725_000)).toBe('1:02:05.0');
    expect(formatCueTime(1410, ',')).toBe('00:00:01,410');
    expect(formatCueTime(3_725_007, '.')).toBe('01:02:05.007');
  });
});

describe('transcript rendering', () => {
  it('prints one labelled line per sentence in time order', () => {
    expect(toText(transcript)).toBe(
      '[00:01.4] Agent: Thanks for calling.\n' +
        '[00:03.4] Customer: Hi, my card <is> # # # #.\n' +
        '[1:02:05.0] Speaker: Bye now.\n',
    );
  });

  it('writes numbered SRT cues and stretches a zero-length cue to one second', () => {
    const srt = toSrt(transcript, { participantOne: 'Dana', participantTwo: 'Lee', allParticipants: 'All' });
    expect(srt).toBe(
      '1\n00:00:01,410 --> 00:00:03,210\nDana: Thanks for calling.\n\n' +
        '2\n00:00:03,400 --> 00:00:06,020\nLee: Hi, my card <is> # # # #.\n\n' +
        '3\n01:02:05,000 --> 01:02:06,000\nAll: Bye now.\n',
    );
  });

  it('writes WebVTT with voice spans and escaped text', () => {
    const vtt = toVtt(transcript);
    expect(
      vtt.startsWith('WEBVTT\n\n00:00:01.410 --> 00:00:03.210\n<v Agent>Agent: Thanks for calling.\n'),
    ).toBe(true);
    expect(vtt).toContain('<v Customer>Customer: Hi, my card &lt;is&gt; # # # #.');
    expect(toVtt({ sentenceSegments: [], redactionSegments: [] })).toBe('WEBVTT\n');
  });
});
