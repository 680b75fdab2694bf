/**
 * `npm run bench:asr` (batch part; alone: `npm run bench:asr:batch`): a batch of stereo calls
 * uploaded at once to a real server with the default workers, against the raw recogniser over
 * the same voiced regions, in one run.
 *
 * - raw: for every call and channel, pocketsphinx over that channel's Silero-voiced regions
 *   (with the transcriber's padding), one after another on fresh decoders loaded before the clock;
 *   summed, then divided by the cores: what the batch would take if nothing but recognition ran
 *   and every core were busy all the time.
 * - batch: first upload sent -> last call `processed` (client clock), and first stored `uploaded`
 *   -> last stored `processed`.
 * - chats: while the calls are processed, a chat is declared every BENCH_CHAT_INTERVAL_MS; its
 *   stored declared -> processed gives the p50/p95, against chats on the idle server before.
 *
 * The calls are built with sox from ../shared/audio (no stereo calls are shipped): the left
 * channel speaks first, the right answers, so each channel is about half voiced, like a call.
 * BENCH_CALLS (default 4) sets the batch size.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DEFAULT_VAD_SETTINGS,
  SAMPLE_RATE,
  createEngine,
  createPocketsphinxRecognizer,
  createVoiceDetector,
  decodePcm,
  joinSamples,
  splitChannels,
  type Engine,
} from '@parley/engine';
import {
  audioDir,
  modelsDir,
  pocketsphinxModel,
  startService,
  timed,
  timedTranscriber,
  vadModel,
  type StoredStatus,
} from './asr-service.js';
import { AUDIO_BODY, CHAT_BODY } from './sample-interactions.js';

const run = promisify(execFile);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 4);
const CHAT_INTERVAL_MS = Number(process.env['BENCH_CHAT_INTERVAL_MS'] ?? 250);
const DEADLINE_MS = 900_000;
/** The transcriber's default padding around each voiced region, so both sides recognise the same audio. */
const PADDING = Math.round(0.2 * SAMPLE_RATE);
const cores = availableParallelism();
const loadBefore = loadavg();

const model = pocketsphinxModel();
const work = await mkdtemp(join(tmpdir(), 'parley-bench-batch-'));

/** A stereo call: one side on each channel, taking turns, with a different opening per call. */
async function makeCall(index: number): Promise<string> {
  const a = join(audioDir, 'combo-38s.wav');
  const b = join(audioDir, index % 2 === 0 ? 'vad-test-22s.wav' : 'jfk.wav');
  const left = join(work, `left-${index}.wav`);
  const right = join(work, `right-${index}.wav`);
  const out = join(work, `call-${index}.wav`);
  // left: A then silence while B answers then A again; right: silence, B, silence.
  const [aSeconds, bSeconds] = await Promise.all(
    [a, b].map(async (f) => Number((await run('soxi', ['-D', f])).stdout.trim())),
  );
  const shift = (index % 3) * 0.7;
  await run('sox', [a, left, 'pad', String(shift), String((bSeconds ?? 0) + 0.5), 'repeat', '1']);
  await run('sox', [b, right, 'pad', String(shift + (aSeconds ?? 0) + 0.25), String((aSeconds ?? 0) + 0.25)]);
  await run('sox', [
    '-M',
    left,
    right,
    '-c',
    '2',
    out,
    'trim',
    '0',
    String(2 * (aSeconds ?? 0) + (bSeconds ?? 0)),
  ]);
  return out;
}

async function decodeChannels(path: string): Promise<Float32Array[]> {
  const left: Float32Array[] = [];
  const right: Float32Array[] = [];
  for await (const chunk of decodePcm({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, path, { channels: 2 })) {
    const [a, b] = splitChannels(chunk, 2);
    if (a !== undefined) left.push(a);
    if (b !== undefined) right.push(b);
  }
  return [joinSamples(left), joinSamples(right)];
}

const progress = (what: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
};
const calls = await Promise.all(Array.from({ length: CALLS }, (_, i) => makeCall(i)));
progress(`${CALLS} calls built`);

// The raw side: every channel's voiced regions, recognised one after another, clock per channel.
const recognizer = await createPocketsphinxRecognizer(model, { spareDecoders: 0 });
let rawMs = 0;
let rawCpuMs = 0;
let audioMs = 0;
let voicedMs = 0;
for (const call of calls) {
  for (const pcm of await decodeChannels(call)) {
    const detector = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS);
    const regions = [...detector.push(pcm), ...detector.finish()];
    voicedMs += regions.reduce((n, r) => n + ((r.endSample - r.startSample) * 1000) / SAMPLE_RATE, 0);
    const stream = await recognizer.open();
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const r of regions) {
      await stream.recognize(pcm.subarray(Math.max(0, r.startSample - PADDING), r.endSample + PADDING));
    }
    rawMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    rawCpuMs += (used.user + used.system) / 1000;
    stream.close();
  }
  audioMs += Number((await run('soxi', ['-D', call])).stdout.trim()) * 1000;
}
await recognizer.close();
progress(`raw recogniser done: ${(rawMs / 1000).toFixed(1)} s`);

const transcribeMs: number[] = [];
const audioProcessMs: number[] = [];
const base = await createEngine({ modelsDir, transcriber: timedTranscriber(transcribeMs) });
const engine: Engine = {
  ...base,
  process: async (request) => {
    if (request.input.kind !== 'audio') return base.process(request);
    return timed(audioProcessMs, base.process)(request);
  },
};
// The default workers: no concurrency settings, as an operator would start it.
const service = await startService(engine);
const final = (id: string, pollMs: number): Promise<StoredStatus> =>
  service.processed(id, pollMs, DEADLINE_MS);

/** Declares a chat and returns its stored declared -> processed. */
async function chatLatency(): Promise<number> {
  const status = await final(await service.declare(CHAT_BODY), 25);
  return Date.parse(status.processed ?? '') - Date.parse(status.declared);
}

const quantile = (list: number[], q: number): number => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

let idleChats: number[] = [];
const busyChats: number[] = [];
let batchMs = 0;
let batchCpuMs = 0;
let storedMs = 0;
try {
  // Warm-up: loads the VAD, pocketsphinx and the text models, primes HTTP and store paths.
  await final(await service.declare(CHAT_BODY), 20);
  idleChats = [];
  progress('server warm');
  for (let i = 0; i < 10; i++) idleChats.push(await chatLatency());

  const datas = await Promise.all(calls.map((c) => readFile(c)));
  const started = performance.now();
  const cpu = process.cpuUsage();
  let done = false;
  const chatter = (async () => {
    while (!done) {
      busyChats.push(await chatLatency());
      await new Promise((r) => setTimeout(r, CHAT_INTERVAL_MS));
    }
  })();
  const statuses = await Promise.all(
    datas.map(async (data, i) => {
      const id = await service.declare(AUDIO_BODY);
      await service.upload(id, data, `call-${i}.wav`);
      return final(id, 100);
    }),
  );
  batchMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  batchCpuMs = (used.user + used.system) / 1000;
  progress('batch processed');
  done = true;
  await chatter;
  const first = Math.min(...statuses.map((s) => Date.parse(s.uploaded ?? '')));
  const last = Math.max(...statuses.map((s) => Date.parse(s.processed ?? '')));
  storedMs = last - first;
} finally {
  await service.close();
  await engine.close();
  await rm(work, { recursive: true, force: true });
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ideal = rawMs / cores;
const sum = (list: number[]): number => list.reduce((a, b) => a + b, 0);
console.log(
  `\nbatch: ${CALLS} stereo calls, ${s(audioMs)} of audio, ${s(voicedMs)} voiced over both channels, ${cores} cores, load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `raw pocketsphinx over the voiced regions, summed:          ${s(rawMs)}  (/ ${cores} cores = ${s(ideal)})`,
);
console.log(
  `batch, first upload sent -> last processed (client):       ${s(batchMs)}  RTF ${(batchMs / audioMs).toFixed(3)}`,
);
console.log(`batch, first stored uploaded -> last stored processed:     ${s(storedMs)}`);
console.log(
  `batch / (raw / cores):                                     ${(storedMs / ideal).toFixed(2)}  (goal <= 1.25)`,
);
console.log(
  `CPU time (all threads of this process): raw ${s(rawCpuMs)}, batch ${s(batchCpuMs)} incl. the server, the chats and their polling = ${(batchCpuMs / rawCpuMs).toFixed(2)} x raw`,
);
console.log(
  `wall time lost to other processes on this machine, if the batch had had its cores: batch CPU / cores = ${s(batchCpuMs / cores)} against ${s(storedMs)}`,
);
console.log(
  `inside the engine, summed over calls: transcribe ${s(sum(transcribeMs))}, rest of engine.process ${s(sum(audioProcessMs) - sum(transcribeMs))}`,
);
console.log(
  `chat declared -> processed: idle p50 ${quantile(idleChats, 0.5)} ms, during audio p50 ${quantile(busyChats, 0.5)} ms, p95 ${quantile(busyChats, 0.95)} ms (${busyChats.length} chats; goal p50 < 50 ms)`,
);
