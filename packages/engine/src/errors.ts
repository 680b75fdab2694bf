/**
 * Why processing an interaction failed, as a stable code. The server stores the code with the
 * `processingFailed` / `fileDownloadFailed` status and shows the message as `errorMessage`;
 * `retryable` tells the worker whether another attempt could succeed.
 */
export const PROCESSING_ERRORS = {
  audio_empty: { retryable: false },
  audio_undecodable: { retryable: false },
  audio_truncated: { retryable: false },
  audio_too_long: { retryable: false },
  asr_unavailable: { retryable: false },
  language_unsupported: { retryable: false },
  chat_invalid: { retryable: false },
  transcript_invalid: { retryable: false },
  redaction_policy_unknown: { retryable: false },
  model_missing: { retryable: false },
  decoder_unavailable: { retryable: false },
  engine_crashed: { retryable: true },
  // Text analysis is deterministic: what overran once overruns again.
  analysis_timeout: { retryable: false },
  timeout: { retryable: true },
  internal: { retryable: true },
} as const satisfies Record<string, { retryable: boolean }>;

export type ProcessingErrorCode = keyof typeof PROCESSING_ERRORS;

export class ProcessingError extends Error {
  override readonly name = 'ProcessingError';
  readonly code: ProcessingErrorCode;
  readonly retryable: boolean;

  constructor(code: ProcessingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = PROCESSING_ERRORS[code].retryable;
  }
}

export function isProcessingError(error: unknown): error is ProcessingError {
  return error instanceof ProcessingError;
}
