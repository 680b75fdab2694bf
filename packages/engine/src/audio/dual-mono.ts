/**
 * Stage: dual-mono detection. Some recorders store a mono call as two identical channels; while
 * the second channel matches the first, its regions need not be recognised again, and a file
 * whose channels never differ is mono in truth, since nothing tells the participants apart.
 */
export interface DualMonoTracker {
  /** Looks at the next frames of both channels (a mono file passes no second channel). */
  push(first: Float32Array, second: Float32Array | undefined): void;
  /** Frames, from the start, over which the two channels have been identical so far. */
  readonly identicalUntil: number;
  /** True once the channels have differed anywhere (always for mono). */
  readonly diverged: boolean;
}

/**
 * -80 dBFS: what lossy coding of two equal channels can leave between them, and far below any
 * second voice.
 */
const SAME_SAMPLE = 1e-4;

export function trackDualMono(channels: number): DualMonoTracker {
  let frames = 0;
  let identicalUntil = 0;
  let diverged = channels < 2;
  return {
    push(first, second) {
      if (!diverged && second !== undefined) {
        if (first.some((x, i) => Math.abs(x - (second[i] ?? 0)) > SAME_SAMPLE)) diverged = true;
        else identicalUntil = frames + first.length;
      }
      frames += first.length;
    },
    get identicalUntil() {
      return identicalUntil;
    },
    get diverged() {
      return diverged;
    },
  };
}
