import { describe, expect, it } from 'vitest';
import { isProcessingError } from '../errors.js';
import type { ChatInput } from '../types.js';
import { chatToText, sideOfRole } from './chat.js';

const chat: ChatInput = {
  participants: [
    { participantId: 'cust-42', name: 'Lee', role: 'Customer' },
    { participantId: 'agent-7', name: 'Dana', role: 'AGENT' },
  ],
  messages: [
    // Deliberately out of order: offsets come from timestamps, not from array order.
    {
      participantId: 'agent-7',
      timestamp: '2024-03-01T10:00:20Z',
      content: "Sorry to hear that. Let me check, what's your name?",
    },
    {
      participantId: 'cust-42',
      timestamp: '2024-03-01T10:00:00.000Z',
      content: 'Hi, my card was declined! Can you help?',
    },
    { participantId: 'cust-42', timestamp: '2024-03-01T10:00:31Z', content: 'Lee Jordan.' },
  ],
};

function expectInvalid(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(isProcessingError(error) && error.code).toBe('chat_invalid');
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected chat_invalid');
}

describe('chatToText', () => {
  const text = chatToText(chat);

  it('maps roles to sides case-insensitively and keeps the author text per sentence', () => {
    expect(text.sentences.map((s) => [s.participant, s.text])).toEqual([
      ['participantTwo', 'Hi, my card was declined!'],
      ['participantTwo', 'Can you help?'],
      ['participantOne', 'Sorry to hear that.'],
      ['participantOne', "Let me check, what's your name?"],
      ['participantTwo', 'Lee Jordan.'],
    ]);
  });

  it('times messages from the first timestamp, sentences and words inside the message span', () => {
    const [first, second, third, fourth, fifth] = text.sentences;
    expect(first?.startMs).toBe(0);
    expect(third?.startMs).toBe(20_000);
    expect(fifth?.startMs).toBe(31_000);
    // A message ends when it has been read (60 ms per character) or when the next one arrives.
    expect(second?.endMs).toBe(39 * 60);
    expect(fourth?.endMs).toBeLessThanOrEqual(31_000);
    expect(text.durationMs).toBe(31_000 + 'Lee Jordan.'.length * 60);
    for (const sentence of text.sentences) {
      for (const { word } of sentence.words) {
        expect(Number.isInteger(word.startMs) && Number.isInteger(word.endMs)).toBe(true);
        expect(word.startMs).toBeGreaterThanOrEqual(sentence.startMs);
        expect(word.endMs).toBeLessThanOrEqual(sentence.endMs);
      }
    }
    const starts = text.words.map((word) => word.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('finds words without punctuation and records where each sits in its sentence', () => {
    const sentence = text.sentences[3];
    expect(sentence?.words.map((span) => span.word.text)).toEqual([
      'Let',
      'me',
      'check',
      "what's",
      'your',
      'name',
    ]);
    for (const span of sentence?.words ?? []) {
      expect(sentence?.text.slice(span.start, span.end)).toBe(span.word.text);
    }
  });

  it('keeps the "@" of a mention with its word', () => {
    const mention = chatToText({
      participants: [{ participantId: 'a', role: 'agent' }],
      messages: [
        { participantId: 'a', timestamp: '2024-03-01T10:00:00Z', content: '@136912 Hi, @AppleSupport here.' },
      ],
    });
    expect(mention.words.map((word) => word.text)).toEqual(['@136912', 'Hi', '@AppleSupport', 'here']);
    const [sentence] = mention.sentences;
    expect(sentence?.words.map((span) => sentence.text.slice(span.start, span.end))).toEqual([
      '@136912',
      'Hi',
      '@AppleSupport',
      'here',
    ]);
  });

  it('puts company-side roles with the agent and anyone else with the customer', () => {
    expect(sideOfRole('bot')).toBe('participantOne');
    expect(sideOfRole(' System ')).toBe('participantOne');
    expect(sideOfRole('visitor')).toBe('participantTwo');
  });

  it('rejects a message from a participant that is not declared, naming it', () => {
    const bad = {
      ...chat,
      messages: [
        ...chat.messages,
        { participantId: 'ghost', timestamp: '2024-03-01T10:01:00Z', content: 'boo' },
      ],
    };
    expectInvalid(() => chatToText(bad), /chat\.messages\[3\].*"ghost".*not in chat\.participants/u);
  });

  it('rejects an unreadable timestamp, duplicate participants and a chat without text', () => {
    const badTime = {
      ...chat,
      messages: [{ participantId: 'agent-7', timestamp: 'yesterday', content: 'hi' }],
    };
    expectInvalid(() => chatToText(badTime), /messages\[0\]\.timestamp "yesterday"/u);
    const twice = {
      ...chat,
      participants: [...chat.participants, { participantId: 'agent-7', role: 'agent' }],
    };
    expectInvalid(() => chatToText(twice), /"agent-7" twice/u);
    const empty = {
      ...chat,
      messages: [{ participantId: 'agent-7', timestamp: '2024-03-01T10:00:00Z', content: '  ' }],
    };
    expectInvalid(() => chatToText(empty), /no message with text/u);
  });
});
