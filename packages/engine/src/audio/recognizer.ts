/** A word as a recogniser reports it, timed from the start of the clip it was given. */
export interface RecognizedWord {
  text: string;
  startMs: number;
  endMs: number;
  /** 0..1 */
  confidence: number;
}

/**
 * Recognition of the voiced clips of one channel of one transcription, in order. A recogniser
 * may carry state from clip to clip (pocketsphinx does), so a stream is never shared: the same
 * file then always gives the same words and confidences, however many jobs run at once.
 */
export interface RecognitionStream {
  /** Recognises one clip of 16 kHz mono float PCM; resolves or rejects promptly on abort. */
  recognize(samples: Float32Array, signal?: AbortSignal): Promise<RecognizedWord[]>;
  /** Frees the stream once any clip still being decoded is done. */
  close(): void;
}

/** One loaded speech-recognition model: the single interface every ASR backend implements. */
export interface SpeechRecognizer {
  /** What is in use, e.g. "pocketsphinx en-us" or "sherpa-onnx whisper tiny.en". */
  readonly description: string;
  /** True when the model emits punctuation and casing itself (Whisper, Moonshine). */
  readonly punctuated: boolean;
  /** 'model': word times come from the recogniser's token times; 'estimated': spread over segments. */
  readonly wordTimes: 'model' | 'estimated';
  open(signal?: AbortSignal): Promise<RecognitionStream>;
  close(): Promise<void>;
}

/** Spreads a segment's words over its duration in proportion to their length, for models that time only segments. */
export function spreadWords(text: string, durationMs: number, confidence: number): RecognizedWord[] {
  const tokens = text.split(/\s+/u).filter((t) => t.length > 0);
  const weights = tokens.map((t) => t.length + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const words: RecognizedWord[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    const length = ((weights[i] ?? 1) / total) * durationMs;
    words.push({
      text: token,
      startMs: Math.round(at),
      endMs: Math.round(at + length),
      confidence,
    });
    at += length;
  });
  return words;
}
