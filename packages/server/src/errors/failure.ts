import { INTERACTION_FAILURES, type FailureCode } from './codes.js';

/** Why fetching or processing an interaction's source failed; stored with the failure status. */
export class InteractionFailure extends Error {
  override readonly name = 'InteractionFailure';
  readonly code: FailureCode;
  readonly retryable: boolean;

  constructor(code: FailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = INTERACTION_FAILURES[code].retryable;
  }
}
