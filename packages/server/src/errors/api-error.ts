import { CodedError, httpStatusOf, type RequestErrorCode } from '@parley/contract';

/** An error the HTTP layer sends to the client as is: a stable code and a message saying what to fix. */
export class ApiError extends CodedError<RequestErrorCode> {
  override readonly name = 'ApiError';
  readonly statusCode: number;

  constructor(code: RequestErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.statusCode = httpStatusOf(code);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
