import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ProcessingError } from '../errors.js';
import { abortError } from './abort.js';
import { readWavDeclaration } from './wav-header.js';

/** Every stage after decoding works on 16 kHz float PCM: what Silero VAD and every recogniser here expect. */
export const SAMPLE_RATE = 16_000;

/** Reinstalling brings back the packaged binaries; a system ffmpeg is the alternative. */
export const FFMPEG_REMEDY = 'npm install (or apt-get install ffmpeg)';

export interface DecoderPaths {
  ffmpeg: string;
  ffprobe: string;
}

export interface DecoderInfo extends DecoderPaths {
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
  version: string;
}

export interface AudioProbe {
  /** Channels of the first audio stream. */
  channels: number;
  /** What the container or stream header declares; undefined when it declares nothing. */
  declaredDurationMs: number | undefined;
  codec: string;
  format: string;
  sampleRate: number;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short-lived tool to completion, killing it when the deadline passes. */
function run(command: string, args: string[], deadlineMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ProcessingError('timeout', `${command} did not finish within ${deadlineMs / 1000} s`));
    }, deadlineMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The system's ffmpeg and ffprobe, found on PATH. */
export const SYSTEM_DECODER: DecoderPaths = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

/**
 * The static ffmpeg and ffprobe that npm installs for this platform (@ffmpeg-installer and
 * @ffprobe-installer: johnvansickle.com builds, GPL-3.0, binaries inside the package tarballs);
 * undefined on a platform they do not cover or when optional dependencies were skipped.
 */
export function packagedDecoder(): DecoderPaths | undefined {
  const platform = `${process.platform}-${process.arch}`;
  const require = createRequire(import.meta.url);
  try {
    const ffmpegDir = dirname(require.resolve(`@ffmpeg-installer/${platform}/package.json`));
    const ffprobeDir = dirname(require.resolve(`@ffprobe-installer/${platform}/package.json`));
    return { ffmpeg: join(ffmpegDir, 'ffmpeg'), ffprobe: join(ffprobeDir, 'ffprobe') };
  } catch {
    return undefined;
  }
}

/**
 * Makes a packaged binary executable. Its package sets the mode in an install script, which npm
 * does not run for dependencies unless allowed; the file in the tarball may lack the bit.
 */
async function ensureExecutable(path: string): Promise<void> {
  if (!path.includes('/')) return;
  try {
    await access(path, constants.X_OK);
  } catch {
    await chmod(path, 0o755).catch(() => undefined);
  }
}

/** Where Parley looks for a decoder by default: the system's ffmpeg first, then the packaged one. */
export function defaultDecoderCandidates(): DecoderPaths[] {
  const packaged = packagedDecoder();
  return packaged === undefined ? [SYSTEM_DECODER] : [SYSTEM_DECODER, packaged];
}

/** The first of the candidates that runs. */
export async function locateDecoder(
  candidates: readonly DecoderPaths[] = defaultDecoderCandidates(),
): Promise<DecoderInfo | undefined> {
  for (const paths of candidates) {
    await Promise.all([ensureExecutable(paths.ffmpeg), ensureExecutable(paths.ffprobe)]);
    const found = await findDecoder(paths);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Finds ffmpeg and ffprobe; undefined when either cannot be started. */
export async function findDecoder(paths: DecoderPaths): Promise<DecoderInfo | undefined> {
  try {
    const [ffmpeg, ffprobe] = await Promise.all([
      run(paths.ffmpeg, ['-hide_banner', '-version'], 10_000),
      run(paths.ffprobe, ['-hide_banner', '-version'], 10_000),
    ]);
    if (ffmpeg.code !== 0 || ffprobe.code !== 0) return undefined;
    return { ...paths, version: ffmpeg.stdout.split('\n')[0]?.trim() ?? 'ffmpeg' };
  } catch {
    return undefined;
  }
}

/** The first meaningful line of ffmpeg's stderr, without the "[mp3 @ 0x...]" prefix or the file path. */
function firstProblem(stderr: string, filePath: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*\]\s*/u, '').trim())
    .find((l) => l.length > 0);
  return (line ?? 'no details').replaceAll(`${filePath}: `, '').replaceAll(filePath, 'the file');
}

function parseSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

/** ffprobe's view of the file; classifies files that are not audio, empty or cut short. */
export async function probeAudio(decoder: DecoderPaths, filePath: string): Promise<AudioProbe> {
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (error) {
    throw new ProcessingError('internal', `cannot read the audio file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (size === 0) throw new ProcessingError('audio_empty', 'the audio file is empty (0 bytes)');

  const result = await run(
    decoder.ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'a:0',
      '-show_entries',
      'stream=codec_name,channels,sample_rate,duration:format=format_name,duration',
      '-of',
      'json',
      filePath,
    ],
    30_000,
  );
  const problem = firstProblem(result.stderr, filePath);
  if (result.code !== 0) {
    // An MP4/M4A whose index ('moov' atom) sits at the end loses it when the upload is cut short.
    if (/moov atom not found/iu.test(result.stderr)) {
      throw new ProcessingError(
        'audio_truncated',
        "the MP4/M4A file has no index ('moov' atom): it was probably cut short during upload or download",
      );
    }
    throw new ProcessingError('audio_undecodable', `the file is not audio ffmpeg can read: ${problem}`);
  }
  let parsed: { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    throw new ProcessingError('audio_undecodable', 'ffprobe gave no readable description of the file');
  }
  const stream = parsed.streams?.[0];
  if (stream === undefined) {
    throw new ProcessingError(
      'audio_undecodable',
      `the file holds no audio stream (format: ${String(parsed.format?.['format_name'] ?? 'unknown')})`,
    );
  }
  const channels = Number(stream['channels']);
  if (!Number.isInteger(channels) || channels < 1) {
    throw new ProcessingError('audio_undecodable', 'the audio stream declares no channels');
  }
  const format = String(parsed.format?.['format_name'] ?? 'unknown');
  const wav = format === 'wav' ? await readWavDeclaration(filePath) : undefined;
  if (wav !== undefined && wav.presentBytes < wav.dataBytes) {
    const declared = wav.dataBytes / wav.byteRate;
    const present = wav.presentBytes / wav.byteRate;
    throw new ProcessingError(
      'audio_truncated',
      `the audio is cut short: its WAV header declares ${declared.toFixed(1)} s but the file holds only ${present.toFixed(1)} s; upload the complete file`,
    );
  }
  return {
    channels,
    declaredDurationMs: parseSeconds(stream['duration']) ?? parseSeconds(parsed.format?.['duration']),
    codec: String(stream['codec_name'] ?? 'unknown'),
    format,
    sampleRate: Number(stream['sample_rate'] ?? 0),
  };
}

export interface PcmStreamOptions {
  /** 1 or 2: stereo keeps the first two channels of the source, mono mixes everything down. */
  channels: 1 | 2;
  signal?: AbortSignal | undefined;
  /** Give up when ffmpeg produces nothing for this long (a stuck network mount, a wedged decoder). */
  stallTimeoutMs?: number;
}

/**
 * Decodes a file to interleaved 16 kHz float PCM, chunk by chunk, so hours of audio never sit in
 * memory. ffmpeg runs as a child process; abort and early exit kill it.
 */
export async function* decodePcm(
  decoder: DecoderPaths,
  filePath: string,
  options: PcmStreamOptions,
): AsyncGenerator<Float32Array> {
  const { channels, signal } = options;
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  if (signal?.aborted) throw abortError(signal);
  // pan keeps channel 0 and 1 as they are; -ac 2 would mix a 5.1 file's other channels into them.
  const channelArgs = channels === 2 ? ['-af', 'pan=stereo|c0=c0|c1=c1'] : ['-ac', '1'];
  const child = spawn(
    decoder.ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      '-i',
      filePath,
      '-map',
      '0:a:0',
      ...channelArgs,
      '-ar',
      String(SAMPLE_RATE),
      '-f',
      'f32le',
      '-c:a',
      'pcm_f32le',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 8_000) stderr += d;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', kill, { once: true });
  let stalled = false;
  // Runs only while waiting for ffmpeg: a consumer busy with earlier audio is not a stall.
  const watch = (): NodeJS.Timeout =>
    setTimeout(() => {
      stalled = true;
      kill();
    }, stallTimeoutMs);
  let stallTimer = watch();

  const frameBytes = 4 * channels;
  let carry = Buffer.alloc(0);
  let produced = 0;
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      clearTimeout(stallTimer);
      const bytes = carry.length > 0 ? Buffer.concat([carry, data]) : data;
      const usable = bytes.length - (bytes.length % frameBytes);
      carry = Buffer.from(bytes.subarray(usable));
      if (usable === 0) {
        stallTimer = watch();
        continue;
      }
      produced += usable;
      // Copy into an aligned buffer: a Node Buffer may start at an odd offset of its pool.
      const samples = new Float32Array(usable / 4);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, usable));
      yield samples;
      stallTimer = watch();
    }
    const code = await exited;
    if (signal?.aborted) throw abortError(signal);
    if (stalled) {
      throw new ProcessingError('timeout', `ffmpeg produced no audio for ${stallTimeoutMs / 1000} s`);
    }
    // ffmpeg exits 0 when every packet of a corrupt stream fails to decode; it only complains.
    if (code !== 0 || (produced === 0 && stderr.trim().length > 0)) {
      throw new ProcessingError(
        'audio_undecodable',
        `ffmpeg could not decode the file: ${firstProblem(stderr, filePath)}`,
      );
    }
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    if (error instanceof ProcessingError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ProcessingError(
        'decoder_unavailable',
        `ffmpeg is not installed (${decoder.ffmpeg} not found); install it with: ${FFMPEG_REMEDY}`,
      );
    }
    throw error;
  } finally {
    clearTimeout(stallTimer);
    signal?.removeEventListener('abort', kill);
    kill();
  }
}
