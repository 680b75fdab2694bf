/**
 * Stage: channel split. Interleaved PCM from the decoder, one Float32Array per channel. A single
 * channel is handed back as it is, without a copy.
 */
export function splitChannels(chunk: Float32Array, channels: number): Float32Array[] {
  if (channels === 1) return [chunk];
  const frames = chunk.length / channels;
  const split: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const samples = new Float32Array(frames);
    for (let i = 0; i < frames; i++) samples[i] = chunk[i * channels + c] ?? 0;
    split.push(samples);
  }
  return split;
}

/** The samples of consecutive chunks as one array, for a stage that reads a recording whole. */
export function joinSamples(chunks: readonly Float32Array[]): Float32Array {
  const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}
