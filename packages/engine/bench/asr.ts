/**
 * `npm run bench:asr`: real-time factor of speech recognition on combo-38s.wav, the raw engine
 * against the whole audio transcriber, measured in the same run so the ratio is meaningful on any
 * machine. Model loading is excluded, as it happens once per process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_VAD_SETTINGS,
  SAMPLE_RATE,
  createAudioTranscriber,
  createPocketsphinxRecognizer,
  createVoiceDetector,
  findPocketsphinxModel,
  wordErrorRate,
  type VoicedRegion,
} from '@parley/engine';
import { formatMeasurement, measurePipeline, type Measurement } from './measure.js';
import { audioDir, decodeWhole, modelsDir, vadModel } from './shared-data.js';

const clip = join(audioDir, 'combo-38s.wav');
const reference = readFileSync(join(audioDir, 'combo-38s.txt'), 'utf8');
const PADDING = Math.round(0.2 * SAMPLE_RATE);

const model = findPocketsphinxModel(modelsDir);
if (model === undefined)
  throw new Error('pocketsphinx en-us is not installed: apt-get install pocketsphinx-en-us');

// Inputs for the raw engine, prepared outside any timing.
const pcm = await decodeWhole(clip);
const audioMs = (pcm.length * 1000) / SAMPLE_RATE;
const detector = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS);
const regions: VoicedRegion[] = [...detector.push(pcm), ...detector.finish()];
// No spare decoders on the raw side: each raw run loads its own before the clock starts, and no
// background load may run during its timing.
const recognizer = await createPocketsphinxRecognizer(model, { spareDecoders: 0 });
const transcriber = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx' });
// Loads the VAD and the pocketsphinx library. Each transcription takes a fresh, never-used
// decoder loaded in the background, and starts loading its replacement, which runs (and is
// counted) during that transcription; a file's result never depends on the jobs before it.
await transcriber.transcribe({ filePath: join(audioDir, 'austen-0880.wav'), languageTag: 'en' });

// The machine may be shared: the three runs alternate for several rounds and the fastest of each
// is compared, so a burst of other work cannot fall on one side only.
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const runs: Record<'whole' | 'segments' | 'pipeline', Measurement[]> = {
  whole: [],
  segments: [],
  pipeline: [],
};
const texts = { whole: '', segments: '', pipeline: '' };
for (let round = 0; round < rounds; round++) {
  // The pipeline goes first so that its first run's memory is measured before any raw decoder exists.
  runs.pipeline.push(
    await measurePipeline('audio transcriber (decode + VAD + ASR)', audioMs, async () => {
      const result = await transcriber.transcribe({ filePath: clip, languageTag: 'en' });
      texts.pipeline = result.words.map((w) => w.text).join(' ');
    }),
  );
  // A fresh decoder per raw run, loaded before the clock starts.
  const wholeStream = await recognizer.open();
  runs.whole.push(
    await measurePipeline('pocketsphinx alone, whole file', audioMs, async () => {
      texts.whole = (await wholeStream.recognize(pcm)).map((w) => w.text).join(' ');
    }),
  );
  wholeStream.close();
  const segmentStream = await recognizer.open();
  runs.segments.push(
    await measurePipeline('pocketsphinx alone, VAD segments', audioMs, async () => {
      const words: string[] = [];
      for (const r of regions) {
        const part = pcm.subarray(Math.max(0, r.startSample - PADDING), r.endSample + PADDING);
        words.push(...(await segmentStream.recognize(part)).map((w) => w.text));
      }
      texts.segments = words.join(' ');
    }),
  );
  segmentStream.close();
}
await transcriber.close();
await recognizer.close();

const fastest = (ms: Measurement[]): Measurement =>
  ms.reduce((best, m) => (m.wallMs < best.wallMs ? m : best));
const whole = fastest(runs.whole);
const segments = fastest(runs.segments);
const pipeline = fastest(runs.pipeline);

console.log(
  `combo-38s.wav, ${(audioMs / 1000).toFixed(1)} s of audio, ${regions.length} voiced regions, fastest of ${rounds} rounds\n`,
);
for (const [m, text] of [
  [whole, texts.whole],
  [segments, texts.segments],
  [pipeline, texts.pipeline],
] as const) {
  console.log(`${formatMeasurement(m)}  WER ${wordErrorRate(reference, text).toFixed(3)}`);
}
console.log(`\npipeline RTF / raw engine RTF (VAD segments): ${(pipeline.rtf / segments.rtf).toFixed(2)}`);
console.log(`pipeline RTF / raw engine RTF (whole file):   ${(pipeline.rtf / whole.rtf).toFixed(2)}`);
console.log(
  `peak RSS of the first pipeline run (before any raw decoder existed): ${((runs.pipeline[0]?.peakRssBytes ?? 0) / 1_048_576).toFixed(0)} MiB`,
);
console.log(`peak RSS of the whole process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
