import { CodedError, type FailureCode } from '@parley/contract';

/** Why fetching or processing an interaction's source failed; stored with the failure status. */
export class InteractionFailure extends CodedError<FailureCode> {
  override readonly name = 'InteractionFailure';

  constructor(code: FailureCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
