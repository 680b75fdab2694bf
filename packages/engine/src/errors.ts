import { CodedError, type ProcessingErrorCode } from '@parley/contract/core';

export type { ProcessingErrorCode };

/**
 * Why processing an interaction failed, as a stable code of the contract's registry. The server
 * stores the code with the `processingFailed` / `fileDownloadFailed` status and shows the message
 * as `errorMessage`; `retryable` tells the worker whether another attempt could succeed.
 */
export class ProcessingError extends CodedError<ProcessingErrorCode> {
  override readonly name = 'ProcessingError';

  constructor(code: ProcessingErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

export function isProcessingError(error: unknown): error is ProcessingError {
  return error instanceof ProcessingError;
}
