import { join } from 'node:path';
import { raceAbort } from './abort.js';
import { SAMPLE_RATE } from './ffmpeg.js';
import { transducerParts, type ModelSpec } from './models.js';
import type { RecognizedWord, SpeechRecognizer } from './recognizer.js';
import { spreadWords } from './recognizer.js';
import { loadSherpa, type SherpaOfflineResult } from './sherpa.js';

const MAX_CLIP_SAMPLES = 28 * SAMPLE_RATE;

function modelConfig(spec: ModelSpec, dir: string, language: string): Record<string, unknown> {
  const common = { numThreads: 1, provider: 'cpu', debug: 0 };
  if (spec.kind === 'transducer') {
    const parts = transducerParts(dir);
    if (parts === undefined) throw new Error(`${dir} lacks an encoder, decoder or joiner .onnx file`);
    return {
      ...common,
      transducer: parts,
      modelType: spec.modelType ?? 'transducer',
      tokens: join(dir, 'tokens.txt'),
    };
  }
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

/** A token that starts a word: BPE pieces mark it with a leading space (Whisper) or "▁" (SentencePiece). */
function startsWord(token: string): boolean {
  return token.startsWith(' ') || token.startsWith('\u2581');
}

/**
 * Words from a sherpa result. With token times (transducers), each word starts at its first
 * token and ends where its last token ends: the token's duration where the model gives one
 * (TDT), else where the next word starts (the last word at the end of the clip). Models whose
 * tokens mark no word starts and whose text has no spaces (Japanese characters) make each token
 * a word. Without token times (Whisper, Moonshine in sherpa-onnx) the clip's duration is shared
 * out over the words by length: an estimate, reported as such by the recogniser's `wordTimes`.
 * Confidence is the mean token probability where the model reports log-probabilities, else 1.
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
  const durations =
    result.durations !== undefined && result.durations.length === tokens.length
      ? result.durations
      : undefined;
  const perToken = !tokens.some(startsWord) && !/\s/u.test(text);

  const clamp = (ms: number): number => Math.min(durationMs, Math.max(0, Math.round(ms)));
  const words: (RecognizedWord & { open: boolean })[] = [];
  tokens.forEach((token, i) => {
    const at = clamp((times[i] ?? 0) * 1000);
    const tokenEnd =
      durations === undefined ? undefined : clamp(((times[i] ?? 0) + (durations[i] ?? 0)) * 1000);
    const piece = token.replace(/^[\s\u2581]+/u, '');
    const last = words.at(-1);
    if (last === undefined || perToken || startsWord(token)) {
      // The previous word, timed by the model's durations or not, cannot run past this one's start.
      if (last !== undefined) {
        last.endMs = last.open
          ? Math.max(last.startMs, at)
          : Math.max(last.startMs, Math.min(last.endMs, at));
      }
      words.push({
        text: piece,
        startMs: at,
        endMs: tokenEnd ?? at,
        confidence,
        open: tokenEnd === undefined,
      });
    } else {
      last.text += piece;
      if (tokenEnd !== undefined) last.endMs = Math.max(last.endMs, tokenEnd);
    }
  });
  const last = words.at(-1);
  if (last !== undefined && last.open) last.endMs = Math.max(last.startMs, durationMs);
  return words
    .filter((w) => w.text.trim().length > 0)
    .map(({ text: word, startMs, endMs }) => ({ text: word.trim(), startMs, endMs, confidence }));
}

/** A transducer, Whisper or Moonshine model directory run by sherpa-onnx's offline recogniser. */
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
    // Parakeet and Whisper write punctuation and case; icefall Zipformers write neither.
    punctuated: spec.modelType !== 'transducer',
    wordTimes: spec.wordTimes ?? 'estimated',
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
