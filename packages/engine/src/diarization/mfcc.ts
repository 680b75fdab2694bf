import { Fft } from './fft.js';

/**
 * Cepstral features for telling voices apart, computed as audio streams in.
 *
 * 25 ms frames every 10 ms at 16 kHz; a mel filterbank over 100-4000 Hz, because telephone
 * audio (8 kHz, upsampled) carries nothing above 4 kHz and a call must look the same whichever
 * rate it was recorded at; cepstra 1..DIMS (c0, loudness, says more about the distance to the
 * microphone than about the voice, so it is left out).
 */
export const FRAME_HOP = 160;
const FRAME_LENGTH = 400;
const FFT_SIZE = 512;
const MEL_BANDS = 24;
export const MFCC_DIMS = 16;
/** Frames per second. */
export const FRAME_RATE = 100;

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}
function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

interface Filter {
  first: number;
  weights: Float64Array;
}

function melFilters(sampleRate: number): Filter[] {
  const low = hzToMel(100);
  const high = hzToMel(4000);
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) =>
    melToHz(low + ((high - low) * i) / (MEL_BANDS + 1)),
  );
  const bin = (hz: number): number => (hz * FFT_SIZE) / sampleRate;
  const filters: Filter[] = [];
  for (let m = 1; m <= MEL_BANDS; m++) {
    const left = bin(edges[m - 1] as number);
    const centre = bin(edges[m] as number);
    const right = bin(edges[m + 1] as number);
    const first = Math.ceil(left);
    const last = Math.floor(right);
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      weights[k - first] = k <= centre ? (k - left) / (centre - left) : (right - k) / (right - centre);
    }
    filters.push({ first, weights });
  }
  return filters;
}

/** Streaming MFCC extractor: push samples, read frames out of `features` (MFCC_DIMS per frame). */
export class MfccStream {
  private readonly fft = new Fft(FFT_SIZE);
  private readonly window = new Float64Array(FRAME_LENGTH);
  private readonly filters: Filter[];
  private readonly dct: Float64Array;
  private readonly re = new Float64Array(FFT_SIZE);
  private readonly im = new Float64Array(FFT_SIZE);
  private readonly energies = new Float64Array(MEL_BANDS);
  /** Samples not yet consumed by a frame (at most one frame's worth). */
  private carry = new Float32Array(0);
  private data = new Float32Array(MFCC_DIMS * 1024);
  /** Frames computed so far; frame i starts at sample i * FRAME_HOP. */
  frames = 0;

  constructor(sampleRate = 16_000) {
    for (let i = 0; i < FRAME_LENGTH; i++)
      this.window[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FRAME_LENGTH - 1));
    this.filters = melFilters(sampleRate);
    this.dct = new Float64Array(MFCC_DIMS * MEL_BANDS);
    for (let c = 0; c < MFCC_DIMS; c++) {
      for (let m = 0; m < MEL_BANDS; m++) {
        this.dct[c * MEL_BANDS + m] = Math.cos((Math.PI * (c + 1) * (m + 0.5)) / MEL_BANDS);
      }
    }
  }

  push(samples: Float32Array): void {
    const buffer = new Float32Array(this.carry.length + samples.length);
    buffer.set(this.carry);
    buffer.set(samples, this.carry.length);
    let at = 0;
    while (at + FRAME_LENGTH <= buffer.length) {
      this.frame(buffer, at);
      at += FRAME_HOP;
    }
    this.carry = buffer.slice(at);
  }

  /** The features of frames [from, to), a view, MFCC_DIMS values per frame. */
  get features(): Float32Array {
    return this.data.subarray(0, this.frames * MFCC_DIMS);
  }

  private frame(buffer: Float32Array, at: number): void {
    const { re, im } = this;
    let previous = at > 0 ? (buffer[at - 1] as number) : 0;
    for (let i = 0; i < FRAME_LENGTH; i++) {
      const x = buffer[at + i] as number;
      re[i] = (x - 0.97 * previous) * (this.window[i] as number);
      previous = x;
    }
    re.fill(0, FRAME_LENGTH);
    im.fill(0);
    this.fft.transform(re, im);
    for (let m = 0; m < MEL_BANDS; m++) {
      const { first, weights } = this.filters[m] as Filter;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        const r = re[first + k] as number;
        const j = im[first + k] as number;
        sum += (weights[k] as number) * (r * r + j * j);
      }
      this.energies[m] = Math.log(sum + 1e-10);
    }
    if ((this.frames + 1) * MFCC_DIMS > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const out = this.frames * MFCC_DIMS;
    for (let c = 0; c < MFCC_DIMS; c++) {
      let sum = 0;
      for (let m = 0; m < MEL_BANDS; m++)
        sum += (this.dct[c * MEL_BANDS + m] as number) * (this.energies[m] as number);
      this.data[out + c] = sum;
    }
    this.frames++;
  }
}
