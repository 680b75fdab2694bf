/**
 * Interactions as a client declares them: the samples the server's tests and benchmarks send.
 * The chat carries a card number, so redaction has something to do.
 */

/** A recording, declared before its upload. */
export const AUDIO_BODY = {
  type: 'audio',
  languageTag: 'en-us',
  vertical: 'default',
  includeAiResults: true,
};

export const CHAT_BODY = {
  type: 'chat',
  languageTag: 'en-us',
  vertical: 'default',
  includeAiResults: true,
  chat: {
    participants: [
      { participant_id: 'agent-7', name: 'Dana', role: 'agent' },
      { participant_id: 'cust-42', name: 'Lee', role: 'customer' },
    ],
    messages: [
      {
        participant_id: 'cust-42',
        timestamp: '2024-03-01T10:00:00Z',
        content: 'Hi, my card was declined this morning.',
      },
      {
        participant_id: 'agent-7',
        timestamp: '2024-03-01T10:00:20Z',
        content: 'I am sorry to hear that. Let me check your account.',
      },
      {
        participant_id: 'cust-42',
        timestamp: '2024-03-01T10:00:45Z',
        content: 'My card number is 4111 1111 1111 1111.',
      },
      {
        participant_id: 'agent-7',
        timestamp: '2024-03-01T10:01:10Z',
        content: 'Thank you. The block is removed now. Is there anything else?',
      },
      {
        participant_id: 'cust-42',
        timestamp: '2024-03-01T10:01:30Z',
        content: 'No, that is great. Thanks a lot for your help!',
      },
    ],
  },
};

export const TRANSCRIPT_BODY = {
  type: 'transcript',
  languageTag: 'en-us',
  vertical: 'default',
  includeAiResults: true,
  transcript: {
    participantOne: {
      phrases: ['thanks', 'for', 'calling', 'how', 'can', 'i', 'help'],
      phraseSegments: [
        { startTimeOffset: 870, endTimeOffset: 1330, phraseIndex: 0, score: 0.98 },
        { startTimeOffset: 1330, endTimeOffset: 1500, phraseIndex: 1, score: 0.97 },
        { startTimeOffset: 1500, endTimeOffset: 1900, phraseIndex: 2, score: 0.99 },
        { startTimeOffset: 2400, endTimeOffset: 2600, phraseIndex: 3, score: 0.95 },
        { startTimeOffset: 2600, endTimeOffset: 2800, phraseIndex: 4, score: 0.96 },
        { startTimeOffset: 2800, endTimeOffset: 2900, phraseIndex: 5, score: 0.99 },
        { startTimeOffset: 2900, endTimeOffset: 3300, phraseIndex: 6, score: 0.97 },
      ],
    },
    participantTwo: {
      phrases: ['my', 'internet', 'is', 'down', 'again'],
      phraseSegments: [
        { startTimeOffset: 4000, endTimeOffset: 4200, phraseIndex: 0, score: 0.9 },
        { startTimeOffset: 4200, endTimeOffset: 4700, phraseIndex: 1, score: 0.92 },
        { startTimeOffset: 4700, endTimeOffset: 4800, phraseIndex: 2, score: 0.95 },
        { startTimeOffset: 4800, endTimeOffset: 5100, phraseIndex: 3, score: 0.93 },
        { startTimeOffset: 5100, endTimeOffset: 5600, phraseIndex: 4, score: 0.94 },
      ],
    },
  },
};
