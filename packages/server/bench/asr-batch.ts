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
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  DEFAULT_VAD_SETTINGS,
  SAMPLE_RATE,
  createAudioTranscriber,
  createEngine,
  createPocketsphinxRecognizer,
  createVoiceDetector,
  decodePcm,
  findPocketsphinxModel,
  type AudioTranscriber,
  type Engine,
} from '@parley/engine';
import { startParley } from '@parley/server';
import { CHAT_BODY } from './sample-interactions.js';

const run = promisify(execFile);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 4);
const CHAT_INTERVAL_MS = Number(process.env['BENCH_CHAT_INTERVAL_MS'] ?? 250);
const TOKEN = 'bench-token-0123456789abcdef';
const DEADLINE_MS = 900_000;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
/** The transcriber's default padding around each voiced region, so both sides recognise the same audio. */
const PADDING = Math.round(0.2 * SAMPLE_RATE);
const cores = availableParallelism();
const loadBefore = loadavg();

const model = findPocketsphinxModel(modelsDir);
if (model === undefined)
  throw new Error('pocketsphinx en-us is not installed: apt-get install pocketsphinx-en-us');
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
  const chunks: Float32Array[] = [];
  for await (const chunk of decodePcm({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, path, { channels: 2 })) {
    chunks.push(chunk);
  }
  const frames = chunks.reduce((n, c) => n + c.length, 0) / 2;
  const channels = [new Float32Array(frames), new Float32Array(frames)];
  let at = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length / 2; i++) {
      (channels[0] as Float32Array)[at + i] = chunk[2 * i] ?? 0;
      (channels[1] as Float32Array)[at + i] = chunk[2 * i + 1] ?? 0;
    }
    at += chunk.length / 2;
  }
  return channels;
}

const progress = (what: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${what}\n`);
};
const calls = await Promise.all(Array.from({ length: CALLS }, (_, i) => makeCall(i)));
progress(`${CALLS} calls built`);
const vadModel = join(modelsDir, 'silero-vad', 'silero_vad.onnx');

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

/** Time spent inside the wrapped call, per call. */
function timed<A extends unknown[], R>(into: number[], call: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      into.push(performance.now() - started);
    }
  };
}
const transcribeMs: number[] = [];
const audioProcessMs: number[] = [];
const inner = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx' });
const transcriber: AudioTranscriber = { ...inner, transcribe: timed(transcribeMs, inner.transcribe) };
const base = await createEngine({ modelsDir, transcriber });
const engine: Engine = {
  ...base,
  process: async (request) => {
    if (request.input.kind !== 'audio') return base.process(request);
    return timed(audioProcessMs, base.process)(request);
  },
};
const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-batch-data-'));
// The default workers: no concurrency settings, as an operator would start it.
const server = await startParley({
  engine,
  env: {
    PARLEY_PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_API_TOKENS: TOKEN,
    PARLEY_MODELS_DIR: modelsDir,
    PARLEY_LOG_LEVEL: 'warn',
  },
});

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('x-api-token', TOKEN);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

interface Status {
  status: string;
  declared: string;
  uploaded: string | null;
  processed: string | null;
  errorMessage: string | null;
}

async function declare(body: object): Promise<string> {
  const response = await api('/v1/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`declare answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { interactionIdentifier: string }).interactionIdentifier;
}

async function final(id: string, pollMs: number): Promise<Status> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const status = (await (await api(`/v1/interactions/${id}/status`)).json()) as Status;
    if (status.status === 'processed') return status;
    if (status.status.endsWith('Failed')) throw new Error(`${id} failed: ${status.errorMessage}`);
    if (Date.now() > until) throw new Error(`${id} still ${status.status}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Declares a chat and returns its stored declared -> processed. */
async function chatLatency(): Promise<number> {
  const status = await final(await declare(CHAT_BODY), 25);
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
  await final(await declare(CHAT_BODY), 20);
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
      const id = await declare({
        type: 'audio',
        languageTag: 'en-us',
        vertical: 'default',
        includeAiResults: true,
      });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(data)], { type: 'audio/wav' }), `call-${i}.wav`);
      const uploaded = await api(`/v1/interactions/${id}/upload`, { method: 'POST', body: form });
      if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}`);
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
  await server.close();
  await engine.close();
  await rm(dataDir, { recursive: true, force: true });
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
