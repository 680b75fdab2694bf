/** A job as a worker holds it: one interaction to move forward, under a lease that expires. */
export interface ClaimedJob {
  interactionId: string;
  /** Identifies this claim; completing or failing with a stale claim does nothing. */
  claimId: string;
  /** 1 on the first run; counts every claim, including ones whose worker died. */
  attempt: number;
  maxAttempts: number;
}

export interface FailOptions {
  /** Whether another attempt could succeed. */
  retryable: boolean;
  reason: string;
}

export type FailOutcome = 'retry_scheduled' | 'gave_up';

export interface JobQueue {
  /** Makes sure a job will run for the interaction: one already waiting or running is left as is, a finished one starts afresh. */
  enqueue(interactionId: string): Promise<void>;
  /** Claims the next due job for `leaseMs`, or undefined when none is due. */
  claim(owner: string, leaseMs: number): Promise<ClaimedJob | undefined>;
  /** Extends a running job's lease; false when the claim was lost (another worker has it). */
  extendLease(job: ClaimedJob, leaseMs: number): Promise<boolean>;
  complete(job: ClaimedJob): Promise<void>;
  /** Retryable failures run again after a backoff until `maxAttempts`; then (or when not retryable) the job stops. */
  fail(job: ClaimedJob, options: FailOptions): Promise<FailOutcome>;
  /** Gives the job back untouched (shutdown): it runs again at once and the attempt is not counted. */
  release(job: ClaimedJob): Promise<void>;
  /** Frees every lease held by `owner`: after a restart, the previous run's jobs are due at once. */
  releaseOwnedBy(owner: string): Promise<number>;
  /** Removes the interaction's job, whatever its state (the interaction was deleted). */
  remove(interactionId: string): Promise<void>;
  /** Called when a job may be due, so idle workers can wake without polling. */
  onEnqueued(listener: () => void): () => void;
}
