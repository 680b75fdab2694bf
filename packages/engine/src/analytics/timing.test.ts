import { describe, expect, it } from 'vitest';
import type { Conversation, Medium, ParticipantScope, Sentence, Word } from '../types.js';
import { measureTurns } from './timing.js';

/** [participant, text, startMs, msPerWord] -> sentence with evenly timed words. */
type Line = [ParticipantScope, string, number, number];

function conversation(lines: Line[], medium: Medium = 'audio'): Conversation {
  const sentences: Sentence[] = lines.map(([participant, text, startMs, msPerWord]) => {
    const words: Word[] = text.split(' ').map((t, i) => ({
      text: t,
      startMs: startMs + i * msPerWord,
      endMs: startMs + (i + 1) * msPerWord - 50,
      confidence: 1,
      participant,
    }));
    return {
      participant,
      startMs,
      endMs: words[words.length - 1]?.endMs ?? startMs,
      text,
      confidence: 1,
      words,
    };
  });
  const words = sentences.flatMap((s) => s.words).sort((a, b) => a.startMs - b.startMs);
  return {
    medium,
    languageTag: 'en-US',
    durationMs: Math.max(...sentences.map((s) => s.endMs)),
    words,
    sentences: [...sentences].sort((a, b) => a.startMs - b.startMs),
    redactions: [],
    voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
    speakerSeparation: 'channels',
  };
}

const customerTalks: Line = [
  'participantTwo',
  'I have been waiting for my refund for three whole weeks now',
  0,
  400,
];

describe('measureTurns', () => {
  it('flags an agent turn that starts while the customer keeps talking', () => {
    const turns = measureTurns(
      conversation([customerTalks, ['participantOne', 'Okay but you need to call billing', 2000, 300]]),
      300,
    );
    expect(turns.map((t) => [t.turnStart, t.interrupts])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('does not flag an agent who waits for the customer to finish', () => {
    const turns = measureTurns(
      conversation([customerTalks, ['participantOne', 'I am sorry, let me check that for you', 5000, 300]]),
      300,
    );
    expect(turns[1]).toMatchObject({ turnStart: true, interrupts: false, gapBeforeMs: 250 });
  });

  it('does not count a short back-channel as an interruption', () => {
    const turns = measureTurns(conversation([customerTalks, ['participantOne', 'mm hmm', 2000, 300]]), 300);
    expect(turns[1]?.interrupts).toBe(false);
  });

  it('measures nothing on chat, whose times are message times', () => {
    const turns = measureTurns(
      conversation(
        [customerTalks, ['participantOne', 'Okay but you need to call billing', 2000, 300]],
        'chat',
      ),
      300,
    );
    expect(turns.every((t) => !t.interrupts && t.gapBeforeMs === 0)).toBe(true);
  });

  it('continues a turn across a short pause and opens a new one after a long pause', () => {
    const turns = measureTurns(
      conversation([
        ['participantOne', 'Thanks for waiting', 0, 300],
        ['participantOne', 'I found your order', 1500, 300],
        ['participantOne', 'Are you still there', 6000, 300],
      ]),
      300,
    );
    expect(turns.map((t) => t.turnStart)).toEqual([true, false, true]);
    expect(turns[2]?.gapBeforeMs).toBe(6000 - (1500 + 4 * 300 - 50));
  });
});
