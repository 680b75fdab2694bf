import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinSamples } from './channel-split.js';
import { decodePcm } from './ffmpeg.js';
import { createPocketsphinxRecognizer, findPocketsphinxModel } from './pocketsphinx.js';
import type { RecognizedWord, SpeechRecognizer } from './recognizer.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');

async function decodeWhole(file: string): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  for await (const chunk of decodePcm({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, join(audioDir, file), {
    channels: 1,
  })) {
    chunks.push(chunk);
  }
  return joinSamples(chunks);
}

describe('spare pocketsphinx decoders', () => {
  it('give every stream a never-used decoder: the same words and confidences as one loaded on the spot', async () => {
    const model = findPocketsphinxModel(modelsDir);
    if (model === undefined) throw new Error('pocketsphinx en-us is not installed');
    const clip = await decodeWhole('austen-0880.wav');
    const once = async (recognizer: SpeechRecognizer): Promise<RecognizedWord[]> => {
      const stream = await recognizer.open();
      try {
        return await stream.recognize(clip);
      } finally {
        stream.close();
      }
    };
    const onTheSpot = await createPocketsphinxRecognizer(model, { spareDecoders: 0 });
    const pooled = await createPocketsphinxRecognizer(model, { spareDecoders: 1 });
    try {
      const reference = await once(onTheSpot);
      expect(reference.length).toBeGreaterThan(3);

      // A decoder that has decoded once answers differently: handing one out again would show.
      const used = await pooled.open();
      expect(await used.recognize(clip)).toEqual(reference);
      expect(await used.recognize(clip)).not.toEqual(reference);
      used.close();

      // One opened and closed without decoding goes back to the spares; the next takes it.
      (await pooled.open()).close();
      for (let i = 0; i < 3; i++) expect(await once(pooled)).toEqual(reference);
    } finally {
      await Promise.all([onTheSpot.close(), pooled.close()]);
    }
  });
});

describe('pocketsphinx decodes and the rest of the process', () => {
  it('leave file I/O free while more clips decode at once than libuv has threads', async () => {
    const model = findPocketsphinxModel(modelsDir);
    if (model === undefined) throw new Error('pocketsphinx en-us is not installed');
    const clip = await decodeWhole('austen-0880.wav');
    const recognizer = await createPocketsphinxRecognizer(model, { spareDecoders: 0 });
    try {
      // libuv's pool has UV_THREADPOOL_SIZE threads (4 unless set); koffi runs its async calls there.
      const poolSize = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);
      const streams = await Promise.all(Array.from({ length: poolSize + 2 }, () => recognizer.open()));
      const started = performance.now();
      const decodes = streams.map((stream) => stream.recognize(clip).finally(() => stream.close()));
      await new Promise((r) => setTimeout(r, 50));
      const asked = performance.now();
      await stat(audioDir);
      const statMs = performance.now() - asked;
      await Promise.all(decodes);
      const decodeMs = performance.now() - started;
      // A file read that waited for a decode to give its thread back would take a good share of it.
      expect(statMs).toBeLessThan(decodeMs / 10);
    } finally {
      await recognizer.close();
    }
  });
});
