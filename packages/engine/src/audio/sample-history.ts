/**
 * The most recent samples of one channel, addressed by their absolute index in the stream. Lets
 * a voiced region be cut out with a little context either side without keeping the whole file.
 */
export class SampleHistory {
  private readonly buffer: Float32Array;
  private written = 0;

  constructor(readonly capacity: number) {
    this.buffer = new Float32Array(capacity);
  }

  /** Absolute index one past the newest sample. */
  get end(): number {
    return this.written;
  }

  /** Absolute index of the oldest sample still held. */
  get start(): number {
    return Math.max(0, this.written - this.capacity);
  }

  append(samples: Float32Array): void {
    const keep = samples.length > this.capacity ? samples.subarray(samples.length - this.capacity) : samples;
    this.written += samples.length - keep.length;
    let offset = 0;
    while (offset < keep.length) {
      const at = this.written % this.capacity;
      const n = Math.min(keep.length - offset, this.capacity - at);
      this.buffer.set(keep.subarray(offset, offset + n), at);
      offset += n;
      this.written += n;
    }
  }

  /** A copy of samples [from, to), clipped to what is still held. */
  slice(from: number, to: number): Float32Array {
    const first = Math.max(from, this.start);
    const last = Math.min(to, this.end);
    const out = new Float32Array(Math.max(0, last - first));
    let offset = 0;
    while (offset < out.length) {
      const at = (first + offset) % this.capacity;
      const n = Math.min(out.length - offset, this.capacity - at);
      out.set(this.buffer.subarray(at, at + n), offset);
      offset += n;
    }
    return out;
  }
}
