/**
 * Every error code Parley uses, once: the HTTP status it is answered with (null for codes that
 * are only stored on a failed interaction and read back as its `errorCode`), whether the same
 * request could succeed if repeated later, and who raises it:
 *
 * - `request`: the server refuses or cannot answer a request;
 * - `processing`: the engine could not turn a source into results (stored with the failure status);
 * - `source`: an upload or a download ended without a usable source, or attempts ran out;
 * - `sdk`: the SDK's own errors, and the codes it reports for an answer whose body carries none
 *   (hosted ElevateAI sends only `errorMessage`).
 *
 * `fallback` marks the code an SDK reports for its HTTP status when the body names none.
 */
export const ERROR_CODES = {
  // Requests the server refuses or cannot answer.
  validation_failed: { status: 400, retryable: false, raisedBy: 'request' },
  malformed_request: { status: 400, retryable: false, raisedBy: 'request' },
  malformed_json: { status: 400, retryable: false, raisedBy: 'request' },
  unsupported_download_scheme: { status: 400, retryable: false, raisedBy: 'request' },
  missing_file: { status: 400, retryable: false, raisedBy: 'request' },
  unauthorized: { status: 401, retryable: false, raisedBy: 'request', fallback: true },
  not_found: { status: 404, retryable: false, raisedBy: 'request', fallback: true },
  route_not_found: { status: 404, retryable: false, raisedBy: 'request' },
  method_not_allowed: { status: 405, retryable: false, raisedBy: 'request' },
  upload_conflict: { status: 409, retryable: false, raisedBy: 'request' },
  results_not_ready: { status: 409, retryable: true, raisedBy: 'request' },
  results_unavailable: { status: 409, retryable: false, raisedBy: 'request' },
  request_timeout: { status: 408, retryable: true, raisedBy: 'request', fallback: true },
  payload_too_large: { status: 413, retryable: false, raisedBy: 'request', fallback: true },
  uri_too_long: { status: 414, retryable: false, raisedBy: 'request' },
  unsupported_media_type: { status: 415, retryable: false, raisedBy: 'request', fallback: true },
  expectation_failed: { status: 417, retryable: false, raisedBy: 'request' },
  headers_too_large: { status: 431, retryable: false, raisedBy: 'request' },
  unavailable: { status: 503, retryable: true, raisedBy: 'request', fallback: true },
  // Both a request the server could not answer (500) and a processing attempt that broke.
  internal: { status: 500, retryable: true, raisedBy: 'any', fallback: true },

  // Processing failures, raised by the engine.
  audio_empty: { status: null, retryable: false, raisedBy: 'processing' },
  audio_undecodable: { status: null, retryable: false, raisedBy: 'processing' },
  audio_truncated: { status: null, retryable: false, raisedBy: 'processing' },
  audio_too_long: { status: null, retryable: false, raisedBy: 'processing' },
  asr_unavailable: { status: null, retryable: false, raisedBy: 'processing' },
  language_unsupported: { status: null, retryable: false, raisedBy: 'processing' },
  chat_invalid: { status: null, retryable: false, raisedBy: 'processing' },
  transcript_invalid: { status: null, retryable: false, raisedBy: 'processing' },
  redaction_policy_unknown: { status: null, retryable: false, raisedBy: 'processing' },
  model_missing: { status: null, retryable: false, raisedBy: 'processing' },
  decoder_unavailable: { status: null, retryable: false, raisedBy: 'processing' },
  engine_crashed: { status: null, retryable: true, raisedBy: 'processing' },
  // Text analysis is deterministic: what overran once overruns again.
  analysis_timeout: { status: null, retryable: false, raisedBy: 'processing' },
  timeout: { status: null, retryable: true, raisedBy: 'processing' },

  // Why an upload or a download ended without a source, or the attempts ran out.
  upload_interrupted: { status: null, retryable: false, raisedBy: 'source' },
  download_blocked: { status: null, retryable: false, raisedBy: 'source' },
  download_http_error: { status: null, retryable: false, raisedBy: 'source' },
  download_too_large: { status: null, retryable: false, raisedBy: 'source' },
  download_timeout: { status: null, retryable: true, raisedBy: 'source' },
  download_unreachable: { status: null, retryable: true, raisedBy: 'source' },
  download_failed: { status: null, retryable: true, raisedBy: 'source' },
  attempts_exhausted: { status: null, retryable: false, raisedBy: 'source' },

  // The SDK: answers without a code in the body, and failures on the client's side.
  bad_request: { status: 400, retryable: false, raisedBy: 'sdk', fallback: true },
  forbidden: { status: 403, retryable: false, raisedBy: 'request', fallback: true },
  conflict: { status: 409, retryable: false, raisedBy: 'sdk', fallback: true },
  unprocessable_entity: { status: 422, retryable: false, raisedBy: 'sdk', fallback: true },
  rate_limited: { status: 429, retryable: true, raisedBy: 'sdk', fallback: true },
  bad_gateway: { status: 502, retryable: true, raisedBy: 'sdk', fallback: true },
  gateway_timeout: { status: 504, retryable: true, raisedBy: 'sdk', fallback: true },
  connection_error: { status: null, retryable: true, raisedBy: 'sdk' },
  aborted: { status: null, retryable: false, raisedBy: 'sdk' },
  wait_timeout: { status: null, retryable: true, raisedBy: 'sdk' },
  interaction_failed: { status: null, retryable: false, raisedBy: 'sdk' },
} as const satisfies Record<
  string,
  {
    status: number | null;
    retryable: boolean;
    raisedBy: 'request' | 'processing' | 'source' | 'sdk' | 'any';
    fallback?: true;
  }
>;

export type ErrorCode = keyof typeof ERROR_CODES;

type CodesRaisedBy<R extends string> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['raisedBy'] extends R | 'any' ? C : never;
}[ErrorCode];

/** Codes the server answers requests with. */
export type RequestErrorCode = CodesRaisedBy<'request'>;
/** Codes the engine fails processing with. */
export type ProcessingErrorCode = CodesRaisedBy<'processing'>;
/** Codes stored with a failure status and shown as the interaction's `errorCode`. */
export type FailureCode = CodesRaisedBy<'processing' | 'source'>;

function raisedBy(code: string, by: readonly string[]): boolean {
  return Object.hasOwn(ERROR_CODES, code) && by.includes(ERROR_CODES[code as ErrorCode].raisedBy);
}

export function isProcessingErrorCode(code: string): code is ProcessingErrorCode {
  return raisedBy(code, ['processing', 'any']);
}

export function isFailureCode(code: string): code is FailureCode {
  return raisedBy(code, ['processing', 'source', 'any']);
}

/** The HTTP status a request error is answered with. */
export function httpStatusOf(code: RequestErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The code an SDK reports for an HTTP status whose answer named none; undefined when the registry has none. */
export function fallbackCodeFor(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => {
    const entry: { status: number | null; fallback?: true } = ERROR_CODES[code];
    return entry.status === status && entry.fallback === true;
  });
}

/**
 * The one shape every Parley error has: a stable code to branch on, a message that says what to
 * do, and whether a retry could help. By default `retryable` is the registry's; a subclass that
 * knows better (the SDK reads the server's answer) passes its own.
 */
export class CodedError<C extends string = ErrorCode> extends Error {
  override readonly name: string = 'CodedError';
  readonly code: C;
  readonly retryable: boolean;

  constructor(code: C, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable =
      options.retryable ??
      (Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as string as ErrorCode].retryable : false);
  }
}
