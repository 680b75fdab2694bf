import { SAMPLE_RATE } from './ffmpeg.js';
import { loadSherpa, type SherpaVad } from './sherpa.js';

/** A stretch of speech in one channel, in samples at 16 kHz, end exclusive. */
export interface VoicedRegion {
  startSample: number;
  endSample: number;
}

export interface VadSettings {
  /** Speech probability above which a window counts as voice. */
  threshold: number;
  /** Pauses shorter than this stay inside one region. */
  minSilenceSeconds: number;
  /** Voice shorter than this is dropped (clicks, breaths). */
  minSpeechSeconds: number;
  /** Longer speech is split, which bounds the audio held per region. */
  maxSpeechSeconds: number;
}

/**
 * Silero's defaults as sherpa-onnx documents them, except a 0.5 s minimum pause: measured on
 * vad-test-22s.wav it keeps JFK's phrases whole, and recognition improves on whole phrases.
 */
export const DEFAULT_VAD_SETTINGS: VadSettings = {
  threshold: 0.5,
  minSilenceSeconds: 0.5,
  minSpeechSeconds: 0.25,
  maxSpeechSeconds: 20,
};

/**
 * The longest region the detector can hand back: sherpa splits speech that runs past
 * maxSpeechSeconds, but only once a window falls below its raised threshold, so its buffer (and
 * any copy of recent audio kept for recognition) needs room beyond the nominal limit.
 */
export function longestRegionSeconds(settings: VadSettings): number {
  return settings.maxSpeechSeconds * 2 + 10;
}

/** Silero's window at 16 kHz; sherpa buffers partial windows, feeding whole ones keeps its clock exact. */
const WINDOW = 512;

/** Finds voiced regions in one channel's PCM as it streams past. */
export interface VoiceDetector {
  /** Accepts the next samples; returns the regions that ended so far. */
  push(samples: Float32Array): VoicedRegion[];
  /** No more audio: returns the regions still open. */
  finish(): VoicedRegion[];
  /** Forgets all audio, ready for another recording: the same regions as a new detector would find. */
  reset(): void;
}

export function createVoiceDetector(
  modelPath: string,
  settings: VadSettings = DEFAULT_VAD_SETTINGS,
): VoiceDetector {
  const sherpa = loadSherpa();
  const vad: SherpaVad = new sherpa.Vad(
    {
      sileroVad: {
        model: modelPath,
        threshold: settings.threshold,
        minSilenceDuration: settings.minSilenceSeconds,
        minSpeechDuration: settings.minSpeechSeconds,
        maxSpeechDuration: settings.maxSpeechSeconds,
        windowSize: WINDOW,
      },
      sampleRate: SAMPLE_RATE,
      numThreads: 1,
      provider: 'cpu',
      debug: false,
    },
    longestRegionSeconds(settings),
  );
  let pending = new Float32Array(0);
  let accepted = 0;

  function drain(): VoicedRegion[] {
    const regions: VoicedRegion[] = [];
    while (!vad.isEmpty()) {
      const segment = vad.front(false);
      const endSample = Math.min(segment.start + segment.samples.length, accepted);
      if (endSample > segment.start) regions.push({ startSample: segment.start, endSample });
      vad.pop();
    }
    return regions;
  }

  return {
    push(samples) {
      const all = pending.length > 0 ? concat(pending, samples) : samples;
      const whole = all.length - (all.length % WINDOW);
      for (let i = 0; i < whole; i += WINDOW) vad.acceptWaveform(all.subarray(i, i + WINDOW));
      accepted += whole;
      pending = all.slice(whole);
      return drain();
    },
    finish() {
      if (pending.length > 0) {
        const last = new Float32Array(WINDOW);
        last.set(pending);
        vad.acceptWaveform(last);
        accepted += pending.length;
        pending = new Float32Array(0);
      }
      vad.flush();
      return drain();
    },
    reset() {
      // sherpa's reset clears Silero's recurrent state, the sample buffer and its clock.
      vad.reset();
      pending = new Float32Array(0);
      accepted = 0;
    },
  };
}

/**
 * Detectors for one model and settings, reused from file to file: loading Silero costs about
 * 40 ms, a reset nothing. Keeps at most `maxIdle` detectors that are not in use.
 */
export function createVoiceDetectorPool(modelPath: string, settings: VadSettings, maxIdle = 4) {
  const idle: VoiceDetector[] = [];
  return {
    take(): VoiceDetector {
      return idle.pop() ?? createVoiceDetector(modelPath, settings);
    },
    give(detector: VoiceDetector): void {
      detector.reset();
      if (idle.length < maxIdle) idle.push(detector);
    },
  };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
