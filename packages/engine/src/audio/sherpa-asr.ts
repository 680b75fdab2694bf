import { join } from 'node:path';
import { raceAbort } from './abort.js';
import { SAMPLE_RATE } from './ffmpeg.js';
import type { ModelSpec } from './models.js';
import type { RecognizedWord, SpeechRecognizer } from './recognizer.js';
import { spreadWords } from './recognizer.js';
import { loadSherpa, type SherpaOfflineResult } from './sherpa.js';

const MAX_CLIP_SAMPLES = 28 * SAMPLE_RATE;

function modelConfig(spec: ModelSpec, dir: string, language: string): Record<string, unknown> {
  const common = { numThreads: 1, provider: 'cpu', debug: 0 };
  if (spec.kind === 'whisper') {
    const size = spec.dirName.replace(/^sherpa-onnx-whisper-/u, '');
    return {
      ...common,
      whisper: {
        encoder: join(dir, `${size}-encoder.int8.onnx`),
        decoder: join(dir, `${size}-decoder.int8.onnx`),
        language,
        task: 'transcribe',
      },
      tokens: join(dir, `${size}-tokens.txt`),
    };
  }
  return {
    ...common,
    moonshine: {
      preprocessor: join(dir, 'preprocess.onnx'),
      encoder: join(dir, 'encode.int8.onnx'),
      uncachedDecoder: join(dir, 'uncached_decode.int8.onnx'),
      cachedDecoder: join(dir, 'cached_decode.int8.onnx'),
    },
    tokens: join(dir, 'tokens.txt'),
  };
}

/**
 * Words from a sherpa result. Token timestamps, when the model gives them, time each word from
 * its first token (BPE tokens that start with a space begin a word); otherwise the clip's
 * duration is shared out over the words by length, which is as precise as Whisper's own
 * segment-level timing. Confidence is the mean token probability when the model reports token
 * log-probabilities; without them nothing measures doubt, so it is 1.
 */
export function sherpaWords(result: SherpaOfflineResult, durationMs: number): RecognizedWord[] {
  const text = result.text.trim();
  if (text.length === 0) return [];
  const logProbs = result.ys_log_probs;
  const confidence =
    Array.isArray(logProbs) && logProbs.length > 0
      ? Math.min(1, Math.exp(logProbs.reduce((a, b) => a + b, 0) / logProbs.length))
      : 1;
  const tokens = result.tokens ?? [];
  const times = result.timestamps ?? [];
  if (tokens.length === 0 || tokens.length !== times.length) return spreadWords(text, durationMs, confidence);

  const words: RecognizedWord[] = [];
  tokens.forEach((token, i) => {
    const at = Math.round((times[i] ?? 0) * 1000);
    const last = words.at(-1);
    if (last === undefined || /^\s/u.test(token)) {
      if (last !== undefined) last.endMs = Math.max(last.startMs, at);
      const word = token.trim();
      if (word.length > 0) words.push({ text: word, startMs: at, endMs: at, confidence });
    } else {
      last.text += token;
    }
  });
  const last = words.at(-1);
  if (last !== undefined) last.endMs = Math.max(last.startMs, durationMs);
  return words.filter((w) => w.text.length > 0);
}

/** A Whisper or Moonshine model directory run by sherpa-onnx's offline recogniser. */
export async function createSherpaRecognizer(
  spec: ModelSpec,
  dir: string,
  language: string,
): Promise<SpeechRecognizer> {
  const sherpa = loadSherpa();
  const recognizer = await sherpa.OfflineRecognizer.createAsync({
    featConfig: { sampleRate: SAMPLE_RATE, featureDim: 80 },
    modelConfig: modelConfig(spec, dir, language),
  });
  return {
    description: `sherpa-onnx ${spec.kind} ${spec.dirName.replace(/^sherpa-onnx-/u, '')} (${dir})`,
    punctuated: true,
    // Offline recognition keeps no state between clips, so every stream shares the one model.
    async open() {
      return {
        async recognize(samples, signal) {
          const words: RecognizedWord[] = [];
          // Whisper sees at most 30 s at once and drops the rest; longer regions go in pieces.
          for (let start = 0; start < samples.length; start += MAX_CLIP_SAMPLES) {
            const piece = samples.subarray(start, start + MAX_CLIP_SAMPLES);
            const stream = recognizer.createStream();
            stream.acceptWaveform({ samples: piece, sampleRate: SAMPLE_RATE });
            const result = await raceAbort(recognizer.decodeAsync(stream), signal);
            const offsetMs = Math.round((start * 1000) / SAMPLE_RATE);
            for (const word of sherpaWords(result, Math.round((piece.length * 1000) / SAMPLE_RATE))) {
              words.push({ ...word, startMs: word.startMs + offsetMs, endMs: word.endMs + offsetMs });
            }
          }
          return words;
        },
        close() {},
      };
    },
    async close() {
      // The addon frees the recogniser when it is garbage-collected.
    },
  };
}
