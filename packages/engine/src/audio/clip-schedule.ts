import { ProcessingError } from '../errors.js';
import type { ParticipantScope, Word } from '../types.js';
import { abortError } from './abort.js';
import { SAMPLE_RATE } from './ffmpeg.js';
import type { RecognitionStream } from './recognizer.js';
import type { SampleHistory } from './sample-history.js';
import type { SpanMs } from './timeline.js';
import type { VoicedRegion } from './vad.js';

/**
 * Stage: clip scheduling. One channel's voiced regions, cut out of its recent samples with a
 * little padding either side once that padding has been decoded, and handed to its recogniser
 * one after another. The words come back clipped to their region and tagged with the channel's
 * participant, in clip order.
 */

/** A voiced region cut out with its padding, ready for the recogniser. */
export interface Clip {
  region: SpanMs;
  samples: Float32Array;
  /** Absolute index of the clip's first sample in the channel. */
  startSample: number;
}

/**
 * Clips of one channel handed to its recogniser and not yet known to be done: the one being
 * recognised and the next, so the recogniser never waits for decoding and voice detection
 * (which run on the event loop meanwhile) while at most two regions' audio is held.
 */
export const CLIPS_AHEAD = 2;

const ms = (samples: number): number => Math.round((samples * 1000) / SAMPLE_RATE);

export function formatDuration(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}

function withDeadline<T>(work: Promise<T>, deadlineMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), deadlineMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Recognises one clip and returns its words in the channel's time, clipped to the voiced region. */
export async function recognizeClip(
  stream: RecognitionStream,
  participant: ParticipantScope,
  clip: Clip,
  signal: AbortSignal | undefined,
): Promise<Word[]> {
  if (signal?.aborted) throw abortError(signal);
  const { region, samples } = clip;
  const clipStartMs = (clip.startSample * 1000) / SAMPLE_RATE;
  // A native decode that hangs must not hold the job forever; 5x real time is far beyond any
  // recogniser here (pocketsphinx runs at about 0.2x on one core).
  const deadlineMs = 30_000 + 5 * ms(samples.length);
  const recognized = await withDeadline(
    stream.recognize(samples, signal),
    deadlineMs,
    () =>
      new ProcessingError(
        'timeout',
        `speech recognition of one ${formatDuration(ms(samples.length))} region took over ${formatDuration(deadlineMs)}`,
      ),
  );
  const words: Word[] = [];
  for (const word of recognized) {
    // The padding is context, not speech: a word the recogniser stretched into it is clipped to
    // the voiced region, and one lying wholly inside it (a breath, a click) is dropped.
    const startMs = Math.max(region.startMs, Math.round(clipStartMs + word.startMs));
    const endMs = Math.min(region.endMs, Math.round(clipStartMs + word.endMs));
    if (endMs <= startMs) continue;
    words.push({ text: word.text, startMs, endMs, confidence: word.confidence, participant });
  }
  return words;
}

export interface ClipScheduleOptions {
  participant: ParticipantScope;
  stream: RecognitionStream;
  history: SampleHistory;
  /** Samples kept before and after each region. */
  padding: number;
  signal: AbortSignal | undefined;
  /** Called at once with a recognition failure, so decoding can stop early. */
  onFailure(error: unknown): void;
}

/** One channel's regions on their way to its recogniser. */
export class ClipSchedule {
  /** Every region handed out by `ready`, in order. */
  readonly voiced: SpanMs[] = [];
  /** The recognised words, in clip order. */
  readonly words: Word[] = [];
  /** Regions found whose trailing padding has not been decoded yet. */
  private readonly pending: VoicedRegion[] = [];
  /** One per clip handed to the recogniser, in order; each settles when its clip is done. */
  private readonly recognizing: Promise<void>[] = [];
  private stopped = false;

  constructor(private readonly options: ClipScheduleOptions) {}

  add(regions: readonly VoicedRegion[]): void {
    this.pending.push(...regions);
  }

  /**
   * Takes the regions whose padding has been decoded (all that are left when `final`), in order,
   * and records them as voiced.
   */
  takeReady(final: boolean): Array<{ region: VoicedRegion; span: SpanMs }> {
    const ready: Array<{ region: VoicedRegion; span: SpanMs }> = [];
    const { history, padding } = this.options;
    while (this.pending.length > 0) {
      const region = this.pending[0] as VoicedRegion;
      if (!final && history.end < region.endSample + padding) break;
      this.pending.shift();
      const span = { startMs: ms(region.startSample), endMs: ms(region.endSample) };
      this.voiced.push(span);
      ready.push({ region, span });
    }
    return ready;
  }

  /**
   * Cuts the region's clip now (by the time the recogniser gets to it, the history will have
   * moved on) and queues it behind the channel's earlier clips. Resolves once at most
   * CLIPS_AHEAD clips are outstanding, so decoding never runs far ahead of recognition.
   */
  async submit(region: VoicedRegion, span: SpanMs): Promise<void> {
    const { history, padding, stream, participant, signal } = this.options;
    const startSample = Math.max(history.start, region.startSample - padding);
    const clip: Clip = {
      region: span,
      samples: history.slice(startSample, region.endSample + padding),
      startSample,
    };
    const previous = this.recognizing.at(-1) ?? Promise.resolve();
    const done = previous.then(async () => {
      if (this.stopped) throw new Error('transcription stopped');
      this.words.push(...(await recognizeClip(stream, participant, clip, signal)));
    });
    // Seen at once, so decoding stops early; rethrown where the clip is awaited.
    done.catch((error: unknown) => this.options.onFailure(error));
    this.recognizing.push(done);
    while (this.recognizing.length > CLIPS_AHEAD) await this.recognizing.shift();
  }

  /** Waits for every clip handed out so far. */
  async settle(): Promise<void> {
    await Promise.all(this.recognizing);
  }

  /** Clips still queued (behind a failure) are not started. */
  stop(): void {
    this.stopped = true;
  }
}
