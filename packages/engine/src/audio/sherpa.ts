import { createRequire } from 'node:module';

/**
 * The parts of sherpa-onnx-node used here. The package ships JavaScript without type
 * declarations, so its surface is described once, in this file.
 */
export interface SherpaSpeechSegment {
  /** First sample of the segment, counted from the first sample ever accepted. */
  start: number;
  samples: Float32Array;
}

export interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isEmpty(): boolean;
  front(enableExternalBuffer?: boolean): SherpaSpeechSegment;
  pop(): void;
  flush(): void;
  reset(): void;
}

export interface SherpaVadConfig {
  sileroVad: {
    model: string;
    threshold: number;
    minSpeechDuration: number;
    minSilenceDuration: number;
    maxSpeechDuration: number;
    windowSize: number;
  };
  sampleRate: number;
  numThreads: number;
  provider: 'cpu';
  debug: boolean;
}

export interface SherpaOfflineResult {
  text: string;
  tokens?: string[];
  /** Start of each token, in seconds from the start of the clip. */
  timestamps?: number[];
  /** Length of each token in seconds, from models that predict it (TDT transducers). */
  durations?: number[];
  /** Log-probability of each token, for the models that report it. */
  ys_log_probs?: number[];
}

export interface SherpaOfflineStream {
  acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
}

export interface SherpaOfflineRecognizer {
  createStream(): SherpaOfflineStream;
  decodeAsync(stream: SherpaOfflineStream): Promise<SherpaOfflineResult>;
}

export interface SherpaModule {
  Vad: new (config: SherpaVadConfig, bufferSizeInSeconds: number) => SherpaVad;
  OfflineRecognizer: {
    createAsync(config: Record<string, unknown>): Promise<SherpaOfflineRecognizer>;
  };
}

let loaded: { module: SherpaModule } | { error: Error } | undefined;

/** Loads the native addon once; a machine without its prebuilt binary gets the reason, not a crash. */
export function loadSherpa(): SherpaModule {
  if (loaded === undefined) {
    try {
      loaded = { module: createRequire(import.meta.url)('sherpa-onnx-node') as SherpaModule };
    } catch (error) {
      loaded = { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  if ('error' in loaded) throw loaded.error;
  return loaded.module;
}
