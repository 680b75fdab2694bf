export { createAudioTranscriber, type AudioTranscriberOptions } from './transcriber.js';
export type { AsrEnginePreference } from './asr-engines.js';
export { joinSamples, splitChannels } from './channel-split.js';
export {
  SAMPLE_RATE,
  decodePcm,
  findDecoder,
  probeAudio,
  type AudioProbe,
  type DecoderPaths,
} from './ffmpeg.js';
export { createVoiceDetector, DEFAULT_VAD_SETTINGS, type VadSettings, type VoicedRegion } from './vad.js';
export {
  createPocketsphinxRecognizer,
  findPocketsphinxModel,
  type PocketsphinxModel,
  type PocketsphinxOptions,
} from './pocketsphinx.js';
export type { RecognitionStream, RecognizedWord, SpeechRecognizer } from './recognizer.js';
export {
  MODEL_CATALOG,
  RECOMMENDED_RECOGNIZERS,
  modelSpec,
  recommendedRecognizer,
  type ModelSpec,
} from './models.js';
export type { RecognizerFetchOptions } from './recognizer-fetch.js';
export type { DownloadProgress } from './model-download.js';
export { voiceActivityTimeline } from './timeline.js';
export { wordErrorRate } from './wer.js';
