import { describe, expect, it } from 'vitest';
import type { ChatInput } from '../types.js';
import { chatProblem, chatToText } from './chat.js';

const base: ChatInput = {
  participants: [
    { participantId: 'a', name: 'Dana', role: 'agent' },
    { participantId: 'c', name: 'Lee', role: 'customer' },
  ],
  messages: [
    { participantId: 'c', timestamp: '2024-03-01T10:00:00Z', content: 'Hello there.' },
    { participantId: 'a', timestamp: '2024-03-01T10:00:05Z', content: 'Hi, how can I help?' },
  ],
};

describe('chatProblem', () => {
  it('accepts a chat whose messages all name listed participants', () => {
    expect(chatProblem(base)).toBeNull();
  });

  it('names a message from a participant id that is not listed', () => {
    const chat: ChatInput = {
      ...base,
      messages: [...base.messages, { participantId: 'x', timestamp: '2024-03-01T10:00:09Z', content: 'Hi' }],
    };
    expect(chatProblem(chat)).toEqual({ path: 'chat.messages[2]', detail: expect.stringContaining('"x"') });
  });

  it('names a participant id listed twice', () => {
    const chat: ChatInput = {
      ...base,
      participants: [...base.participants, { participantId: 'a', name: 'Ann', role: 'agent' }],
    };
    expect(chatProblem(chat)).toEqual({
      path: 'chat.participants',
      detail: expect.stringContaining('"a" twice'),
    });
  });

  it('is the check processing applies', () => {
    const chat: ChatInput = { ...base, messages: [{ ...base.messages[0]!, participantId: 'nobody' }] };
    const problem = chatProblem(chat);
    expect(problem).not.toBeNull();
    expect(() => chatToText(chat)).toThrow(`${problem?.path} ${problem?.detail}`);
  });
});
