import type { RecognizerFetchOptions } from './audio/recognizer-fetch.js';
import type {
  ChatInput,
  Conversation,
  EnlightenBundle,
  ParticipantScope,
  ProcessingResult,
  PunctuatedTranscript,
  TranscriptInput,
  VoiceActivitySegment,
  Word,
} from './types.js';

/** One interaction's source, as the worker hands it to the engine. */
export type EngineInput =
  | { kind: 'chat'; chat: ChatInput }
  | { kind: 'transcript'; transcript: TranscriptInput }
  | {
      kind: 'audio';
      /** A local file holding the audio exactly as it was uploaded or downloaded. */
      filePath: string;
      /** The name the client gave the file; its extension is a hint for the decoder. */
      filename?: string;
    };

export interface EngineJob {
  input: EngineInput;
  languageTag: string;
  includeAiResults: boolean;
  /**
   * Which side is the agent; contact-centre recorders disagree. Stereo: the channel. Mono audio
   * split by diarization: 0 is the first speaker to talk, 1 the second. When absent, the
   * engine's `defaultAgentChannel`, then what is said, decides.
   */
  agentChannel?: 0 | 1;
  /**
   * Redaction policies besides ElevateAI's three, which always apply ("email", "phone", ... or
   * "all"); see redaction/policies.ts. An unknown name fails the job with `redaction_policy_unknown`.
   */
  redactionPolicies?: readonly string[];
  signal?: AbortSignal;
}

/** One part of the engine and whether it can run here: what /readyz reports. */
export interface ComponentStatus {
  name: string;
  ready: boolean;
  /** What is in use, e.g. "pocketsphinx en-us" or "fasttext sentiment (tweets+conv)". */
  detail: string;
  /** When not ready: what is missing and the one command that installs it. */
  remedy?: string;
  /** Not ready yet, but being loaded: it will be ready (or say why not) without anyone acting. */
  loading?: boolean;
}

export interface Engine {
  process(job: EngineJob): Promise<ProcessingResult>;
  /**
   * The evidence behind the CX AI scores of a processed interaction, recomputed from its stored
   * (redacted) punctuated transcript, on the text stage's threads like processing. Engines built
   * by createEngine always have it; empty lists when the analyzer cannot explain itself.
   */
  explain?(punctuated: PunctuatedTranscript, durationMs: number): Promise<AnalyticsEvidence>;
  status(): Promise<ComponentStatus[]>;
  close(): Promise<void>;
}

/** What speech recognition hands to the rest of the pipeline. Words are not yet redacted. */
export interface AudioTranscription {
  /**
   * Stereo: words tagged participantOne/participantTwo by channel. Mono: by diarized speaker
   * (participantOne speaks first), or allParticipants when only one voice was found.
   */
  words: Word[];
  voiceActivity: Record<ParticipantScope, VoiceActivitySegment[]>;
  durationMs: number;
  speakerSeparation: 'channels' | 'diarization' | 'none';
  /** True when the recogniser already emits punctuation and casing (Whisper), false otherwise. */
  punctuated: boolean;
  /** Whether word times come from the recogniser ('model') or are spread over voiced regions ('estimated'). */
  wordTimes?: 'model' | 'estimated';
}

export interface AudioTranscriptionRequest {
  filePath: string;
  filename?: string;
  languageTag: string;
  agentChannel?: 0 | 1;
  signal?: AbortSignal;
}

/** Decode + voice activity + speech recognition, behind one interface. */
export interface AudioTranscriber {
  transcribe(request: AudioTranscriptionRequest): Promise<AudioTranscription>;
  status(): Promise<ComponentStatus[]>;
  close(): Promise<void>;
}

/** CX AI: fills the Enlighten bundles for each scope from a redacted conversation. */
export interface Analyzer {
  /** Returns `enlightenBundles` per scope; voice activity is copied from the conversation by the caller. */
  analyze(conversation: Conversation): Record<ParticipantScope, EnlightenBundle[]>;
  status(): ComponentStatus[];
  /** Which sentences moved each model's score (a Parley extension; absent in analyzers without it). */
  explain?(conversation: Conversation): AnalyticsEvidence;
}

import type { AnalyticsEvidence } from '@parley/contract';

export type { AnalyticsEvidence, EvidenceLine, ModelEvidence } from '@parley/contract';

export interface EngineOptions {
  /** Directory holding model folders (silero-vad/, pocketsphinx-en-us/, sentiment-fasttext-en/, ...). */
  modelsDir: string | undefined;
  /** Replace the default speech recogniser (tests of the layers above, other engines). */
  transcriber?: AudioTranscriber;
  /** Fetch the recommended speech recogniser when it is missing (default: never). */
  recognizerFetch?: RecognizerFetchOptions;
  /** Replace the default CX AI analyzer; the text stage then runs in process. */
  analyzer?: Analyzer;
  /**
   * Worker threads for the text stage (sentences, redaction, analytics, rendering); 0 runs it
   * on the caller's thread. Servers use threads so that no input can block their event loop.
   */
  textThreads?: number;
  /** With threads: a text stage still running after this long is stopped (`analysis_timeout`). */
  textTimeoutMs?: number;
  /**
   * With threads: return before the text models are loaded; jobs wait for them, and status()
   * reports them `loading` meanwhile. Servers use it to listen while the models load.
   */
  loadTextModelsInBackground?: boolean;
  /**
   * The server's default for jobs without `agentChannel`. Unset: the agent is found from what
   * is said (see roles/decide.ts).
   */
  defaultAgentChannel?: 0 | 1;
}
