import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeCrosstalk } from '../audio/crosstalk.js';
import type { VoiceActivitySegment, Word } from '../types.js';
import { assignSpeakers } from './assign.js';
import { createDiarizer } from './index.js';
import { measureOverlap } from './overlap.js';
import { findSherpaDiarizationModels, SHERPA_EMBEDDING_DIR, SHERPA_SEGMENTATION } from './sherpa-diarizer.js';

const word = (
  text: string,
  startMs: number,
  endMs: number,
  participant: Word['participant'],
  confidence = 0.9,
): Word => ({
  text,
  startMs,
  endMs,
  participant,
  confidence,
});
const voice = (...spans: [number, number][]): VoiceActivitySegment[] =>
  spans.map(([startTimeOffset, endTimeOffset]) => ({ startTimeOffset, endTimeOffset, result: 'voice' }));

describe('assignSpeakers', () => {
  const turns = [
    { startMs: 0, endMs: 1000, speaker: 0 },
    { startMs: 1000, endMs: 2500, speaker: 1 },
    { startMs: 4000, endMs: 5000, speaker: 0 },
  ];
  it('gives a word the speaker whose turn covers most of it', () => {
    expect(assignSpeakers([{ startMs: 900, endMs: 1400 }], turns)).toEqual([1]);
    expect(assignSpeakers([{ startMs: 700, endMs: 1100 }], turns)).toEqual([0]);
  });
  it('gives a word between turns the nearest turn, in any input order', () => {
    expect(
      assignSpeakers(
        [
          { startMs: 3700, endMs: 3900 },
          { startMs: 2600, endMs: 2800 },
        ],
        turns,
      ),
    ).toEqual([0, 1]);
  });
});

describe('measureOverlap', () => {
  it('counts overlapping time and interruptions of 300 ms or more, not short backchannels', () => {
    // Two cuts in on one (600 ms together); later a 100 ms "mm-hm".
    const result = measureOverlap(voice([0, 2000], [3000, 5000]), voice([1400, 2800], [4000, 4100]));
    expect(result).toEqual({ overlapMs: 700, interruptions: 1 });
  });
  it('finds nothing when the sides take turns', () => {
    expect(measureOverlap(voice([0, 1000]), voice([1000, 2000]))).toEqual({ overlapMs: 0, interruptions: 0 });
  });
});

describe('removeCrosstalk', () => {
  it('keeps one copy of a word heard on both channels, the louder side', () => {
    const words = [
      word('refund', 1000, 1400, 'participantOne', 0.9),
      word('refund', 1010, 1390, 'participantTwo', 0.4),
      word('yes', 2000, 2200, 'participantTwo', 0.8),
    ];
    expect(removeCrosstalk(words).map((w) => `${w.text}:${w.participant}`)).toEqual([
      'refund:participantOne',
      'yes:participantTwo',
    ]);
  });
  it('keeps the same word said by both sides at different times, and different words at once', () => {
    const words = [
      word('okay', 1000, 1300, 'participantOne'),
      word('okay', 1500, 1800, 'participantTwo'),
      word('no', 3000, 3300, 'participantOne'),
      word('yes', 3000, 3300, 'participantTwo'),
    ];
    expect(removeCrosstalk(words)).toHaveLength(4);
  });
});

describe('diarizer selection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-diarizer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the spectral stage when the neural models are not installed', () => {
    expect(findSherpaDiarizationModels(dir)).toBeUndefined();
    expect(findSherpaDiarizationModels(undefined)).toBeUndefined();
    const diarizer = createDiarizer({ modelsDir: dir });
    expect(diarizer.kind).toBe('spectral');
    expect(diarizer.status().ready).toBe(true);
  });

  it('needs both the segmentation and an embedding model', () => {
    mkdirSync(join(dir, SHERPA_SEGMENTATION.dirName), { recursive: true });
    writeFileSync(join(dir, SHERPA_SEGMENTATION.dirName, SHERPA_SEGMENTATION.file), 'not a model');
    expect(findSherpaDiarizationModels(dir)).toBeUndefined();
    mkdirSync(join(dir, SHERPA_EMBEDDING_DIR), { recursive: true });
    writeFileSync(join(dir, SHERPA_EMBEDDING_DIR, 'readme.txt'), 'no model here');
    expect(findSherpaDiarizationModels(dir)).toBeUndefined();
    writeFileSync(join(dir, SHERPA_EMBEDDING_DIR, 'nemo_en_titanet_small.onnx'), 'not a model');
    writeFileSync(join(dir, SHERPA_EMBEDDING_DIR, '3dspeaker_eres2net.onnx'), 'not a model');
    expect(findSherpaDiarizationModels(dir)).toEqual({
      segmentation: join(dir, SHERPA_SEGMENTATION.dirName, SHERPA_SEGMENTATION.file),
      embedding: join(dir, SHERPA_EMBEDDING_DIR, '3dspeaker_eres2net.onnx'),
    });
  });

  it('falls back to the spectral stage, and says why, when installed models fail to load', () => {
    // The files above are not ONNX models: sherpa-onnx refuses them.
    const diarizer = createDiarizer({ modelsDir: dir });
    expect(diarizer.kind).toBe('spectral');
    expect(diarizer.status().detail).toMatch(/failed to load/u);
  });
});
