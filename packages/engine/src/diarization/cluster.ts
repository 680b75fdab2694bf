import { fitGaussian, logDensity, type Gaussian } from './gaussian.js';

/**
 * Speaker clustering of voiced feature frames: k-means on short segments for a start, then
 * re-segmentation by Viterbi decoding over per-speaker Gaussians with a cost for changing speaker,
 * then a check that merges speakers the data cannot tell apart.
 */

export interface ClusterSettings {
  /** Most speakers looked for. */
  maxSpeakers: number;
  /** Frames per initial segment (1.5 s). */
  segmentFrames: number;
  /** Log-likelihood cost of a speaker change inside a voiced stretch. */
  switchPenalty: number;
  /**
   * Smallest separation (squared Mahalanobis distance of mean features) at which two clusters
   * are kept as two speakers. Measured on single-speaker readings (jfk, LibriVox clips: at most
   * 1.6) and recordings of two different voices (2.8 and more); see the diarization benchmark.
   */
  minSeparation: number;
  /** Viterbi/refit rounds. */
  iterations: number;
}

export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = {
  maxSpeakers: 2,
  segmentFrames: 150,
  switchPenalty: 60,
  minSeparation: 2.2,
  iterations: 3,
};

/** Voiced frames, normalised, and where each voiced stretch starts among them. */
export interface FrameSet {
  data: Float64Array;
  dims: number;
  count: number;
  /** Index of the first frame of each voiced stretch, ascending. */
  stretchStarts: number[];
}

/** A small deterministic generator: the same recording always gives the same speakers. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Segment {
  from: number;
  to: number;
  vector: Float64Array;
}

function segmentsOf(frames: FrameSet, settings: ClusterSettings): Segment[] {
  const bounds = [...frames.stretchStarts, frames.count];
  const segments: Segment[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const start = bounds[s] as number;
    const end = bounds[s + 1] as number;
    const pieces = Math.max(1, Math.round((end - start) / settings.segmentFrames));
    for (let p = 0; p < pieces; p++) {
      const from = start + Math.floor(((end - start) * p) / pieces);
      const to = start + Math.floor(((end - start) * (p + 1)) / pieces);
      if (to <= from) continue;
      const vector = new Float64Array(frames.dims);
      for (let f = from; f < to; f++) {
        for (let d = 0; d < frames.dims; d++)
          vector[d] = (vector[d] as number) + (frames.data[f * frames.dims + d] as number);
      }
      for (let d = 0; d < frames.dims; d++) vector[d] = (vector[d] as number) / (to - from);
      segments.push({ from, to, vector });
    }
  }
  return segments;
}

function distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += ((a[d] as number) - (b[d] as number)) ** 2;
  return sum;
}

/** k-means++ on segment means, weighted by segment length; the best of a few seeded restarts. */
function kmeans(segments: Segment[], k: number, dims: number): number[] {
  let best: { labels: number[]; cost: number } | undefined;
  for (let restart = 0; restart < 5; restart++) {
    const next = random(1 + restart);
    const centres: Float64Array[] = [
      segments[Math.floor(next() * segments.length)]?.vector ?? new Float64Array(dims),
    ];
    while (centres.length < k) {
      const weights = segments.map(
        (s) => Math.min(...centres.map((c) => distance(s.vector, c))) * (s.to - s.from),
      );
      const total = weights.reduce((a, b) => a + b, 0);
      let pick = next() * total;
      let chosen = 0;
      for (; chosen < weights.length - 1; chosen++) {
        pick -= weights[chosen] as number;
        if (pick <= 0) break;
      }
      centres.push(Float64Array.from(segments[chosen]?.vector ?? new Float64Array(dims)));
    }
    let labels = segments.map(() => 0);
    for (let round = 0; round < 20; round++) {
      const updated = segments.map((s) => {
        let label = 0;
        for (let c = 1; c < k; c++)
          if (
            distance(s.vector, centres[c] as Float64Array) <
            distance(s.vector, centres[label] as Float64Array)
          )
            label = c;
        return label;
      });
      const changed = updated.some((label, i) => label !== labels[i]);
      labels = updated;
      for (let c = 0; c < k; c++) {
        const centre = new Float64Array(dims);
        let weight = 0;
        segments.forEach((s, i) => {
          if (labels[i] !== c) return;
          const w = s.to - s.from;
          weight += w;
          for (let d = 0; d < dims; d++) centre[d] = (centre[d] as number) + w * (s.vector[d] as number);
        });
        if (weight > 0) {
          for (let d = 0; d < dims; d++) centre[d] = (centre[d] as number) / weight;
          centres[c] = centre;
        }
      }
      if (!changed) break;
    }
    const cost = segments.reduce(
      (sum, s, i) => sum + (s.to - s.from) * distance(s.vector, centres[labels[i] as number] as Float64Array),
      0,
    );
    if (best === undefined || cost < best.cost) best = { labels, cost };
  }
  return best?.labels ?? segments.map(() => 0);
}

function framesOf(labels: Int32Array, speaker: number): number[] {
  const rows: number[] = [];
  for (let f = 0; f < labels.length; f++) if (labels[f] === speaker) rows.push(f);
  return rows;
}

/**
 * Viterbi over voiced frames: each frame's speaker, given one Gaussian per speaker and a cost for
 * changing speaker. Across a pause between voiced stretches the change costs a quarter as much,
 * since turns mostly change at a pause.
 */
function viterbi(frames: FrameSet, models: Gaussian[], penalty: number): Int32Array {
  const k = models.length;
  const n = frames.count;
  const back = new Int8Array(n * k);
  let score = new Float64Array(k);
  let next = new Float64Array(k);
  const scratch = new Float64Array(frames.dims);
  const stretchStart = new Set(frames.stretchStarts);
  for (let f = 0; f < n; f++) {
    const cost = stretchStart.has(f) ? penalty / 4 : penalty;
    let bestPrevious = 0;
    for (let s = 1; s < k; s++) if ((score[s] as number) > (score[bestPrevious] as number)) bestPrevious = s;
    for (let s = 0; s < k; s++) {
      const stay = score[s] as number;
      const move = (score[bestPrevious] as number) - cost;
      const from = f === 0 || stay >= move ? s : bestPrevious;
      back[f * k + s] = from;
      next[s] =
        (f === 0 ? 0 : Math.max(stay, move)) + logDensity(models[s] as Gaussian, frames.data, f, scratch);
    }
    [score, next] = [next, score];
  }
  const labels = new Int32Array(n);
  let state = 0;
  for (let s = 1; s < k; s++) if ((score[s] as number) > (score[state] as number)) state = s;
  for (let f = n - 1; f >= 0; f--) {
    labels[f] = state;
    state = back[f * k + state] as number;
  }
  return labels;
}

/** Renumbers speakers 0..k-1 by first appearance, dropping empty ones. */
function renumber(labels: Int32Array): { labels: Int32Array; speakers: number } {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let f = 0; f < labels.length; f++) {
    const label = labels[f] as number;
    if (!map.has(label)) map.set(label, map.size);
    out[f] = map.get(label) as number;
  }
  return { labels: out, speakers: map.size };
}

function resegment(
  frames: FrameSet,
  initial: Int32Array,
  speakers: number,
  settings: ClusterSettings,
): Int32Array {
  let labels = initial;
  for (let round = 0; round < settings.iterations; round++) {
    const models: Gaussian[] = [];
    for (let s = 0; s < speakers; s++) {
      const rows = framesOf(labels, s);
      if (rows.length > frames.dims * 2) models.push(fitGaussian(frames.data, frames.dims, rows));
    }
    if (models.length < 2) return new Int32Array(frames.count);
    const updated = viterbi(frames, models, settings.switchPenalty);
    const unchanged = updated.every((label, i) => label === labels[i]);
    labels = renumber(updated).labels;
    if (unchanged) break;
  }
  return labels;
}

/**
 * Squared Mahalanobis distance between two speakers' mean features under their pooled
 * covariance. Unlike a likelihood ratio over frames, which grows with whatever splits the
 * frames (vowels from fricatives, loud from soft), the distance between the averages of many
 * seconds of speech is small for one voice and large for two.
 */
function separation(frames: FrameSet, a: number[], b: number[]): number {
  const ga = fitGaussian(frames.data, frames.dims, a);
  const gb = fitGaussian(frames.data, frames.dims, b);
  const pooled = fitGaussian(frames.data, frames.dims, [...a, ...b]);
  const scratch = new Float64Array(frames.dims);
  const logDensityAt = logDensity({ ...pooled, mean: ga.mean }, gb.mean, 0, scratch);
  return -2 * logDensityAt - frames.dims * Math.log(2 * Math.PI) - pooled.logDet;
}

const MIN_SPEAKER_SHARE = 0.05;

/** The pair of speakers least distinct, and how distinct (see `separation`). */
function closestPair(
  frames: FrameSet,
  labels: Int32Array,
  speakers: number,
): { a: number; b: number; distance: number; minority: number } {
  const rows = Array.from({ length: speakers }, (_, s) => framesOf(labels, s));
  let best = { a: 0, b: 1, distance: Infinity, minority: 0 };
  for (let a = 0; a < speakers; a++) {
    for (let b = a + 1; b < speakers; b++) {
      const ra = rows[a] as number[];
      const rb = rows[b] as number[];
      const minority = Math.min(ra.length, rb.length) / frames.count;
      // A "speaker" with under 5% of the speech is an artefact (a cough, a noise burst) or a
      // voice too brief to model: it joins its nearest neighbour.
      const distance = minority < MIN_SPEAKER_SHARE ? 0 : separation(frames, ra, rb);
      if (distance < best.distance) best = { a, b, distance, minority };
    }
  }
  return best;
}

/**
 * Each voiced frame's speaker (0-based, numbered by first appearance). Starts from the most
 * speakers allowed and merges the least distinct pair while their voices are too alike to be
 * two, so a recording of one person stays one speaker.
 */
export function clusterSpeakers(
  frames: FrameSet,
  settings: ClusterSettings = DEFAULT_CLUSTER_SETTINGS,
): Int32Array {
  const none = new Int32Array(frames.count);
  // Under ~3 s of speech there is not enough to model two voices.
  if (frames.count < 300) return none;
  const segments = segmentsOf(frames, settings);
  let k = Math.min(settings.maxSpeakers, segments.length);
  if (k < 2) return none;
  const initial = new Int32Array(frames.count);
  kmeans(segments, k, frames.dims).forEach((label, i) => {
    const segment = segments[i] as Segment;
    initial.fill(label, segment.from, segment.to);
  });
  let { labels, speakers } = renumber(resegment(frames, renumber(initial).labels, k, settings));
  while (speakers >= 2) {
    const pair = closestPair(frames, labels, speakers);
    if (pair.distance >= settings.minSeparation) break;
    const merged = labels.map((label) => (label === pair.b ? pair.a : label));
    ({ labels, speakers } = renumber(merged));
    if (speakers < 2) break;
    ({ labels, speakers } = renumber(resegment(frames, labels, speakers, settings)));
  }
  k = speakers;
  return k < 2 ? none : labels;
}
