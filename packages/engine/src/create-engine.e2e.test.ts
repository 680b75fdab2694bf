import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from './create-engine.js';
import type { Engine } from './engine.js';
import { isProcessingError } from './errors.js';
import type { ChatInput, PhraseList, ProcessingResult, TranscriptInput } from './types.js';

const modelsDir =
  process.env.PARLEY_MODELS_DIR ?? fileURLToPath(new URL('../../../../shared/models', import.meta.url));

/** The invariants every rendered result keeps, whatever the medium. */
function expectWellFormed(result: ProcessingResult): void {
  const lists: PhraseList[] = [
    result.transcript.allParticipants,
    result.transcript.participantOne,
    result.transcript.participantTwo,
  ];
  for (const list of lists) {
    let previous = 0;
    for (const segment of list.phraseSegments) {
      expect(Number.isInteger(segment.startTimeOffset) && Number.isInteger(segment.endTimeOffset)).toBe(true);
      expect(segment.startTimeOffset).toBeGreaterThanOrEqual(previous);
      expect(segment.endTimeOffset).toBeGreaterThanOrEqual(segment.startTimeOffset);
      expect(segment.endTimeOffset).toBeLessThanOrEqual(result.durationMs);
      expect(list.phrases[segment.phraseIndex]).toBeTypeOf('string');
      expect(segment.score).toBeGreaterThanOrEqual(0);
      expect(segment.score).toBeLessThanOrEqual(1);
      previous = segment.startTimeOffset;
    }
  }
  expect(result.transcript.allParticipants.phraseSegments.length).toBe(
    result.transcript.participantOne.phraseSegments.length +
      result.transcript.participantTwo.phraseSegments.length ||
      result.transcript.allParticipants.phraseSegments.length,
  );
  let previous = 0;
  for (const sentence of result.punctuated.sentenceSegments) {
    expect(sentence.startTimeOffset).toBeGreaterThanOrEqual(previous);
    expect(Number.isInteger(sentence.startTimeOffset) && Number.isInteger(sentence.endTimeOffset)).toBe(true);
    expect(sentence.phrase.trim().length).toBeGreaterThan(0);
    previous = sentence.startTimeOffset;
  }
}

/** Every text field of a result, joined: phrases and sentences. */
function allText(result: ProcessingResult): string {
  return [
    ...result.transcript.allParticipants.phrases,
    ...result.transcript.participantOne.phrases,
    ...result.transcript.participantTwo.phrases,
    ...result.punctuated.sentenceSegments.map((sentence) => sentence.phrase),
  ].join(' ');
}

const supportChat: ChatInput = {
  participants: [
    { participantId: 'agent-7', name: 'Dana', role: 'agent' },
    { participantId: 'cust-42', name: 'Lee', role: 'customer' },
  ],
  messages: [
    {
      participantId: 'cust-42',
      timestamp: '2024-03-01T10:00:00Z',
      content: 'Hi there. My card was declined at the store today, and I am really frustrated.',
    },
    {
      participantId: 'agent-7',
      timestamp: '2024-03-01T10:00:20Z',
      content:
        "I'm sorry to hear that! I understand how annoying that is. Let me look into it for you right away.",
    },
    {
      participantId: 'cust-42',
      timestamp: '2024-03-01T10:00:58Z',
      content: 'Thanks. Do you need anything from me?',
    },
    {
      participantId: 'agent-7',
      timestamp: '2024-03-01T10:01:10Z',
      content:
        'I can see a fraud hold on the account. I have removed it now. Is there anything else I can help with?',
    },
    {
      participantId: 'cust-42',
      timestamp: '2024-03-01T10:01:40Z',
      content: 'No, that is great. Thank you so much for your help!',
    },
  ],
};

function transcriptOf(lines: ReadonlyArray<['participantOne' | 'participantTwo', string]>): TranscriptInput {
  const lists = {
    participantOne: { phrases: [] as string[], phraseSegments: [] as PhraseList['phraseSegments'] },
    participantTwo: { phrases: [] as string[], phraseSegments: [] as PhraseList['phraseSegments'] },
  };
  let at = 400;
  for (const [participant, line] of lines) {
    const list = lists[participant];
    for (const word of line.split(' ')) {
      list.phraseSegments.push({
        startTimeOffset: at,
        endTimeOffset: at + 280,
        phraseIndex: list.phrases.length,
        score: 0.85,
      });
      list.phrases.push(word);
      at += 320;
    }
    at += 1200;
  }
  return lists;
}

describe('createEngine with real models', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('processes a chat: sides by role, sentences as written, offsets from timestamps, CX AI', async () => {
    const result = await engine.process({
      input: { kind: 'chat', chat: supportChat },
      languageTag: 'en-us',
      includeAiResults: true,
    });
    expectWellFormed(result);
    const sentences = result.punctuated.sentenceSegments;
    expect(sentences[0]).toMatchObject({
      participant: 'participantTwo',
      startTimeOffset: 0,
      phrase: 'Hi there.',
    });
    expect(sentences.find((s) => s.phrase === 'Is there anything else I can help with?')).toMatchObject({
      participant: 'participantOne',
    });
    expect(sentences.filter((s) => s.participant === 'participantOne')).toHaveLength(6);
    expect(result.transcript.participantOne.phrases.slice(0, 3)).toEqual(["I'm", 'sorry', 'to']);
    expect(result.transcript.participantOne.phraseSegments[0]?.startTimeOffset).toBe(20_000);
    expect(result.durationMs).toBe(100_000 + supportChat.messages[4]!.content.length * 60);
    expect(result.ai.participantOne.voiceActivitySegments).toEqual([]);
    expect(result.ai.allParticipants.enlightenBundles.length).toBeGreaterThan(0);
    expect(result.ai.participantTwo.enlightenBundles.length).toBeGreaterThan(0);
  });

  it('processes an unpunctuated third-party transcript into punctuated sentences and voice activity', async () => {
    const transcript = transcriptOf([
      ['participantOne', 'thank you for calling example telecom my name is dana how can i help you today'],
      ['participantTwo', 'hi i was charged twice for my bill this month can you fix that'],
      ['participantOne', 'of course let me check that for you'],
    ]);
    const result = await engine.process({
      input: { kind: 'transcript', transcript },
      languageTag: 'en-us',
      includeAiResults: false,
    });
    expectWellFormed(result);
    expect(result.transcript.participantOne.phrases[0]).toBe('thank');
    expect(result.transcript.allParticipants.phrases).toHaveLength(16 + 14 + 8);
    const sentences = result.punctuated.sentenceSegments;
    expect(sentences[0]?.phrase).toMatch(/^Thank you for calling/u);
    for (const sentence of sentences) expect(sentence.phrase).toMatch(/^\p{Lu}.*[.?]$/u);
    expect(sentences.map((s) => s.participant)).toContain('participantTwo');
    expect(result.ai.allParticipants.enlightenBundles).toEqual([]);
    // Voice while phrases run, silence between the turns, up to the end of the last phrase.
    const voice = result.ai.participantTwo.voiceActivitySegments;
    expect(voice.map((segment) => segment.result)).toEqual(['silence', 'voice', 'silence']);
    expect(voice[1]?.startTimeOffset).toBe(
      result.transcript.participantTwo.phraseSegments[0]?.startTimeOffset,
    );
    expect(voice[voice.length - 1]?.endTimeOffset).toBe(result.durationMs);
  });

  it('processes a mono recording with the default recogniser: punctuated sentences, voice activity', async () => {
    const filePath = fileURLToPath(new URL('../../../../shared/audio/jfk.wav', import.meta.url));
    const result = await engine.process({
      input: { kind: 'audio', filePath, filename: 'jfk.wav' },
      languageTag: 'en-us',
      includeAiResults: true,
    });
    expectWellFormed(result);
    expect(result.durationMs).toBeGreaterThan(10_000);
    expect(result.transcript.allParticipants.phrases.join(' ')).toMatch(/\bcountry\b/u);
    expect(result.transcript.participantOne.phrases).toEqual([]);
    const sentences = result.punctuated.sentenceSegments;
    expect(sentences.length).toBeGreaterThan(0);
    for (const sentence of sentences) {
      expect(sentence.participant).toBe('allParticipants');
      expect(sentence.phrase).toMatch(/^\p{Lu}.*[.?]$/u);
    }
    const voice = result.ai.allParticipants.voiceActivitySegments;
    expect(voice.some((segment) => segment.result === 'voice')).toBe(true);
    expect(result.ai.allParticipants.enlightenBundles.length).toBeGreaterThan(0);
  });

  it('rejects a broken transcript with transcript_invalid', async () => {
    const transcript: TranscriptInput = {
      allParticipants: {
        phrases: ['hello'],
        phraseSegments: [{ startTimeOffset: 0, endTimeOffset: 10, phraseIndex: 3, score: 1 }],
      },
    };
    const failure = await engine
      .process({ input: { kind: 'transcript', transcript }, languageTag: 'en-us', includeAiResults: false })
      .catch((error: unknown) => error);
    expect(isProcessingError(failure) && failure.code).toBe('transcript_invalid');
    expect((failure as Error).message).toMatch(/phraseIndex is 3/u);
  });
});

describe('redaction end to end', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir });
  });

  const sensitiveLines: Array<['participantOne' | 'participantTwo', string]> = [
    ['participantOne', 'can i have the card number please'],
    ['participantTwo', 'sure it is 4111 1111 1111 1111'],
    ['participantOne', 'and the security code on the back'],
    ['participantTwo', 'seven three seven'],
    ['participantOne', 'the other card please'],
    ['participantTwo', 'double five double five 5555 five five five five four four 44'],
    ['participantOne', 'and your social security number'],
    ['participantTwo', 'oh seven eight oh five one one two oh'],
    ['participantTwo', 'or my wife has 219-09-9999'],
  ];
  const sensitive = ['4111', '737', '5555', '4444', '078', '1120', '219', '9999'];
  const numberWords = /\b(?:oh|one|two|three|five|seven|eight|double|four|44)\b/iu;

  it('masks card numbers, codes and SSNs in a transcript, everywhere, and reports each', async () => {
    const transcript = transcriptOf(sensitiveLines);
    const result = await engine.process({
      input: { kind: 'transcript', transcript },
      languageTag: 'en-us',
      includeAiResults: true,
    });
    expectWellFormed(result);
    // Every string of the stored documents (numbers are times and scores, not text).
    const serialised = JSON.stringify(result, (_, value: unknown) =>
      typeof value === 'number' ? undefined : value,
    );
    for (const digits of sensitive) expect(serialised).not.toContain(digits);
    expect(allText(result)).not.toMatch(/\d/u);
    expect(allText(result)).not.toMatch(numberWords);
    expect(result.transcript.redactionSegments.map((s) => s.result)).toEqual([
      'Credit Card',
      'CVV',
      'Credit Card',
      'Social Security',
      'Social Security',
    ]);
    expect(result.punctuated.redactionSegments).toEqual(result.transcript.redactionSegments);
    // The first card: the four grouped digits of line 2 (words 3 to 6 of that line).
    const line2Start = 400 + 7 * 320 + 1200;
    expect(result.transcript.redactionSegments[0]).toEqual({
      startTimeOffset: line2Start + 3 * 320,
      endTimeOffset: line2Start + 6 * 320 + 280,
      result: 'Credit Card',
      score: 1,
    });
    expect(result.punctuated.sentenceSegments.map((s) => s.phrase).join(' ')).toContain('# # # #');
  });

  it('masks the same things in a chat and keeps the author punctuation around the mask', async () => {
    const chat: ChatInput = {
      participants: [
        { participantId: 'a', role: 'agent' },
        { participantId: 'c', role: 'customer' },
      ],
      messages: [
        {
          participantId: 'a',
          timestamp: '2024-03-01T10:00:00Z',
          content: 'Can I have the card number and the CVV, please?',
        },
        {
          participantId: 'c',
          timestamp: '2024-03-01T10:00:30Z',
          content: 'Sure: 4111-1111-1111-1111. The CVV is 737.',
        },
        { participantId: 'a', timestamp: '2024-03-01T10:01:00Z', content: 'And your SSN?' },
        {
          participantId: 'c',
          timestamp: '2024-03-01T10:01:20Z',
          content: "It's 078-05-1120, or in words oh seven eight oh five one one two oh.",
        },
      ],
    };
    const result = await engine.process({
      input: { kind: 'chat', chat },
      languageTag: 'en-us',
      includeAiResults: false,
    });
    expectWellFormed(result);
    expect(allText(result)).not.toMatch(/\d/u);
    expect(allText(result)).not.toMatch(numberWords);
    const phrases = result.punctuated.sentenceSegments.map((s) => s.phrase);
    expect(phrases).toContain('Sure: # # # #.');
    expect(phrases).toContain('The CVV is #.');
    expect(phrases).toContain("It's # # #, or in words # # # # # # # # #.");
    expect(result.punctuated.redactionSegments.map((s) => s.result)).toEqual([
      'Credit Card',
      'CVV',
      'Social Security',
      'Social Security',
    ]);
    for (const segment of result.punctuated.redactionSegments) {
      expect(segment.startTimeOffset).toBeGreaterThanOrEqual(30_000);
      expect(segment.endTimeOffset).toBeGreaterThan(segment.startTimeOffset);
    }
  });

  it('leaves order numbers, phone numbers, years and ages alone', async () => {
    const transcript = transcriptOf([
      ['participantTwo', 'my order number is 1234 5678 1234 5678'],
      ['participantOne', 'and a phone number to call you back'],
      ['participantTwo', 'it is 555 123 4567 i have been a customer since 2019 and i am twenty two'],
    ]);
    const result = await engine.process({
      input: { kind: 'transcript', transcript },
      languageTag: 'en-us',
      includeAiResults: false,
    });
    expect(result.transcript.redactionSegments).toEqual([]);
    const text = allText(result);
    for (const kept of ['1234', '5678', '555', '4567', '2019', 'twenty']) expect(text).toContain(kept);
  });
});

describe('createEngine without any model files', () => {
  it('still processes chats and transcripts, with rule punctuation, and says what is missing', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'parley-no-models-'));
    try {
      // No models directory at all: an empty one would still find the models shipped in models/.
      const engine = await createEngine({ modelsDir: undefined });
      const status = await engine.status();
      const punctuation = status.find((component) => component.name === 'punctuation');
      expect(punctuation?.detail).toMatch(/rules/u);
      expect(punctuation?.remedy).toContain('PARLEY_MODELS_DIR');

      const transcript = transcriptOf([
        ['participantOne', 'how can i help you today'],
        ['participantTwo', 'i was charged twice'],
      ]);
      const result = await engine.process({
        input: { kind: 'transcript', transcript },
        languageTag: 'en-us',
        includeAiResults: true,
      });
      expect(result.punctuated.sentenceSegments.map((s) => s.phrase)).toEqual([
        'How can I help you today?',
        'I was charged twice.',
      ]);
      const chat = await engine.process({
        input: { kind: 'chat', chat: supportChat },
        languageTag: 'en-us',
        includeAiResults: true,
      });
      expectWellFormed(chat);
      await engine.close();
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});
