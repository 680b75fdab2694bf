import { createAnalyzer } from './analytics/index.js';
import { createAudioTranscriber } from './audio/index.js';
import type {
  AnalyticsEvidence,
  Analyzer,
  AudioTranscriber,
  AudioTranscriptionRequest,
  ComponentStatus,
  Engine,
  EngineJob,
  EngineOptions,
} from './engine.js';
import {
  buildSentences,
  createPunctuator,
  createRulePunctuator,
  looksPunctuated,
} from './punctuation/index.js';
import type { Punctuator } from './punctuation/index.js';
import { renderResult } from './render.js';
import { chatToText } from './text/chat.js';
import { assembleConversation, type ConversationParts } from './text/conversation.js';
import { transcriptToWords } from './text/transcript.js';
import { noVoiceActivity, voiceActivityFromWords } from './text/voice-activity.js';
import type { Conversation, ProcessingResult, PunctuatedTranscript } from './types.js';

/** The punctuation model and the question rules are English; other languages get plain sentence marks. */
function isEnglish(languageTag: string): boolean {
  return /^en(?:-|$)/iu.test(languageTag);
}

/** A locale Intl accepts for segmenting chat text; an unknown tag falls back to English rules. */
function segmenterLocale(languageTag: string): string {
  try {
    return Intl.Segmenter.supportedLocalesOf([languageTag])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * The engine: chat, third-party transcripts and audio all become words and sentences, are
 * redacted, optionally analysed, and rendered to the ElevateAI documents. Models load once here,
 * never per job.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const punctuator = await createPunctuator({ modelsDir: options.modelsDir });
  const plainPunctuator = createRulePunctuator('punctuation models cover English only');
  // The recogniser loads its models on first use, so chat-only and transcript-only servers pay nothing.
  const transcriber: AudioTranscriber =
    options.transcriber ?? createAudioTranscriber({ modelsDir: options.modelsDir });
  const analyzer: Analyzer = options.analyzer ?? (await createAnalyzer({ modelsDir: options.modelsDir }));

  const punctuatorFor = (languageTag: string): Punctuator =>
    isEnglish(languageTag) ? punctuator : plainPunctuator;

  async function partsOf(job: EngineJob): Promise<ConversationParts> {
    const { input, languageTag } = job;
    switch (input.kind) {
      case 'chat': {
        const chat = chatToText(input.chat, segmenterLocale(languageTag));
        return {
          medium: 'chat',
          languageTag,
          durationMs: chat.durationMs,
          words: chat.words,
          sentences: chat.sentences,
          voiceActivity: noVoiceActivity(),
          speakerSeparation: 'roles',
        };
      }
      case 'transcript': {
        const transcript = transcriptToWords(input.transcript);
        const given = looksPunctuated(transcript.words);
        return {
          medium: 'transcript',
          languageTag,
          durationMs: transcript.durationMs,
          words: transcript.words,
          sentences: buildSentences(transcript.words, given ? null : punctuatorFor(languageTag)),
          givenRedactions: transcript.redactions,
          voiceActivity: voiceActivityFromWords(transcript.words, transcript.durationMs),
          speakerSeparation: transcript.speakerSeparation,
        };
      }
      case 'audio': {
        const request: AudioTranscriptionRequest = { filePath: input.filePath, languageTag };
        if (input.filename !== undefined) request.filename = input.filename;
        if (job.agentChannel !== undefined) request.agentChannel = job.agentChannel;
        if (job.signal !== undefined) request.signal = job.signal;
        const audio = await transcriber.transcribe(request);
        return {
          medium: 'audio',
          languageTag,
          durationMs: audio.durationMs,
          words: audio.words,
          sentences: buildSentences(audio.words, audio.punctuated ? null : punctuatorFor(languageTag)),
          voiceActivity: audio.voiceActivity,
          speakerSeparation: audio.speakerSeparation,
        };
      }
    }
  }

  const explain = analyzer.explain?.bind(analyzer);
  return {
    async process(job: EngineJob): Promise<ProcessingResult> {
      job.signal?.throwIfAborted();
      const parts = await partsOf(job);
      job.signal?.throwIfAborted();
      const conversation = assembleConversation(parts);
      const bundles = job.includeAiResults ? analyzer.analyze(conversation) : null;
      job.signal?.throwIfAborted();
      return renderResult(conversation, bundles);
    },

    async status(): Promise<ComponentStatus[]> {
      return [...(await transcriber.status()), ...analyzer.status(), punctuator.status()];
    },

    ...(explain
      ? {
          explain: (punctuated: PunctuatedTranscript, durationMs: number): AnalyticsEvidence =>
            explain(conversationOfTranscript(punctuated, durationMs)),
        }
      : {}),

    async close(): Promise<void> {
      await transcriber.close();
    },
  };
}

/** A conversation rebuilt from a stored punctuated transcript (already redacted), for explanations. */
function conversationOfTranscript(punctuated: PunctuatedTranscript, durationMs: number): Conversation {
  const sentences = punctuated.sentenceSegments.map((s) => ({
    participant: s.participant,
    startMs: s.startTimeOffset,
    endMs: s.endTimeOffset,
    text: s.phrase,
    confidence: s.score,
    words: [],
  }));
  const separated = sentences.some((s) => s.participant !== 'allParticipants');
  return {
    medium: 'transcript',
    languageTag: 'en-US',
    durationMs,
    words: [],
    sentences,
    redactions: punctuated.redactionSegments,
    voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
    speakerSeparation: separated ? 'given' : 'none',
  };
}
