import type { SpanMs } from '../audio/timeline.js';
import { clusterSpeakers, DEFAULT_CLUSTER_SETTINGS, type ClusterSettings, type FrameSet } from './cluster.js';
import { FRAME_RATE, MFCC_DIMS } from './mfcc.js';

/** One speaker's stretch of speech; speakers are numbered 0, 1, ... by who speaks first. */
export interface SpeakerTurn {
  startMs: number;
  endMs: number;
  speaker: number;
}

export interface Diarization {
  turns: SpeakerTurn[];
  speakers: number;
}

const MS_PER_FRAME = 1000 / FRAME_RATE;

/**
 * The voiced frames of a recording, each feature normalised to zero mean and unit variance over
 * the voiced frames (so the channel's colouring, common to every speaker, drops out).
 */
function voicedFrames(
  features: Float32Array,
  frameCount: number,
  voiced: readonly SpanMs[],
): { set: FrameSet; times: Int32Array } {
  const indices: number[] = [];
  const stretchStarts: number[] = [];
  let last = -1;
  for (const span of [...voiced].sort((a, b) => a.startMs - b.startMs)) {
    const from = Math.max(last + 1, Math.floor(span.startMs / MS_PER_FRAME));
    const to = Math.min(frameCount, Math.ceil(span.endMs / MS_PER_FRAME));
    if (to <= from) continue;
    stretchStarts.push(indices.length);
    for (let f = from; f < to; f++) indices.push(f);
    last = to - 1;
  }
  const dims = MFCC_DIMS;
  const data = new Float64Array(indices.length * dims);
  const mean = new Float64Array(dims);
  const square = new Float64Array(dims);
  indices.forEach((frame, row) => {
    for (let d = 0; d < dims; d++) {
      const value = features[frame * dims + d] as number;
      data[row * dims + d] = value;
      mean[d] = (mean[d] as number) + value;
      square[d] = (square[d] as number) + value * value;
    }
  });
  const n = Math.max(1, indices.length);
  for (let d = 0; d < dims; d++) {
    const m = (mean[d] as number) / n;
    const sd = Math.sqrt(Math.max(1e-8, (square[d] as number) / n - m * m));
    for (let row = 0; row < indices.length; row++)
      data[row * dims + d] = ((data[row * dims + d] as number) - m) / sd;
  }
  return { set: { data, dims, count: indices.length, stretchStarts }, times: Int32Array.from(indices) };
}

/**
 * Who spoke when, from cepstral features and the voiced regions: no model weights needed.
 * Turns follow the voiced regions and split inside them where the speaker changes.
 */
export function diarizeFeatures(
  features: Float32Array,
  frameCount: number,
  voiced: readonly SpanMs[],
  settings: Partial<ClusterSettings> = {},
): Diarization {
  const { set, times } = voicedFrames(features, frameCount, voiced);
  const labels = clusterSpeakers(set, { ...DEFAULT_CLUSTER_SETTINGS, ...settings });
  const turns: SpeakerTurn[] = [];
  let speakers = 0;
  for (let row = 0; row < set.count; row++) {
    const frame = times[row] as number;
    const speaker = labels[row] as number;
    speakers = Math.max(speakers, speaker + 1);
    const startMs = Math.round(frame * MS_PER_FRAME);
    const endMs = Math.round((frame + 1) * MS_PER_FRAME);
    const previous = turns.at(-1);
    if (previous !== undefined && previous.speaker === speaker && previous.endMs >= startMs)
      previous.endMs = endMs;
    else turns.push({ startMs, endMs, speaker });
  }
  // Turns take back the exact voiced boundaries they were cut from.
  for (const span of voiced) {
    for (const turn of turns) {
      if (Math.abs(turn.startMs - span.startMs) < MS_PER_FRAME) turn.startMs = span.startMs;
      if (Math.abs(turn.endMs - span.endMs) < MS_PER_FRAME) turn.endMs = span.endMs;
    }
  }
  return { turns, speakers: Math.max(1, speakers) };
}
