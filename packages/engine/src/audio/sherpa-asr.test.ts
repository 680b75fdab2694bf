import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_CATALOG, installedModelDir, modelSpec } from './models.js';
import { createAudioTranscriber } from './transcriber.js';
import { wordErrorRate } from './wer.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');

/** The first Whisper/Moonshine directory installed in the models directory, if any. */
const neural = MODEL_CATALOG.filter((spec) => spec.kind !== 'silero-vad' && spec.languages.includes('en'))
  .map((spec) => installedModelDir(modelsDir, spec))
  .find((dir) => dir !== undefined);

const tmp = mkdtempSync(join(tmpdir(), 'parley-sherpa-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('neural speech recognition (sherpa-onnx)', () => {
  // No Whisper/Moonshine weights can be downloaded on the development and CI machines (see
  // research/asr.md); this runs wherever `npm run models:download -- whisper-tiny.en` was run.
  it.skipIf(neural === undefined)(`transcribes jfk.wav with ${neural ?? 'a neural model'}`, async () => {
    const transcriber = createAudioTranscriber({ modelsDir, engine: 'sherpa' });
    try {
      const result = await transcriber.transcribe({
        filePath: join(audioDir, 'jfk.wav'),
        languageTag: 'en-US',
      });
      expect(result.punctuated).toBe(true);
      const text = result.words.map((w) => w.text).join(' ');
      expect(wordErrorRate(readFileSync(join(audioDir, 'jfk.txt'), 'utf8'), text)).toBeLessThanOrEqual(0.15);
      const voiced = result.voiceActivity.allParticipants.filter((s) => s.result === 'voice');
      for (const word of result.words) {
        expect(voiced.some((s) => word.startMs >= s.startTimeOffset && word.endMs <= s.endTimeOffset)).toBe(
          true,
        );
      }
    } finally {
      await transcriber.close();
    }
  });

  it('reports a broken model directory as a model to reinstall, through the real runtime', async () => {
    const dir = join(tmp, 'models');
    const spec = modelSpec('whisper-tiny.en');
    if (spec === undefined) throw new Error('whisper-tiny.en is not in the catalog');
    mkdirSync(join(dir, spec.dirName), { recursive: true });
    for (const file of spec.files) writeFileSync(join(dir, spec.dirName, file), '');
    symlinkSync(join(modelsDir, 'silero-vad'), join(dir, 'silero-vad'));
    const transcriber = createAudioTranscriber({ modelsDir: dir, engine: 'sherpa' });
    const status = await transcriber.status();
    expect(status.find((s) => s.name === 'speech recognition')?.detail).toMatch(/whisper-tiny\.en/u);
    const error = await transcriber
      .transcribe({ filePath: join(audioDir, 'jfk.wav'), languageTag: 'en' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_missing' });
    expect((error as Error).message).toMatch(/npm run models:download -- whisper-tiny\.en/u);
    await transcriber.close();
  });
});
