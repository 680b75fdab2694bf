import { createAnalyzer } from '../analytics/index.js';
import type { AnalyticsEvidence, Analyzer, AudioTranscription, ComponentStatus } from '../engine.js';
import {
  buildSentences,
  createPunctuator,
  createRulePunctuator,
  looksPunctuated,
  type Punctuator,
} from '../punctuation/index.js';
import { measureOverlap } from '../diarization/overlap.js';
import { renderResult } from '../render.js';
import { placeAgent } from '../roles/place-agent.js';
import { chatToText } from '../text/chat.js';
import { assembleConversation, type ConversationParts } from '../text/conversation.js';
import { transcriptToWords } from '../text/transcript.js';
import { noVoiceActivity, voiceActivityFromWords } from '../text/voice-activity.js';
import type { RedactionPolicy } from '../redaction/policies.js';
import type {
  ChatInput,
  Conversation,
  ProcessingResult,
  PunctuatedTranscript,
  TranscriptInput,
} from '../types.js';

/**
 * Everything after speech recognition: words become sentences, are redacted, analysed and
 * rendered. All of it is CPU work on the text, so it is what runs on worker threads.
 * Requests are plain data (structured-clone safe) for that reason.
 */
export type TextStageRequest = {
  languageTag: string;
  includeAiResults: boolean;
  /** What to redact; absent: ElevateAI's three. */
  redactionPolicies?: RedactionPolicy[];
} & (
  | { kind: 'chat'; chat: ChatInput }
  | { kind: 'transcript'; transcript: TranscriptInput }
  | {
      kind: 'audio';
      audio: AudioTranscription;
      /** Which side the transcriber was told is the agent, and by whom. */
      agentHint?: AgentHint;
    }
);

export interface AgentHint {
  agentChannel: 0 | 1;
  from: 'hint' | 'default';
}

export interface TextStage {
  run(request: TextStageRequest): ProcessingResult;
  /** The sentences behind each CX AI score, from a stored (redacted) punctuated transcript. */
  explain(punctuated: PunctuatedTranscript, durationMs: number): AnalyticsEvidence;
  status(): ComponentStatus[];
}

export interface TextStageOptions {
  modelsDir: string | undefined;
  /** Replace the default CX AI analyzer (tests, evaluation); such a stage runs in process only. */
  analyzer?: Analyzer;
}

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

/** Models load once here, never per request. */
export async function createTextStage(options: TextStageOptions): Promise<TextStage> {
  const punctuator = await createPunctuator({ modelsDir: options.modelsDir });
  const plainPunctuator = createRulePunctuator('punctuation models cover English only');
  const analyzer = options.analyzer ?? (await createAnalyzer({ modelsDir: options.modelsDir }));

  const punctuatorFor = (languageTag: string): Punctuator =>
    isEnglish(languageTag) ? punctuator : plainPunctuator;

  function partsOf(request: TextStageRequest): ConversationParts {
    const { languageTag } = request;
    switch (request.kind) {
      case 'chat': {
        const chat = chatToText(request.chat, segmenterLocale(languageTag));
        return {
          medium: 'chat',
          languageTag,
          durationMs: chat.durationMs,
          words: chat.words,
          sentences: chat.sentences,
          voiceActivity: noVoiceActivity(),
          speakerSeparation: 'roles',
          speakers: chat.speakers,
        };
      }
      case 'transcript': {
        const transcript = transcriptToWords(request.transcript);
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
          speakers: {
            separation: transcript.speakerSeparation,
            agentDecidedBy: transcript.speakerSeparation === 'given' ? 'given' : 'none',
            agentConfidence: null,
          },
        };
      }
      case 'audio': {
        const { audio } = request;
        // Before sentences are built, so each sentence is made under its final participant.
        const placed = placeAgent({
          words: audio.words,
          voiceActivity: audio.voiceActivity,
          separation: audio.speakerSeparation,
          ...(request.agentHint === undefined ? {} : { hint: request.agentHint }),
        });
        const overlap =
          audio.speakerSeparation === 'none'
            ? {}
            : measureOverlap(placed.voiceActivity.participantOne, placed.voiceActivity.participantTwo);
        return {
          medium: 'audio',
          languageTag,
          durationMs: audio.durationMs,
          words: placed.words,
          sentences: buildSentences(placed.words, audio.punctuated ? null : punctuatorFor(languageTag)),
          voiceActivity: placed.voiceActivity,
          speakerSeparation: audio.speakerSeparation,
          speakers: { ...placed.speakers, ...overlap },
          ...(audio.wordTimes === undefined ? {} : { wordTimes: audio.wordTimes }),
        };
      }
    }
  }

  return {
    run(request: TextStageRequest): ProcessingResult {
      const conversation = assembleConversation({
        ...partsOf(request),
        ...(request.redactionPolicies !== undefined
          ? { redactionPolicies: new Set(request.redactionPolicies) }
          : {}),
      });
      const bundles = request.includeAiResults ? analyzer.analyze(conversation) : null;
      return renderResult(conversation, bundles);
    },
    explain(punctuated: PunctuatedTranscript, durationMs: number): AnalyticsEvidence {
      const conversation = conversationOfTranscript(punctuated, durationMs);
      return (
        analyzer.explain?.(conversation) ?? { allParticipants: [], participantOne: [], participantTwo: [] }
      );
    },
    status(): ComponentStatus[] {
      return [...analyzer.status(), punctuator.status()];
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

/** A text stage behind the asynchronous interface the threaded one has. */
export interface TextStageRunner {
  run(request: TextStageRequest, signal?: AbortSignal): Promise<ProcessingResult>;
  explain(punctuated: PunctuatedTranscript, durationMs: number): Promise<AnalyticsEvidence>;
  status(): Promise<ComponentStatus[]>;
  close(): Promise<void>;
}

/** Runs on the caller's thread: for tests, evaluation and injected analyzers. */
export function inProcessRunner(stage: TextStage): TextStageRunner {
  return {
    // async so that a throw becomes a rejection, as from a thread.
    async run(request: TextStageRequest, signal?: AbortSignal): Promise<ProcessingResult> {
      signal?.throwIfAborted();
      return stage.run(request);
    },
    async explain(punctuated: PunctuatedTranscript, durationMs: number): Promise<AnalyticsEvidence> {
      return stage.explain(punctuated, durationMs);
    },
    status: () => Promise.resolve(stage.status()),
    close: () => Promise.resolve(),
  };
}
