import type { Job, ProcessJobData } from '../queue/port.js';
import { classifyFailure, createProcessing, type ProcessDeps } from '../services/process.js';

export interface ProcessorDeps extends ProcessDeps {
  log: {
    info(fields: object, message: string): void;
    error(fields: object, message: string): void;
  };
}

export function createInteractionProcessor(deps: ProcessorDeps) {
  const processing = createProcessing(deps);

  /**
   * The handler of the `interaction.process` queue. A failure that retrying cannot fix, or the
   * last attempt's, fails the interaction here and ends the job; a retryable one puts the
   * interaction back in its waiting status and throws, so the queue runs the job again later.
   */
  async function handle(job: Job<ProcessJobData>, signal: AbortSignal): Promise<void> {
    const { interactionId } = job.data;
    try {
      await processing.advance(interactionId, job.attempt, signal);
    } catch (error) {
      // Lost to another worker, or stopping: the queue hands the job on as it is.
      if (signal.aborted) throw error;
      const failure = classifyFailure(error);
      const fields = { interactionId, attempt: job.attempt };
      if (failure.code === 'internal')
        deps.log.error({ ...fields, err: error }, 'job failed with an unexpected error');
      else deps.log.info({ ...fields, code: failure.code, reason: failure.message }, 'job attempt failed');
      if (!failure.retryable || job.attempt >= deps.maxAttempts) {
        await processing.giveUp(interactionId, failure, job.attempt);
        return;
      }
      await processing.prepareRetry(interactionId, failure.code);
      throw error;
    }
  }

  return { handle };
}

export type InteractionProcessor = ReturnType<typeof createInteractionProcessor>;
