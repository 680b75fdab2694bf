/**
 * Where the engine's benchmarks find what ../shared holds (recordings, data sets, models), and
 * recordings decoded whole, as the raw side of a comparison reads them.
 */
import { join, resolve } from 'node:path';
import { decodePcm, joinSamples } from '@parley/engine';

// dist/bench -> repository root
const repoRoot = resolve(import.meta.dirname, '../../../..');
export const sharedDir = process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared');
export const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? join(sharedDir, 'models');
export const audioDir = join(sharedDir, 'audio');
export const dataDir = join(sharedDir, 'data');
export const vadModel = join(modelsDir, 'silero-vad', 'silero_vad.onnx');

/** A recording as 16 kHz mono samples, all at once. */
export async function decodeWhole(path: string): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  for await (const chunk of decodePcm({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, path, { channels: 1 })) {
    chunks.push(chunk);
  }
  return joinSamples(chunks);
}
