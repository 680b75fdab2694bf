import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioTranscription } from '../engine.js';
import { ProcessingError } from '../errors.js';
import type { ParticipantScope, Word } from '../types.js';
import { createAudioTranscriber } from './transcriber.js';
import { wordErrorRate } from './wer.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
const clip = (name: string): string => join(audioDir, name);
const reference = (name: string): string => readFileSync(clip(`${name}.txt`), 'utf8');

// Speaker separation is left out here (combo-38s holds two voices); diarization.test.ts covers it.
const transcriber = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx', diarizer: false });
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'parley-audio-'));
});
afterAll(async () => {
  await transcriber.close();
  rmSync(tmp, { recursive: true, force: true });
});

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
}

const text = (words: readonly Word[]): string => words.map((w) => w.text).join(' ');

function voicedSpans(result: AudioTranscription, scope: ParticipantScope): [number, number][] {
  return result.voiceActivity[scope]
    .filter((s) => s.result === 'voice')
    .map((s) => [s.startTimeOffset, s.endTimeOffset]);
}

function expectTimelineCovers(result: AudioTranscription, scope: ParticipantScope): void {
  const segments = result.voiceActivity[scope];
  expect(segments[0]?.startTimeOffset).toBe(0);
  expect(segments.at(-1)?.endTimeOffset).toBe(result.durationMs);
  segments.forEach((s, i) => {
    expect(Number.isInteger(s.startTimeOffset) && Number.isInteger(s.endTimeOffset)).toBe(true);
    expect(s.endTimeOffset).toBeGreaterThan(s.startTimeOffset);
    if (i > 0) {
      expect(s.startTimeOffset).toBe(segments[i - 1]?.endTimeOffset);
      expect(s.result).not.toBe(segments[i - 1]?.result);
    }
  });
}

function expectWordsInsideVoice(result: AudioTranscription, scope: ParticipantScope): void {
  const spans = voicedSpans(result, scope);
  for (const word of result.words.filter((w) => w.participant === scope || scope === 'allParticipants')) {
    const inside = spans.some(([start, end]) => word.startMs >= start && word.endMs <= end);
    expect(inside, `${word.text} ${word.startMs}-${word.endMs} lies outside every voiced region`).toBe(true);
  }
}

describe('mono speech (combo-38s.wav, pocketsphinx)', () => {
  let result: AudioTranscription;
  let maxLoopGapMs = 0;

  beforeAll(async () => {
    // Watch the event loop while recognising: the server answers HTTP on this same loop.
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLoopGapMs = Math.max(maxLoopGapMs, now - last);
      last = now;
    }, 20);
    try {
      result = await transcriber.transcribe({ filePath: clip('combo-38s.wav'), languageTag: 'en-US' });
    } finally {
      clearInterval(timer);
    }
  });

  it('recognises the speech with a word error rate of at most 0.45', () => {
    const wer = wordErrorRate(reference('combo-38s'), text(result.words));
    expect(wer).toBeLessThanOrEqual(0.45);
  });

  it('reports duration, mono separation and unpunctuated words', () => {
    expect(result.durationMs).toBeGreaterThan(38_000);
    expect(result.durationMs).toBeLessThan(38_500);
    expect(result.speakerSeparation).toBe('none');
    expect(result.punctuated).toBe(false);
    expect(result.voiceActivity.participantOne).toEqual([]);
    expect(result.voiceActivity.participantTwo).toEqual([]);
  });

  it('gives clean words with confidences in 0..1, in time order, each inside a voiced region', () => {
    expect(result.words.length).toBeGreaterThan(60);
    for (const word of result.words) {
      expect(word.participant).toBe('allParticipants');
      expect(word.text).toMatch(/^[a-z']+$/u);
      expect(word.confidence).toBeGreaterThanOrEqual(0);
      expect(word.confidence).toBeLessThanOrEqual(1);
      expect(word.endMs).toBeGreaterThan(word.startMs);
    }
    result.words.forEach((w, i) => {
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(result.words[i - 1]?.endMs ?? 0);
    });
    // Posteriors spread out: a constant would mean the lattice was never consulted.
    expect(new Set(result.words.map((w) => w.confidence.toFixed(2))).size).toBeGreaterThan(5);
    expectTimelineCovers(result, 'allParticipants');
    expectWordsInsideVoice(result, 'allParticipants');
  });

  it('places words where they are spoken', () => {
    // combo-38s.wav is five Austen clips then jfk.wav, joined by 0.5 s pauses, so JFK starts at
    // 27.22 s. In jfk.wav, pocketsphinx_continuous -time yes (Debian's CLI) puts "americans" at
    // 1.63 s and "your" (country) at 5.61 s.
    const jfkStart = 27_220;
    const americans = result.words.find((w) => w.startMs > jfkStart && w.text.startsWith('american'));
    const your = result.words.find((w) => w.startMs > jfkStart + 4_000 && w.text === 'your');
    expect(Math.abs((americans?.startMs ?? 0) - (jfkStart + 1_630))).toBeLessThanOrEqual(150);
    expect(Math.abs((your?.startMs ?? 0) - (jfkStart + 5_610))).toBeLessThanOrEqual(150);
  });

  it('keeps the event loop responsive while recognising', () => {
    // A blocking decode of one voiced region would stall the loop for seconds.
    expect(maxLoopGapMs).toBeLessThan(1_000);
  });
});

describe('stereo calls', () => {
  let stereo: string;

  beforeAll(() => {
    // Agent on the left from 0 s, customer on the right from 3.5 s: two real clips, one per channel.
    stereo = join(tmp, 'call.wav');
    ffmpeg(
      ...['-i', clip('austen-0870.wav'), '-i', clip('austen-0930.wav')],
      '-filter_complex',
      '[0:a]apad=whole_dur=8[l];[1:a]adelay=3500,apad=whole_dur=8[r];[l][r]join=inputs=2:channel_layout=stereo:map=0.0-FL|1.0-FR[out]',
      ...['-map', '[out]'],
      stereo,
    );
  });

  it('transcribes each channel as its participant, in time order', async () => {
    const result = await transcriber.transcribe({ filePath: stereo, languageTag: 'en' });
    expect(result.speakerSeparation).toBe('channels');
    const one = result.words.filter((w) => w.participant === 'participantOne');
    const two = result.words.filter((w) => w.participant === 'participantTwo');
    expect(one.length + two.length).toBe(result.words.length);
    expect(wordErrorRate(reference('austen-0870'), text(one))).toBeLessThanOrEqual(0.5);
    expect(wordErrorRate(reference('austen-0930'), text(two))).toBeLessThanOrEqual(0.5);
    expect(Math.min(...two.map((w) => w.startMs))).toBeGreaterThanOrEqual(3_500);
    result.words.forEach((w, i) => {
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(result.words[i - 1]?.startMs ?? 0);
    });
    for (const scope of ['participantOne', 'participantTwo', 'allParticipants'] as const) {
      expectTimelineCovers(result, scope);
      expectWordsInsideVoice(result, scope);
    }
    // All participants' voice is the union of both channels.
    const all = voicedSpans(result, 'allParticipants');
    for (const [start, end] of [
      ...voicedSpans(result, 'participantOne'),
      ...voicedSpans(result, 'participantTwo'),
    ]) {
      expect(all.some(([s, e]) => s <= start && e >= end)).toBe(true);
    }
  });

  it('uses the first two channels of a recording with more', async () => {
    // Channel 0: agent, channel 1: silence, channel 2 (e.g. a supervisor line): other speech.
    const three = join(tmp, 'three.wav');
    ffmpeg(
      ...['-i', clip('austen-0880.wav'), '-f', 'lavfi', '-t', '3', '-i', 'anullsrc=r=16000:cl=mono'],
      ...['-i', clip('austen-0930.wav')],
      ...[
        '-filter_complex',
        '[0:a][1:a][2:a]join=inputs=3:channel_layout=3.0:map=0.0-FL|1.0-FR|2.0-FC[out]',
        '-map',
        '[out]',
      ],
      three,
    );
    const result = await transcriber.transcribe({ filePath: three, languageTag: 'en' });
    expect(result.speakerSeparation).toBe('channels');
    const one = result.words.filter((w) => w.participant === 'participantOne');
    expect(wordErrorRate(reference('austen-0880'), text(one))).toBeLessThanOrEqual(0.5);
    expect(result.words.filter((w) => w.participant === 'participantTwo')).toEqual([]);
    expect(voicedSpans(result, 'participantTwo')).toEqual([]);
  });

  it('reports two identical channels as mono', async () => {
    const dual = join(tmp, 'dual-mono.wav');
    // pan copies the samples unchanged; -ac 2 would lower both channels by 3 dB.
    ffmpeg('-i', clip('austen-0880.wav'), '-af', 'pan=stereo|c0=c0|c1=c0', dual);
    const [stereo, mono] = await Promise.all([
      transcriber.transcribe({ filePath: dual, languageTag: 'en' }),
      transcriber.transcribe({ filePath: clip('austen-0880.wav'), languageTag: 'en' }),
    ]);
    expect(stereo.speakerSeparation).toBe('none');
    expect(stereo.words).toEqual(mono.words);
    expect(stereo.voiceActivity).toEqual(mono.voiceActivity);
  });

  it('recognises a second channel that starts as a copy of the first and then differs', async () => {
    // Both channels carry austen-0880; after a pause only the right one goes on with austen-0930.
    const path = join(tmp, 'partly-shared.wav');
    ffmpeg(
      ...['-i', clip('austen-0880.wav'), '-i', clip('austen-0880.wav'), '-i', clip('austen-0930.wav')],
      '-filter_complex',
      '[0:a]apad=whole_dur=8[l];[1:a]apad=pad_dur=1[p];[p][2:a]concat=n=2:v=0:a=1,apad=whole_dur=8[r];' +
        '[l][r]join=inputs=2:channel_layout=stereo:map=0.0-FL|1.0-FR[out]',
      ...['-map', '[out]'],
      path,
    );
    const result = await transcriber.transcribe({ filePath: path, languageTag: 'en' });
    expect(result.speakerSeparation).toBe('channels');
    const one = result.words.filter((w) => w.participant === 'participantOne');
    const two = result.words.filter((w) => w.participant === 'participantTwo');
    expect(wordErrorRate(reference('austen-0880'), text(one))).toBeLessThanOrEqual(0.5);
    expect(two.filter((w) => w.startMs < 3_000).map((w) => [w.text, w.startMs, w.endMs])).toEqual(
      one.map((w) => [w.text, w.startMs, w.endMs]),
    );
    const later = two.filter((w) => w.startMs >= 3_900);
    expect(wordErrorRate(reference('austen-0930'), text(later))).toBeLessThanOrEqual(0.5);
  });

  it('swaps the participants when the agent is on channel 1', async () => {
    const result = await transcriber.transcribe({ filePath: stereo, languageTag: 'en', agentChannel: 1 });
    const one = result.words.filter((w) => w.participant === 'participantOne');
    const two = result.words.filter((w) => w.participant === 'participantTwo');
    expect(wordErrorRate(reference('austen-0930'), text(one))).toBeLessThanOrEqual(0.5);
    expect(wordErrorRate(reference('austen-0870'), text(two))).toBeLessThanOrEqual(0.5);
  });
});

describe('concurrent transcriptions', () => {
  it('gives each its own decoder and the same words as one at a time', async () => {
    const request = { filePath: clip('austen-0880.wav'), languageTag: 'en' };
    const alone = await transcriber.transcribe(request);
    const [a, b] = await Promise.all([transcriber.transcribe(request), transcriber.transcribe(request)]);
    expect(alone.words.length).toBeGreaterThan(3);
    expect(a?.words).toEqual(alone.words);
    expect(b?.words).toEqual(alone.words);
  });
});

describe('bad input', () => {
  async function failure(promise: Promise<unknown>): Promise<ProcessingError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProcessingError);
    return error as ProcessingError;
  }

  it('rejects a file that is not audio', async () => {
    const path = join(tmp, 'notes.wav');
    writeFileSync(path, 'Dear customer, this is a text file and not a recording.\n'.repeat(20));
    const error = await failure(transcriber.transcribe({ filePath: path, languageTag: 'en' }));
    expect(error.code).toBe('audio_undecodable');
    expect(error.message).toMatch(/not audio/u);
  });

  it('rejects an empty file and a file with no samples', async () => {
    const empty = join(tmp, 'empty.mp3');
    writeFileSync(empty, '');
    const error = await failure(transcriber.transcribe({ filePath: empty, languageTag: 'en' }));
    expect(error.code).toBe('audio_empty');
    expect(error.message).toMatch(/empty/u);

    const silent = join(tmp, 'no-samples.wav');
    ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '0', silent);
    const noSamples = await failure(transcriber.transcribe({ filePath: silent, languageTag: 'en' }));
    expect(noSamples.code).toBe('audio_empty');
  });

  it('rejects a file that was cut short', async () => {
    const full = readFileSync(clip('jfk.wav'));
    const wav = join(tmp, 'cut.wav');
    writeFileSync(wav, full.subarray(0, 60_000));
    const error = await failure(transcriber.transcribe({ filePath: wav, languageTag: 'en' }));
    expect(error.code).toBe('audio_truncated');
    expect(error.message).toMatch(/11\.0 s/u);

    const m4a = join(tmp, 'whole.m4a');
    ffmpeg('-i', clip('austen-0880.wav'), '-c:a', 'aac', m4a);
    const cut = join(tmp, 'cut.m4a');
    writeFileSync(cut, readFileSync(m4a).subarray(0, 8_000));
    const m4aError = await failure(transcriber.transcribe({ filePath: cut, languageTag: 'en' }));
    expect(m4aError.code).toBe('audio_truncated');
  });

  it('refuses a recording over the configured length', async () => {
    const limited = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx', maxDurationMs: 5_000 });
    const error = await failure(limited.transcribe({ filePath: clip('jfk.wav'), languageTag: 'en' }));
    expect(error.code).toBe('audio_too_long');
    expect(error.message).toMatch(/longer than the 5\.0 s/u);
    await limited.close();
  });

  it('refuses a language with no installed model instead of falling back to English', async () => {
    const error = await failure(transcriber.transcribe({ filePath: clip('jfk.wav'), languageTag: 'fr-FR' }));
    expect(error.code).toBe('language_unsupported');
    expect(error.message).toMatch(/'fr-FR'/u);
    expect(error.message).toMatch(/installed: en \(pocketsphinx-en-us\)/u);
  });

  it('stops promptly when aborted and leaves no decoder process behind', async () => {
    const controller = new AbortController();
    const started = transcriber.transcribe({
      filePath: clip('combo-38s.wav'),
      languageTag: 'en',
      signal: controller.signal,
    });
    // Late enough that ffmpeg is running (blocked on its pipe while regions are recognised).
    setTimeout(() => controller.abort(), 1_500);
    await expect(started).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const children = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'comm='], { encoding: 'utf8' });
    expect(children).not.toMatch(/ffmpeg/u);
  });
});

describe('missing parts', () => {
  it('says how to install ffmpeg when it is missing', async () => {
    const missing = createAudioTranscriber({ modelsDir, ffmpegPath: '/nonexistent/ffmpeg' });
    const status = await missing.status();
    expect(status.find((s) => s.name === 'audio decoder')).toMatchObject({
      ready: false,
      remedy: 'npm install (or apt-get install ffmpeg)',
    });
    await expect(missing.transcribe({ filePath: clip('jfk.wav'), languageTag: 'en' })).rejects.toMatchObject({
      code: 'decoder_unavailable',
    });
  });

  it('says what is missing when no recogniser is installed, with the shipped VAD still found', async () => {
    const empty = mkdtempSync(join(tmp, 'models-'));
    const neuralOnly = createAudioTranscriber({ modelsDir: empty, engine: 'sherpa' });
    const status = await neuralOnly.status();
    expect(status.find((s) => s.name === 'speech recognition')).toMatchObject({
      ready: false,
      remedy: `npm run models:download -- nemo-parakeet-tdt-0.6b-v2-int8 --models-dir ${empty}`,
    });
    // Silero ships in the repository's models/ folder, so an empty models directory still has it.
    expect(status.find((s) => s.name === 'voice activity')).toMatchObject({ ready: true });
    const error = await neuralOnly
      .transcribe({ filePath: clip('jfk.wav'), languageTag: 'en' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'asr_unavailable' });
    expect((error as Error).message).toMatch(/no sherpa-onnx model directory/u);
    expect((error as Error).message).toMatch(/npm run models:download -- nemo-parakeet-tdt-0\.6b-v2-int8/u);
  });

  it('reports every component ready on a complete install', async () => {
    const status = await transcriber.status();
    expect(status.map((s) => [s.name, s.ready])).toEqual([
      ['audio decoder', true],
      ['voice activity', true],
      ['speech recognition', true],
    ]);
    expect(status.find((s) => s.name === 'speech recognition')?.detail).toMatch(/pocketsphinx/u);
  });
});
