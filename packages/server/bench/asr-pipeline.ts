/**
 * `npm run bench:asr` (second part): what the whole service adds to speech recognition. On
 * combo-38s.wav, in one process and alternating round by round so machine load falls on every
 * side alike, it measures
 *  - the raw engine: pocketsphinx over the Silero-voiced regions of already decoded audio;
 *  - engine.process(): decode + VAD + ASR + punctuation + redaction + analytics;
 *  - the service: a real server on a temporary data dir, from the moment the upload is complete
 *    (the stored `uploaded` timestamp) to the stored `processed` timestamp, so neither the
 *    upload itself nor the client's polling counts.
 * It prints the fastest of BENCH_ROUNDS (default 3) for each, their real-time factors and ratios,
 * where the service's time goes, and the peak RSS. Model loading is excluded: it happens once.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  DEFAULT_VAD_SETTINGS,
  SAMPLE_RATE,
  createEngine,
  createPocketsphinxRecognizer,
  createVoiceDetector,
  decodePcm,
  joinSamples,
  findDecoder,
  probeAudio,
  wordErrorRate,
  type Engine,
  type VoicedRegion,
} from '@parley/engine';
import {
  audioDir,
  modelsDir,
  pocketsphinxModel,
  startService,
  timed,
  timedTranscriber,
  vadModel,
} from './asr-service.js';
import { AUDIO_BODY } from './sample-interactions.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const DEADLINE_MS = 600_000;
const clip = join(audioDir, 'combo-38s.wav');
const reference = await readFile(join(audioDir, 'combo-38s.txt'), 'utf8');
/** The transcriber's default padding around each voiced region, so both sides recognise the same audio. */
const PADDING = Math.round(0.2 * SAMPLE_RATE);

async function decodeWhole(path: string): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  for await (const chunk of decodePcm({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, path, { channels: 1 })) {
    chunks.push(chunk);
  }
  return joinSamples(chunks);
}

const model = pocketsphinxModel();

// The raw engine's input, prepared outside any timing.
const pcm = await decodeWhole(clip);
const audioMs = (pcm.length * 1000) / SAMPLE_RATE;
const detector = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS);
const regions: VoicedRegion[] = [...detector.push(pcm), ...detector.finish()];
// No spare decoders on the raw side: each raw run loads its own before the clock starts, and no
// background load may run during its timing. The transcriber keeps spares, and loads each
// replacement during the transcription that took one, so that load is counted on its side.
const recognizer = await createPocketsphinxRecognizer(model, { spareDecoders: 0 });

const transcribeMs: number[] = [];
const processMs: number[] = [];
const base = await createEngine({ modelsDir, transcriber: timedTranscriber(transcribeMs) });
const engine: Engine = { ...base, process: timed(processMs, base.process) };
const server = await startService(engine, { PARLEY_WORKER_CONCURRENCY: '1' });

interface ServiceRun {
  /** Stored `uploaded` to stored `processed`. */
  wallMs: number;
  /** Upload request sent to the client noticing `processed` (includes the upload and polling). */
  clientMs: number;
  text: string;
}

/** Sends a file through the service like a client would and reads the stored timestamps. */
async function throughService(path: string): Promise<ServiceRun> {
  const data = await readFile(path);
  const id = await server.declare(AUDIO_BODY);
  const started = performance.now();
  await server.upload(id, data, basename(path));
  const status = await server.processed(id, 100, DEADLINE_MS);
  const clientMs = performance.now() - started;
  const transcript = (await (await server.api(`/v1/interactions/${id}/transcript`)).json()) as {
    allParticipants: { phrases: string[] };
  };
  return {
    wallMs: Date.parse(status.processed ?? '') - Date.parse(status.uploaded ?? ''),
    clientMs,
    text: transcript.allParticipants.phrases.join(' '),
  };
}

interface Run {
  wallMs: number;
  text: string;
}

async function rawEngine(): Promise<Run> {
  // A fresh decoder per run, loaded before the clock starts, as for each of the service's files.
  const stream = await recognizer.open();
  try {
    const started = performance.now();
    const words: string[] = [];
    for (const r of regions) {
      const part = pcm.subarray(Math.max(0, r.startSample - PADDING), r.endSample + PADDING);
      words.push(...(await stream.recognize(part)).map((w) => w.text));
    }
    return { wallMs: performance.now() - started, text: words.join(' ') };
  } finally {
    stream.close();
  }
}

async function engineProcess(): Promise<Run> {
  const started = performance.now();
  const result = await engine.process({
    input: { kind: 'audio', filePath: clip, filename: 'combo-38s.wav' },
    languageTag: 'en-us',
    includeAiResults: true,
  });
  return {
    wallMs: performance.now() - started,
    text: result.transcript.allParticipants.phrases.join(' '),
  };
}

/**
 * The per-file work the transcriber does besides recognising the voiced regions, each stage on
 * its own, to explain the difference between the raw engine and transcribe(). Run one after
 * another they would add up; the transcriber keeps the decoder and VAD model loaded ahead, and
 * decodes and detects voice while the recogniser works, so only ffprobe and the audio up to the
 * first voiced region stay on its critical path.
 */
const STAGES = ['decoder load', 'ffprobe', 'ffmpeg decode', 'VAD model load', 'VAD over the audio'] as const;
type Stage = (typeof STAGES)[number];
async function stageCosts(): Promise<Record<Stage, number>> {
  const costs = {} as Record<Stage, number>;
  const time = async (stage: Stage, work: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    await work();
    costs[stage] = performance.now() - started;
  };
  await time('decoder load', async () => (await recognizer.open()).close());
  const found = await findDecoder({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  if (found === undefined) throw new Error('ffmpeg/ffprobe are not installed');
  await time('ffprobe', () => probeAudio(found, clip));
  await time('ffmpeg decode', () => decodeWhole(clip));
  let vad = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS);
  await time('VAD model load', async () => (vad = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS)));
  await time('VAD over the audio', async () => [...vad.push(pcm), ...vad.finish()]);
  return costs;
}

const runs: { raw: Run[]; process: Run[]; service: ServiceRun[] } = { raw: [], process: [], service: [] };
const stages: Array<Record<Stage, number>> = [];
/** Per service run: time in engine.process and in transcribe, read from the wrappers. */
const serviceParts: Array<{ processMs: number; transcribeMs: number }> = [];
try {
  // Warm-up: loads the VAD and the pocketsphinx library, and primes the HTTP and store paths.
  await throughService(join(audioDir, 'austen-0880.wav'));
  for (let round = 0; round < ROUNDS; round++) {
    runs.raw.push(await rawEngine());
    const before = { process: processMs.length, transcribe: transcribeMs.length };
    runs.service.push(await throughService(clip));
    serviceParts.push({
      processMs: processMs.slice(before.process).reduce((a, b) => a + b, 0),
      transcribeMs: transcribeMs.slice(before.transcribe).reduce((a, b) => a + b, 0),
    });
    runs.process.push(await engineProcess());
    stages.push(await stageCosts());
  }
} finally {
  await server.close();
  await engine.close();
  await recognizer.close();
}

function fastest<T extends { wallMs: number }>(list: T[]): { run: T; index: number } {
  let index = 0;
  list.forEach((r, i) => {
    if (r.wallMs < (list[index]?.wallMs ?? Infinity)) index = i;
  });
  return { run: list[index] as T, index };
}

const raw = fastest(runs.raw).run;
const processed = fastest(runs.process).run;
const { run: service, index: serviceIndex } = fastest(runs.service);
const parts = serviceParts[serviceIndex] ?? { processMs: Number.NaN, transcribeMs: Number.NaN };

const line = (label: string, wallMs: number, text: string): string =>
  `${label.padEnd(58)} ${(wallMs / 1000).toFixed(2).padStart(6)} s  RTF ${(wallMs / audioMs).toFixed(3)}  WER ${wordErrorRate(reference, text).toFixed(3)}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

console.log(
  `combo-38s.wav, ${(audioMs / 1000).toFixed(1)} s of audio, ${regions.length} voiced regions, fastest of ${ROUNDS} rounds (raw, service, engine.process alternating)\n`,
);
console.log(line('(a) raw engine: pocketsphinx over VAD segments', raw.wallMs, raw.text));
console.log(line('    engine.process(): decode+VAD+ASR+punct+redact+AI', processed.wallMs, processed.text));
console.log(line('(b) service: uploaded -> processed (stored timestamps)', service.wallMs, service.text));
console.log(`\nservice RTF / raw engine RTF:       ${(service.wallMs / raw.wallMs).toFixed(3)}`);
console.log(`engine.process RTF / raw engine RTF: ${(processed.wallMs / raw.wallMs).toFixed(3)}`);
console.log(`\nwhere the fastest service run's ${seconds(service.wallMs)} went:`);
console.log(`  transcribe (decode + VAD + ASR, incl. taking a decoder) ${seconds(parts.transcribeMs)}`);
console.log(
  `  rest of engine.process (punctuation, redaction, AI)  ${seconds(parts.processMs - parts.transcribeMs)}`,
);
console.log(
  `  outside the engine (queue, status moves, store write) ${seconds(service.wallMs - parts.processMs)}`,
);
console.log(`  (client view incl. upload and 100 ms polling:       ${seconds(service.clientMs)})`);
console.log(
  `\nper-file stages outside the raw engine, each the fastest of ${ROUNDS}, measured one after another (the transcriber loads ahead and overlaps them):`,
);
let stageSum = 0;
for (const stage of STAGES) {
  const best = Math.min(...stages.map((s) => s[stage]));
  stageSum += best;
  console.log(`  ${stage.padEnd(52)} ${seconds(best)}`);
}
console.log(
  `  raw engine + these stages in series: ${seconds(raw.wallMs + stageSum)} (RTF ${((raw.wallMs + stageSum) / audioMs).toFixed(3)}), against transcribe ${seconds(parts.transcribeMs)}`,
);
console.log(`\npeak RSS of the whole process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
