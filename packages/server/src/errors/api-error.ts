import { API_ERRORS, type ApiErrorCode } from './codes.js';

/** An error the HTTP layer sends to the client as is: a stable code and a message saying what to fix. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly retryable: boolean;

  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.statusCode = API_ERRORS[code].status;
    this.retryable = API_ERRORS[code].retryable;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
