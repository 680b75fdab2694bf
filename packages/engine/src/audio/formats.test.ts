import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_RATE, decodePcm, packagedDecoder, probeAudio } from './ffmpeg.js';
import { createAudioTranscriber } from './transcriber.js';
import { wordErrorRate } from './wer.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
// 7.1 s of read speech: long enough for a meaningful error rate, short enough to run eight times.
const source = join(audioDir, 'austen-0870.wav');
const reference = readFileSync(join(audioDir, 'austen-0870.txt'), 'utf8');

const transcriber = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx' });
let tmp: string;

/**
 * AMR-NB encoder from the OpenCORE library (Debian's libopencore-amrnb0), called through koffi
 * because Debian's ffmpeg can decode AMR but is built without an encoder for it. Test-only: the
 * product never encodes AMR. Undefined when the library is not installed, which skips the AMR case.
 */
const amrEncoder = await (async () => {
  const koffi = await import('koffi');
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load('libopencore-amrnb.so.0');
  } catch {
    return undefined;
  }
  // Signatures from interf_enc.h (libopencore-amrnb-dev 0.1.6); `enum Mode` is passed as an int.
  return {
    init: lib.func('void *Encoder_Interface_init(int dtx)'),
    encode: lib.func(
      'int Encoder_Interface_Encode(void *state, int mode, const int16_t *speech, _Out_ uint8_t *out, int forceSpeech)',
    ),
    exit: lib.func('void Encoder_Interface_exit(void *state)'),
  };
})();

/** `enum Mode` value for 12.2 kbit/s, the mode GSM-EFR telephony uses. */
const MR122 = 7;
/** The encoder takes 20 ms frames: 160 samples at 8 kHz. */
const FRAME_SAMPLES = 160;

/** Encodes 8 kHz mono s16le PCM into an AMR-NB file (RFC 4867 storage format: magic, then frames). */
function encodeAmrNb(pcm: Buffer): Buffer {
  if (amrEncoder === undefined) throw new Error('libopencore-amrnb0 is not installed');
  // Copied so the samples are 2-byte aligned, which a view over a pooled Buffer need not be.
  const samples = new Int16Array(new Uint8Array(pcm).buffer, 0, pcm.byteLength >> 1);
  const chunks: Buffer[] = [Buffer.from('#!AMR\n', 'latin1')];
  const state: unknown = amrEncoder.init(0);
  if (state === null) throw new Error('Encoder_Interface_init failed');
  try {
    const frame = new Int16Array(FRAME_SAMPLES);
    // Big enough for any mode: a 12.2 kbit/s frame is 1 header byte + 31 payload bytes.
    const out = new Uint8Array(64);
    for (let i = 0; i < samples.length; i += FRAME_SAMPLES) {
      frame.fill(0).set(samples.subarray(i, i + FRAME_SAMPLES));
      const length = amrEncoder.encode(state, MR122, frame, out, 0) as number;
      if (length <= 0) throw new Error(`Encoder_Interface_Encode returned ${length}`);
      chunks.push(Buffer.from(out.subarray(0, length)));
    }
  } finally {
    amrEncoder.exit(state);
  }
  return Buffer.concat(chunks);
}

/** What a contact centre sends, made here from the same clip: [file name, ffmpeg output options]. */
const formats: [string, string[]][] = [
  ['telephony-mulaw-8k.wav', ['-ar', '8000', '-c:a', 'pcm_mulaw']],
  ['telephony-alaw-8k.wav', ['-ar', '8000', '-c:a', 'pcm_alaw']],
  ['call.mp3', ['-c:a', 'libmp3lame', '-b:a', '32k']],
  ['call.m4a', ['-c:a', 'aac', '-b:a', '48k']],
  ['call.flac', []],
  ['call.ogg', ['-c:a', 'libopus', '-b:a', '24k']],
  ['call.webm', ['-c:a', 'libopus', '-b:a', '24k']],
];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'parley-formats-'));
});
afterAll(async () => {
  await transcriber.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('input formats', () => {
  it.each(formats)('transcribes %s', async (name, args) => {
    const path = join(tmp, name);
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', source, ...args, path]);
    const result = await transcriber.transcribe({ filePath: path, filename: name, languageTag: 'en-US' });
    expect(Math.abs(result.durationMs - 7_100)).toBeLessThanOrEqual(60);
    expect(wordErrorRate(reference, result.words.map((w) => w.text).join(' '))).toBeLessThanOrEqual(0.5);
    for (const word of result.words) {
      expect(word.startMs).toBeGreaterThanOrEqual(0);
      expect(word.endMs).toBeLessThanOrEqual(result.durationMs);
    }
  });

  // Debian's ffmpeg decodes AMR but has no AMR encoder, so the file is made with the OpenCORE
  // library instead (libopencore-amrnb0, which `.ci/run` installs).
  it.skipIf(amrEncoder === undefined)('transcribes AMR-NB telephony audio', async () => {
    const path = join(tmp, 'call.amr');
    const pcm = execFileSync('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-i',
      source,
      '-ar',
      '8000',
      '-ac',
      '1',
      '-f',
      's16le',
      '-',
    ]);
    writeFileSync(path, encodeAmrNb(pcm));
    const result = await transcriber.transcribe({
      filePath: path,
      filename: 'call.amr',
      languageTag: 'en-US',
    });
    expect(Math.abs(result.durationMs - 7_100)).toBeLessThanOrEqual(60);
    expect(wordErrorRate(reference, result.words.map((w) => w.text).join(' '))).toBeLessThanOrEqual(0.5);
    for (const word of result.words) {
      expect(word.startMs).toBeGreaterThanOrEqual(0);
      expect(word.endMs).toBeLessThanOrEqual(result.durationMs);
    }
  });
});

// Without a system ffmpeg, Parley decodes with the static build npm installs; it must read every
// format above as well. The files are made with that same build (it has an AMR encoder).
const packaged = packagedDecoder();
describe.skipIf(packaged === undefined)('input formats with the packaged static ffmpeg', () => {
  const cases: [string, string[]][] = [
    ...formats,
    ['call.amr', ['-ar', '8000', '-ac', '1', '-c:a', 'libopencore_amrnb', '-b:a', '12.2k']],
  ];
  it.each(cases)('decodes %s', async (name, args) => {
    if (packaged === undefined) return;
    const path = join(tmp, `packaged-${name}`);
    execFileSync(packaged.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', source, ...args, path]);
    const probe = await probeAudio(packaged, path);
    expect(probe.channels).toBe(1);
    let samples = 0;
    let energy = 0;
    for await (const chunk of decodePcm(packaged, path, { channels: 1 })) {
      samples += chunk.length;
      for (const s of chunk) energy += s * s;
    }
    expect(Math.abs((samples * 1000) / SAMPLE_RATE - 7_100)).toBeLessThanOrEqual(60);
    // Speech, not silence: a decoder that produced zeros of the right length would fail here.
    expect(Math.sqrt(energy / samples)).toBeGreaterThan(0.01);
  });
});
