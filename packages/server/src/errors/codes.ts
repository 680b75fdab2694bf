import { PROCESSING_ERRORS, type ProcessingErrorCode } from '@parley/engine';

/**
 * Every error code the service can answer with or store on an interaction, mapped once to the HTTP
 * status it is sent with and whether the same request could succeed if repeated later.
 */
export const API_ERRORS = {
  validation_failed: { status: 400, retryable: false },
  malformed_request: { status: 400, retryable: false },
  malformed_json: { status: 400, retryable: false },
  unsupported_download_scheme: { status: 400, retryable: false },
  missing_file: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  route_not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  upload_conflict: { status: 409, retryable: false },
  results_not_ready: { status: 409, retryable: true },
  results_unavailable: { status: 409, retryable: false },
  request_timeout: { status: 408, retryable: true },
  payload_too_large: { status: 413, retryable: false },
  uri_too_long: { status: 414, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  expectation_failed: { status: 417, retryable: false },
  headers_too_large: { status: 431, retryable: false },
  internal: { status: 500, retryable: true },
  unavailable: { status: 503, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * Codes stored with a failure status. Processing failures come from the engine; the rest describe
 * why an upload or a download ended.
 */
export const INTERACTION_FAILURES = {
  ...PROCESSING_ERRORS,
  upload_interrupted: { retryable: false },
  download_blocked: { retryable: false },
  download_http_error: { retryable: false },
  download_too_large: { retryable: false },
  download_timeout: { retryable: true },
  download_unreachable: { retryable: true },
  download_failed: { retryable: true },
  attempts_exhausted: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type FailureCode = keyof typeof INTERACTION_FAILURES | ProcessingErrorCode;
