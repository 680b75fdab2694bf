import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from './create-engine.js';
import type {
  Analyzer,
  AudioTranscriber,
  AudioTranscription,
  AudioTranscriptionRequest,
  ComponentStatus,
} from './engine.js';
import type { Conversation, EnlightenBundle, ParticipantScope, Word } from './types.js';

// Unit tests of the facade: the recogniser and the analyzer below it are replaced by fakes that
// record how they are called. The real ones are exercised in create-engine.e2e.test.ts.
const modelsDir =
  process.env.PARLEY_MODELS_DIR ?? fileURLToPath(new URL('../../../../shared/models', import.meta.url));

function words(participant: ParticipantScope, line: string, fromMs: number): Word[] {
  return line.split(' ').map((text, i) => ({
    text,
    startMs: fromMs + i * 300,
    endMs: fromMs + i * 300 + 250,
    confidence: 0.5 + (i % 2) * 0.25,
    participant,
  }));
}

function fakeTranscriber(transcription: AudioTranscription) {
  const requests: AudioTranscriptionRequest[] = [];
  let closed = 0;
  const transcriber: AudioTranscriber = {
    async transcribe(request) {
      requests.push(request);
      return transcription;
    },
    async status(): Promise<ComponentStatus[]> {
      return [{ name: 'speech', ready: true, detail: 'fake recogniser' }];
    },
    async close() {
      closed += 1;
    },
  };
  return { transcriber, requests, closedCount: () => closed };
}

function fakeAnalyzer() {
  const seen: Conversation[] = [];
  const bundle: EnlightenBundle = { name: 'Customer Satisfaction', models: [] };
  const analyzer: Analyzer = {
    analyze(conversation) {
      seen.push(conversation);
      return { allParticipants: [bundle], participantOne: [], participantTwo: [bundle] };
    },
    status: () => [{ name: 'cx-ai analytics', ready: true, detail: 'fake analyzer' }],
  };
  return { analyzer, seen, bundle };
}

const stereo: AudioTranscription = {
  words: [
    ...words('participantOne', 'thank you for calling how can i help you', 0),
    ...words('participantTwo', 'hi my card number is 4111 1111 1111 1111', 3500),
  ],
  voiceActivity: {
    allParticipants: [{ startTimeOffset: 0, endTimeOffset: 6200, result: 'voice' }],
    participantOne: [{ startTimeOffset: 0, endTimeOffset: 2400, result: 'voice' }],
    participantTwo: [{ startTimeOffset: 3500, endTimeOffset: 6200, result: 'voice' }],
  },
  durationMs: 6500,
  speakerSeparation: 'channels',
  punctuated: false,
};

describe('createEngine (facade)', () => {
  it('runs audio through the recogniser, punctuation, redaction, analysis and rendering', async () => {
    const speech = fakeTranscriber(stereo);
    const cx = fakeAnalyzer();
    const engine = await createEngine({ modelsDir, transcriber: speech.transcriber, analyzer: cx.analyzer });
    const signal = new AbortController().signal;
    const result = await engine.process({
      input: { kind: 'audio', filePath: '/tmp/call.wav', filename: 'call.wav' },
      languageTag: 'en-us',
      includeAiResults: true,
      agentChannel: 1,
      signal,
    });
    expect(speech.requests).toEqual([
      { filePath: '/tmp/call.wav', filename: 'call.wav', languageTag: 'en-us', agentChannel: 1, signal },
    ]);
    // The analyzer sees the redacted conversation, never the digits.
    expect(cx.seen).toHaveLength(1);
    const seenText = [...(cx.seen[0]?.words ?? []), ...(cx.seen[0]?.sentences ?? [])].map(
      (item) => item.text,
    );
    expect(seenText.join(' ')).not.toMatch(/\d/u);
    expect(cx.seen[0]?.speakerSeparation).toBe('channels');
    expect(result.ai.participantTwo.enlightenBundles).toEqual([cx.bundle]);
    expect(result.ai.participantOne.enlightenBundles).toEqual([]);
    expect(result.ai.participantTwo.voiceActivitySegments).toEqual(stereo.voiceActivity.participantTwo);
    expect(result.transcript.participantTwo.phrases).toEqual([
      'hi',
      'my',
      'card',
      'number',
      'is',
      '#',
      '#',
      '#',
      '#',
    ]);
    expect(result.transcript.redactionSegments).toEqual([
      {
        startTimeOffset: 3500 + 5 * 300,
        endTimeOffset: 3500 + 8 * 300 + 250,
        result: 'Credit Card',
        score: 1,
      },
    ]);
    const sentences = result.punctuated.sentenceSegments;
    expect(sentences[0]).toMatchObject({ participant: 'participantOne', startTimeOffset: 0 });
    expect(sentences[0]?.phrase).toMatch(/^Thank you for calling/u);
    expect(sentences[sentences.length - 1]?.phrase).toMatch(/# # # #\.$/u);
    // Confidence of a sentence is the mean of its words'.
    expect(sentences[sentences.length - 1]?.score).toBeGreaterThan(0.5);
    expect(sentences[sentences.length - 1]?.score).toBeLessThan(0.75);
    expect(result.durationMs).toBe(6500);
  });

  it('keeps a punctuating recogniser’s own sentences and skips analysis when not asked', async () => {
    const speech = fakeTranscriber({
      ...stereo,
      words: words('allParticipants', 'Hello, this is Dana. How can I help?', 0),
      speakerSeparation: 'none',
      punctuated: true,
    });
    const cx = fakeAnalyzer();
    const engine = await createEngine({ modelsDir, transcriber: speech.transcriber, analyzer: cx.analyzer });
    const result = await engine.process({
      input: { kind: 'audio', filePath: '/x.mp3' },
      languageTag: 'en',
      includeAiResults: false,
    });
    expect(speech.requests[0]).toEqual({ filePath: '/x.mp3', languageTag: 'en' });
    expect(result.punctuated.sentenceSegments.map((s) => [s.participant, s.phrase])).toEqual([
      ['allParticipants', 'Hello, this is Dana.'],
      ['allParticipants', 'How can I help?'],
    ]);
    expect(result.transcript.participantOne.phrases).toEqual([]);
    expect(cx.seen).toEqual([]);
    expect(result.ai.allParticipants.enlightenBundles).toEqual([]);
  });

  it('merges the status of its parts and closes the recogniser', async () => {
    const speech = fakeTranscriber(stereo);
    const engine = await createEngine({
      modelsDir,
      transcriber: speech.transcriber,
      analyzer: fakeAnalyzer().analyzer,
    });
    expect((await engine.status()).map((s) => s.detail)).toEqual([
      'fake recogniser',
      'fake analyzer',
      expect.stringMatching(/fasttext punct-case-fasttext-en/u),
    ]);
    await engine.close();
    expect(speech.closedCount()).toBe(1);
  });

  it('stops before any work when the job is already aborted', async () => {
    const speech = fakeTranscriber(stereo);
    const engine = await createEngine({
      modelsDir,
      transcriber: speech.transcriber,
      analyzer: fakeAnalyzer().analyzer,
    });
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    await expect(
      engine.process({
        input: { kind: 'audio', filePath: '/tmp/call.wav' },
        languageTag: 'en-us',
        includeAiResults: true,
        signal: controller.signal,
      }),
    ).rejects.toThrow('job cancelled');
    expect(speech.requests).toEqual([]);
  });

  it('redacts what the job asks for besides the default three, and the analyzer reads it masked', async () => {
    const speech = fakeTranscriber({
      ...stereo,
      words: [
        ...words('participantOne', 'can i take an email address', 0),
        ...words(
          'participantTwo',
          'sure it is jo dot lee at gmail dot com and my card number is 4111 1111 1111 1111',
          2500,
        ),
      ],
    });
    const cx = fakeAnalyzer();
    const engine = await createEngine({ modelsDir, transcriber: speech.transcriber, analyzer: cx.analyzer });
    const job = {
      input: { kind: 'audio', filePath: '/tmp/call.wav' },
      languageTag: 'en-us',
      includeAiResults: true,
    } as const;
    const plain = await engine.process(job);
    expect(plain.transcript.redactionSegments.map((s) => s.result)).toEqual(['Credit Card']);
    const wider = await engine.process({ ...job, redactionPolicies: ['email'] });
    expect(wider.transcript.redactionSegments.map((s) => s.result)).toEqual(['Email', 'Credit Card']);
    expect(cx.seen[1]?.words.map((w) => w.text).join(' ')).not.toMatch(/gmail|lee/u);
    await expect(engine.process({ ...job, redactionPolicies: ['emails'] })).rejects.toMatchObject({
      code: 'redaction_policy_unknown',
    });
    await engine.close();
  });
});
