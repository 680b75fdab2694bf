import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RATE, decodePcm } from './ffmpeg.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
const decoder = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

describe('decodePcm', () => {
  it('does not count time the consumer spends on earlier audio as a stalled ffmpeg', async () => {
    // austen-0880.wav is 3 s: a few chunks, each held longer than the stall timeout. The timeout
    // leaves ffmpeg a second to start and answer, which a loaded 2-core machine needs.
    let samples = 0;
    let chunks = 0;
    for await (const chunk of decodePcm(decoder, join(audioDir, 'austen-0880.wav'), {
      channels: 1,
      stallTimeoutMs: 1_000,
    })) {
      samples += chunk.length;
      chunks += 1;
      await sleep(1_500);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(samples / SAMPLE_RATE).toBeGreaterThan(2.9);
  });
});
