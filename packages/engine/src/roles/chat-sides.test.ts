import { describe, expect, it } from 'vitest';
import { chatToText } from '../text/chat.js';
import type { ChatInput } from '../types.js';
import { chatSides } from './chat-sides.js';

const at = (second: number): string => new Date(Date.UTC(2024, 2, 1, 10, 0, second)).toISOString();

/** An export that calls both sides "user": the agent is listed second and writes second. */
const unlabelled: ChatInput = {
  participants: [
    { participantId: 'u-1', role: 'user' },
    { participantId: 'u-2', role: 'user' },
  ],
  messages: [
    {
      participantId: 'u-1',
      timestamp: at(0),
      content: 'Hi, my internet has been down since yesterday and I need it fixed.',
    },
    {
      participantId: 'u-2',
      timestamp: at(10),
      content:
        'Thank you for contacting us, my name is Sam and I will be happy to help you today. Could you please confirm the email address on your account?',
    },
    {
      participantId: 'u-1',
      timestamp: at(30),
      content: 'It is lee at example dot com. I want a refund for the days I lost.',
    },
    {
      participantId: 'u-2',
      timestamp: at(45),
      content:
        'I apologize for the inconvenience. I have restarted your line and added a credit to your account. Is there anything else I can help you with?',
    },
    { participantId: 'u-1', timestamp: at(60), content: 'No, thanks.' },
  ],
};

describe('chatSides', () => {
  it('takes the sides from the roles when one names the company side', () => {
    const chat: ChatInput = {
      ...unlabelled,
      participants: [
        { participantId: 'u-1', role: 'customer' },
        { participantId: 'u-2', role: 'agent' },
      ],
    };
    const { sides, speakers } = chatSides(chat);
    expect(sides.get('u-2')).toBe('participantOne');
    expect(speakers).toEqual({ separation: 'given', agentDecidedBy: 'given', agentConfidence: null });
  });

  it('finds the agent by what is written when no role names the company side', () => {
    const { sides, speakers } = chatSides(unlabelled);
    expect(sides.get('u-2')).toBe('participantOne');
    expect(sides.get('u-1')).toBe('participantTwo');
    expect(speakers.agentDecidedBy).toBe('content');
    expect(speakers.agentConfidence).toBeGreaterThanOrEqual(0.7);
    // The words follow: the agent's lines are participantOne's.
    const text = chatToText(unlabelled);
    expect(text.speakers).toEqual(speakers);
    expect(text.words.find((w) => w.text === 'Sam')?.participant).toBe('participantOne');
  });

  it('takes the first listed writer as the agent, with its weak confidence, when the words do not tell', () => {
    const chat: ChatInput = {
      participants: [
        { participantId: 'quiet', role: 'customer' },
        { participantId: 'a', role: 'customer' },
        { participantId: 'b', role: 'customer' },
      ],
      messages: [
        { participantId: 'b', timestamp: at(0), content: 'ok' },
        { participantId: 'a', timestamp: at(5), content: 'ok' },
      ],
    };
    const { sides, speakers } = chatSides(chat);
    expect(sides.get('a')).toBe('participantOne');
    expect(sides.get('b')).toBe('participantTwo');
    expect(sides.get('quiet')).toBe('participantTwo');
    expect(speakers.agentDecidedBy).toBe('convention');
    expect(speakers.agentConfidence).toBeLessThan(0.7);
  });

  it('decides nothing when only one participant writes', () => {
    const chat: ChatInput = {
      participants: [{ participantId: 'a', role: 'user' }],
      messages: [{ participantId: 'a', timestamp: at(0), content: 'hello?' }],
    };
    const { sides, speakers } = chatSides(chat);
    expect(sides.get('a')).toBe('participantTwo');
    expect(speakers.agentDecidedBy).toBe('none');
  });
});
