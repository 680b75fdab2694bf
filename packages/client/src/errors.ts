import { CodedError, fallbackCodeFor } from '#contract';
import type { InteractionStatusValue } from './types.js';

/**
 * Every error the SDK throws is a `ParleyError`. Each carries a stable `code` to branch on and
 * `retryable`, which says whether the same call could succeed if made again later.
 */
export class ParleyError extends CodedError<string> {
  override readonly name: string = 'ParleyError';

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    // The SDK decides retryability from the answer it got, not from the code alone.
    super(code, message, { ...options, retryable: options.retryable ?? false });
  }
}

/** The server answered with a non-2xx status. */
export class APIError extends ParleyError {
  override readonly name: string = 'APIError';
  readonly status: number;
  /** `errorMessage` from the `{ errorMessage }` body, or a description when the body had none. */
  readonly errorMessage: string;
  /** From the `x-request-id` header or the body's `requestId`, when the server sent one. */
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    status: number;
    errorMessage: string;
    code: string;
    requestId: string | undefined;
    headers: Headers;
    retryAfterMs: number | undefined;
    retryable: boolean;
  }) {
    super(init.code, `${init.status} ${init.errorMessage}`, { retryable: init.retryable });
    this.status = init.status;
    this.errorMessage = init.errorMessage;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export class BadRequestError extends APIError {
  override readonly name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override readonly name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override readonly name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override readonly name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override readonly name = 'ConflictError';
}
export class PayloadTooLargeError extends APIError {
  override readonly name = 'PayloadTooLargeError';
}
export class UnprocessableEntityError extends APIError {
  override readonly name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override readonly name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override readonly name = 'InternalServerError';
}

type ApiErrorClass = new (init: ConstructorParameters<typeof APIError>[0]) => APIError;

function classFor(status: number): ApiErrorClass {
  if (status >= 500) return InternalServerError;
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 413:
      return PayloadTooLargeError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return APIError;
  }
}

/** Whether a status is worth retrying: the request itself was fine, the moment was not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Builds the error for a non-2xx answer; `body` is the parsed JSON body or undefined. */
export function makeApiError(
  status: number,
  body: unknown,
  headers: Headers,
  retryAfterMs: number | undefined,
): APIError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const bodyMessage = typeof record['errorMessage'] === 'string' ? record['errorMessage'] : undefined;
  const bodyCode = typeof record['code'] === 'string' ? record['code'] : undefined;
  const bodyRequestId = typeof record['requestId'] === 'string' ? record['requestId'] : undefined;
  const ErrorClass = classFor(status);
  // A server may say explicitly whether a retry helps; it knows better than the status code.
  const shouldRetry = headers.get('x-should-retry');
  return new ErrorClass({
    status,
    errorMessage: bodyMessage ?? `status code ${status} (no error message in the body)`,
    // The registry's code for the status when the body carries none, so every status has a stable code.
    code: bodyCode ?? fallbackCodeFor(status) ?? `http_${status}`,
    requestId: headers.get('x-request-id') ?? bodyRequestId,
    headers,
    retryAfterMs,
    retryable:
      shouldRetry === 'true' || shouldRetry === 'false' ? shouldRetry === 'true' : isRetryableStatus(status),
  });
}

/** The server could not be reached, or the connection broke before an answer arrived. */
export class APIConnectionError extends ParleyError {
  override readonly name: string = 'APIConnectionError';
  readonly url: string;

  constructor(url: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'connection_error', message, { retryable: true, cause: options.cause });
    this.url = url;
  }
}

/** One HTTP request took longer than `timeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = 'APIConnectionTimeoutError';
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(url, `Request to ${url} timed out after ${timeoutMs} ms; raise timeoutMs for slow links.`, {
      code: 'request_timeout',
    });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired. */
export class APIUserAbortError extends ParleyError {
  override readonly name = 'APIUserAbortError';

  constructor(message = 'The request was aborted by the caller.', options: { cause?: unknown } = {}) {
    super('aborted', message, { cause: options.cause });
  }
}

/** `waitUntilProcessed` reached its deadline before the interaction reached a final status. */
export class WaitTimeoutError extends ParleyError {
  override readonly name = 'WaitTimeoutError';
  readonly interactionIdentifier: string;
  readonly timeoutMs: number;
  /** The last status seen, when any request got through. */
  readonly lastStatus: InteractionStatusValue | undefined;

  constructor(
    interactionIdentifier: string,
    timeoutMs: number,
    lastStatus: InteractionStatusValue | undefined,
  ) {
    super(
      'wait_timeout',
      `Gave up waiting for interaction ${interactionIdentifier} after ${timeoutMs} ms` +
        (lastStatus === undefined ? '' : ` (last status: ${lastStatus})`) +
        '; it may still finish: check its status later or wait with a longer timeoutMs.',
      { retryable: true },
    );
    this.interactionIdentifier = interactionIdentifier;
    this.timeoutMs = timeoutMs;
    this.lastStatus = lastStatus;
  }
}

/** The interaction ended in `fileUploadFailed`, `fileDownloadFailed` or `processingFailed`. */
export class InteractionFailedError extends ParleyError {
  override readonly name = 'InteractionFailedError';
  readonly interactionIdentifier: string;
  readonly status: InteractionStatusValue;
  /** The server's `errorMessage` for the failure, when it gave one. */
  readonly errorMessage: string | null;
  /** Parley's stable code for the failure (e.g. `audio_undecodable`), when the server gave one. */
  readonly errorCode: string | null;

  constructor(
    interactionIdentifier: string,
    status: InteractionStatusValue,
    errorMessage: string | null,
    errorCode: string | null = null,
  ) {
    super(
      'interaction_failed',
      `Interaction ${interactionIdentifier} ended in ${status}: ${errorMessage ?? '(no error message)'}`,
    );
    this.interactionIdentifier = interactionIdentifier;
    this.status = status;
    this.errorMessage = errorMessage;
    this.errorCode = errorCode;
  }
}
