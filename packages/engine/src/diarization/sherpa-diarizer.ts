import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Diarization, SpeakerTurn } from './diarize.js';

/**
 * sherpa-onnx's neural diarization (pyannote segmentation + a speaker-embedding model), used in
 * place of the spectral stage when both models are in the models directory. Folder names follow
 * sherpa-onnx's release archives, so unpacking them into the models directory is enough.
 */
export const SHERPA_SEGMENTATION = { dirName: 'sherpa-onnx-pyannote-segmentation-3-0', file: 'model.onnx' };
export const SHERPA_EMBEDDING_DIR = 'speaker-embedding';

export interface SherpaDiarizationModels {
  segmentation: string;
  embedding: string;
}

/** The installed model files, or undefined when either is missing. */
export function findSherpaDiarizationModels(
  modelsDir: string | undefined,
): SherpaDiarizationModels | undefined {
  if (modelsDir === undefined) return undefined;
  const segmentation = join(modelsDir, SHERPA_SEGMENTATION.dirName, SHERPA_SEGMENTATION.file);
  const embeddingDir = join(modelsDir, SHERPA_EMBEDDING_DIR);
  if (!existsSync(segmentation) || !existsSync(embeddingDir)) return undefined;
  // Any one embedding model sherpa-onnx publishes (3D-Speaker, NeMo TitaNet, WeSpeaker); sorted so
  // the choice does not depend on the file system's order.
  const embedding = readdirSync(embeddingDir)
    .filter((name) => name.endsWith('.onnx'))
    .sort()[0];
  return embedding === undefined ? undefined : { segmentation, embedding: join(embeddingDir, embedding) };
}

interface SherpaSegment {
  start: number;
  end: number;
  speaker: number;
}
interface SherpaOfflineDiarization {
  sampleRate: number;
  process(samples: Float32Array): SherpaSegment[];
}
interface SherpaDiarizationModule {
  OfflineSpeakerDiarization: new (config: Record<string, unknown>) => SherpaOfflineDiarization;
}

export interface SherpaDiarizer {
  diarize(samples: Float32Array): Diarization;
}

function configOf(models: SherpaDiarizationModels): Record<string, unknown> {
  return {
    segmentation: { pyannote: { model: models.segmentation }, numThreads: 1, debug: 0 },
    embedding: { model: models.embedding, numThreads: 1, debug: 0 },
    // The number of speakers is not known in advance: sherpa clusters by distance, 0.5 being
    // its documented default, so one voice stays one speaker.
    clustering: { numClusters: -1, threshold: 0.5 },
    minDurationOn: 0.3,
    minDurationOff: 0.5,
  };
}

/**
 * sherpa-onnx ends the whole process, rather than throwing, when a model file is damaged; so the
 * models are first loaded once in a child process. Returns why they cannot be used, or undefined.
 */
export function probeSherpaDiarization(models: SherpaDiarizationModels): string | undefined {
  const script = `const { createRequire } = require('node:module');
const sherpa = createRequire(${JSON.stringify(import.meta.url)})('sherpa-onnx-node');
new sherpa.OfflineSpeakerDiarization(JSON.parse(process.argv[1]));`;
  const probe = spawnSync(process.execPath, ['-e', script, JSON.stringify(configOf(models))], {
    timeout: 60_000,
    encoding: 'utf8',
  });
  if (probe.status === 0) return undefined;
  const said = probe.stderr
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .at(-1);
  return `sherpa-onnx could not load them${said === undefined ? '' : `: ${said.trim().slice(0, 200)}`}`;
}

/**
 * Loads the models in this process; call probeSherpaDiarization first. Throws when the native
 * addon is missing, so the caller can fall back to the spectral stage and say why.
 */
export function loadSherpaDiarizer(models: SherpaDiarizationModels): SherpaDiarizer {
  const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as SherpaDiarizationModule;
  const engine = new sherpa.OfflineSpeakerDiarization(configOf(models));
  if (engine.sampleRate !== 16_000)
    throw new Error(`the segmentation model expects ${engine.sampleRate} Hz audio`);
  return {
    diarize(samples: Float32Array): Diarization {
      const order = new Map<number, number>();
      const turns: SpeakerTurn[] = engine
        .process(samples)
        .sort((a, b) => a.start - b.start)
        .map((segment) => {
          if (!order.has(segment.speaker)) order.set(segment.speaker, order.size);
          return {
            startMs: Math.round(segment.start * 1000),
            endMs: Math.round(segment.end * 1000),
            speaker: order.get(segment.speaker) as number,
          };
        });
      return { turns, speakers: Math.max(1, order.size) };
    },
  };
}
