export {
  Parley,
  Interactions,
  Webhook,
  DEFAULT_BASE_URL,
  ELEVATEAI_BASE_URL,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './client.js';
export type {
  ParleyOptions,
  DeclareParams,
  DeclareOptions,
  UploadOptions,
  ProcessOptions,
  ProcessStage,
  ProcessedInteraction,
} from './client.js';
export type { RequestOptions, FetchLike } from './http.js';
export type { Uploadable } from './uploadable.js';
export { waitUntilProcessed, defaultPollIntervalMs, DEFAULT_WAIT_TIMEOUT_MS } from './wait.js';
export type { WaitOptions } from './wait.js';
export { parseRetryAfter, backoffDelayMs, retryDelayMs, DEFAULT_RETRY_POLICY } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { ROUTES } from './routes.js';
export { listQuery } from './list-query.js';
export type { RouteName, HttpMethod } from './routes.js';
export * from './errors.js';
export * from './types.js';
export {
  toText,
  toSrt,
  toVtt,
  formatTranscript,
  formatClock,
  formatCueTime,
  DEFAULT_SPEAKER_LABELS,
  TRANSCRIPT_FORMATS,
} from './format.js';
export type { SpeakerLabels, TranscriptFormat } from './format.js';
