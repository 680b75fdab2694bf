import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RATE, decodePcm } from './ffmpeg.js';
import { voiceActivityTimeline } from './timeline.js';
import {
  DEFAULT_VAD_SETTINGS,
  createVoiceDetector,
  createVoiceDetectorPool,
  type VoiceDetector,
  type VoicedRegion,
} from './vad.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');

describe('Silero voice activity on vad-test-22s.wav', () => {
  it('finds the reference speech regions and ignores white noise', async () => {
    const detector = createVoiceDetector(join(modelsDir, 'silero-vad', 'silero_vad.onnx'));
    const regions: VoicedRegion[] = [];
    let samples = 0;
    const decoder = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };
    for await (const chunk of decodePcm(decoder, join(audioDir, 'vad-test-22s.wav'), { channels: 1 })) {
      samples += chunk.length;
      regions.push(...detector.push(chunk));
    }
    regions.push(...detector.finish());
    const toMs = (s: number): number => Math.round((s * 1000) / SAMPLE_RATE);

    // The reference: silence 0-2 s, JFK 2.3-13.0 s with pauses, white noise 15-17 s (not
    // speech), Austen 17.25-19.88 s, and the regions silero v6.2 found when the clip was made.
    const header = readFileSync(join(audioDir, 'vad-test-22s.txt'), 'utf8');
    const expected = [...(header.match(/found: (.*)$/mu)?.[1] ?? '').matchAll(/\[([\d.]+),([\d.]+)\]/gu)].map(
      (m) => [Number(m[1]) * 1000, Number(m[2]) * 1000] as const,
    );
    expect(expected).toHaveLength(5);
    expect(regions).toHaveLength(expected.length);
    regions.forEach((region, i) => {
      expect(Math.abs(toMs(region.startSample) - (expected[i]?.[0] ?? 0))).toBeLessThanOrEqual(100);
      expect(Math.abs(toMs(region.endSample) - (expected[i]?.[1] ?? 0))).toBeLessThanOrEqual(100);
    });
    expect(regions.some((r) => toMs(r.startSample) < 17_000 && toMs(r.endSample) > 15_000)).toBe(false);

    const timeline = voiceActivityTimeline(
      regions.map((r) => ({ startMs: toMs(r.startSample), endMs: toMs(r.endSample) })),
      toMs(samples),
    );
    expect(timeline.map((s) => s.result)).toEqual([
      ...['silence', 'voice', 'silence', 'voice', 'silence', 'voice', 'silence', 'voice'],
      ...['silence', 'voice', 'silence'],
    ]);
    expect(Math.abs((timeline.at(-1)?.endTimeOffset ?? 0) - 22_000)).toBeLessThanOrEqual(20);
  });
});

describe('a reused detector', () => {
  const model = join(modelsDir, 'silero-vad', 'silero_vad.onnx');
  const decoder = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

  async function regionsOf(detector: VoiceDetector, file: string): Promise<VoicedRegion[]> {
    const regions: VoicedRegion[] = [];
    for await (const chunk of decodePcm(decoder, join(audioDir, file), { channels: 1 })) {
      regions.push(...detector.push(chunk));
    }
    return [...regions, ...detector.finish()];
  }

  it('finds exactly what a new detector finds once it is given back to its pool', async () => {
    const pool = createVoiceDetectorPool(model, DEFAULT_VAD_SETTINGS);
    const used = pool.take();
    // Left after the first second of jfk.wav, as an aborted transcription leaves it: Silero's
    // state, sherpa's buffer and clock, and this wrapper's partial window all hold that audio.
    for await (const chunk of decodePcm(decoder, join(audioDir, 'jfk.wav'), { channels: 1 })) {
      used.push(chunk);
      break;
    }
    pool.give(used);
    const reused = pool.take();
    expect(reused).toBe(used);

    const fresh = await regionsOf(createVoiceDetector(model), 'vad-test-22s.wav');
    expect(fresh.length).toBeGreaterThan(2);
    expect(await regionsOf(reused, 'vad-test-22s.wav')).toEqual(fresh);
  });
});
