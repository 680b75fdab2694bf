/** Timing and memory of one async pipeline run, relative to the audio it processed. */
export interface Measurement {
  label: string;
  audioMs: number;
  wallMs: number;
  /** Processing time over audio time: below 1 is faster than real time. */
  rtf: number;
  /** Highest resident set size seen while the pipeline ran (sampled every 20 ms, and at the end). */
  peakRssBytes: number;
}

/**
 * Runs `pipeline` once and measures it. Anything that processes audio fits: the raw recogniser,
 * the audio transcriber, or the whole service pipeline with redaction and storage.
 */
export async function measurePipeline(
  label: string,
  audioMs: number,
  pipeline: () => Promise<unknown>,
): Promise<Measurement> {
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    await pipeline();
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  return { label, audioMs, wallMs, rtf: wallMs / audioMs, peakRssBytes };
}

export function formatMeasurement(m: Measurement): string {
  return `${m.label.padEnd(44)} ${(m.wallMs / 1000).toFixed(2).padStart(7)} s  RTF ${m.rtf.toFixed(3)}  peak RSS ${(m.peakRssBytes / 1_048_576).toFixed(0)} MiB`;
}
