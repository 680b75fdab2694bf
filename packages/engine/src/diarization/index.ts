import { joinSamples } from '../audio/channel-split.js';
import type { SpanMs } from '../audio/timeline.js';
import type { ComponentStatus } from '../engine.js';
import { DEFAULT_CLUSTER_SETTINGS, type ClusterSettings } from './cluster.js';
import type { Diarization } from './diarize.js';
import {
  findSherpaDiarizationModels,
  loadSherpaDiarizer,
  probeSherpaDiarization,
  type SherpaDiarizer,
} from './sherpa-diarizer.js';
import { startSpectralThread } from './spectral-session.js';

export type { Diarization, SpeakerTurn } from './diarize.js';
export { assignSpeakers } from './assign.js';

export type DiarizerKind = 'spectral' | 'sherpa-onnx';

/** One recording's audio as it streams in, then who spoke when. */
export interface DiarizationSession {
  push(samples: Float32Array): void;
  /** `voiced`: the regions voice detection found, which the spectral stage splits among speakers. */
  finish(voiced: readonly SpanMs[]): Promise<Diarization>;
  /** Lets go of a session that will not be finished (the transcription failed or was aborted). */
  close(): void;
}

export interface Diarizer {
  kind: DiarizerKind;
  start(): DiarizationSession;
  status(): ComponentStatus;
}

export interface DiarizerOptions {
  modelsDir: string | undefined;
  /** `auto` uses sherpa-onnx's models when installed, the spectral stage otherwise. */
  prefer?: 'auto' | DiarizerKind;
  cluster?: Partial<ClusterSettings>;
}

function spectral(settings: ClusterSettings, detail: string): Diarizer {
  return {
    kind: 'spectral',
    // Off the event loop: features and clustering cost about 3% of a call's audio length in CPU,
    // and clustering runs in one block of seconds on a long call.
    start: () => startSpectralThread(settings),
    status: () => ({ name: 'speaker separation', ready: true, detail }),
  };
}

function neural(engine: SherpaDiarizer, detail: string): Diarizer {
  return {
    kind: 'sherpa-onnx',
    start(): DiarizationSession {
      // The neural models read the whole recording at once.
      const chunks: Float32Array[] = [];
      return {
        push: (samples) => chunks.push(Float32Array.from(samples)),
        close: () => {
          chunks.length = 0;
        },
        finish: () => Promise.resolve(engine.diarize(joinSamples(chunks))),
      };
    },
    status: () => ({ name: 'speaker separation', ready: true, detail }),
  };
}

/**
 * Speaker separation for mono audio: sherpa-onnx's neural models when they are installed and
 * load, otherwise the spectral stage, which needs no model files and so runs everywhere.
 */
export function createDiarizer(options: DiarizerOptions): Diarizer {
  const settings = { ...DEFAULT_CLUSTER_SETTINGS, ...options.cluster };
  const prefer = options.prefer ?? 'auto';
  const spectralDetail = `spectral (MFCC statistics, ${settings.maxSpeakers} speakers at most, Viterbi re-segmentation)`;
  if (prefer === 'spectral') return spectral(settings, spectralDetail);
  const models = findSherpaDiarizationModels(options.modelsDir);
  if (models === undefined) return spectral(settings, spectralDetail);
  const problem = probeSherpaDiarization(models);
  if (problem !== undefined) {
    return spectral(
      settings,
      `${spectralDetail}; the installed sherpa-onnx diarization models failed to load (${problem})`,
    );
  }
  try {
    const engine = loadSherpaDiarizer(models);
    return neural(engine, `sherpa-onnx (${models.segmentation}, ${models.embedding})`);
  } catch (error) {
    return spectral(
      settings,
      `${spectralDetail}; the installed sherpa-onnx diarization models failed to load (${(error as Error).message})`,
    );
  }
}
