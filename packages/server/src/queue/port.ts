import type { InteractionType } from '../store/types.js';
/**
 * Background work, shaped like pg-boss: named queues, jobs sent with an optional singleton key,
 * workers that take jobs from a queue at a given concurrency, and a graceful stop. Two
 * implementations: the embedded one on the SQLite database, and pg-boss on PostgreSQL.
 *
 * The guarantees handlers are written against:
 * - a job runs at least once; a job whose worker dies (no heartbeat for `leaseMs`) runs again,
 *   and that run counts as an attempt, so handlers must be idempotent in effect;
 * - a handler that throws is retried after a growing delay while `job.attempt <= retryLimit`;
 * - `signal` aborts when the worker loses the job (its lease lapsed) or stops past its grace.
 */
export interface QueuePolicy {
  /** Retries after the first attempt; attempts beyond this many + 1 do not happen. */
  retryLimit: number;
  /** Delay before the first retry; later ones grow exponentially. */
  retryDelayMs: number;
  /** A running job whose worker has not sent a heartbeat for this long is taken to have died. */
  leaseMs: number;
  /** The longest a handler may run; the queue's last resort when a worker hangs rather than dies. */
  expireMs: number;
}

export interface Job<T> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first run; counts every run, including ones whose worker died. */
  attempt: number;
}

export interface SendOptions {
  /** While a job with this key waits or runs in the queue, sending another one does nothing. */
  singletonKey?: string;
}

export type JobHandler<T> = (job: Job<T>, signal: AbortSignal) => Promise<void>;

export interface BackgroundWork {
  /** Declares a queue and how its jobs retry and expire; before any send or work on it. */
  createQueue(name: string, policy: QueuePolicy): Promise<void>;
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<void>;
  /** Runs `handler` on the queue's jobs, up to `concurrency` at once in this process. */
  work<T extends object>(
    name: string,
    options: { concurrency: number },
    handler: JobHandler<T>,
  ): Promise<void>;
  /** Sends a job to `name` every `intervalMs` (at most one waiting or running across processes). */
  every(name: string, intervalMs: number): void;
  /** Drops the waiting job with this key (its subject was deleted); a running one finishes. */
  cancel(name: string, singletonKey: string): Promise<void>;
  /** Stops taking jobs, lets running ones finish within `graceMs`, then aborts and hands back the rest. */
  stop(options: { graceMs: number }): Promise<void>;
  /** How far behind each named queue is, across all processes; one cheap query (read on each metrics scrape). */
  stats(names: readonly string[]): Promise<Record<string, QueueStats>>;
}

/** One queue's backlog, as the metrics report it. */
export interface QueueStats {
  /** Jobs not yet running: due now, or retries scheduled for later. */
  waiting: number;
  /** Jobs a worker holds now. */
  running: number;
  /** How long the job that fell due longest ago has waited for a worker, in seconds; 0 when none is due. */
  oldestDueSeconds: number;
}

/** The queues the service uses. */
export const QUEUES = {
  /**
   * Moves one chat or transcript forward: process, store results. Keyed by interaction id.
   * (Jobs of any type sent here by earlier versions are still processed.)
   */
  process: 'interaction.process',
  /**
   * Moves one audio interaction forward: download, transcribe, process, store results. Keyed by
   * interaction id. Audio has a queue of its own so long calls never hold the slots chats need.
   */
  transcribe: 'interaction.transcribe',
  /** Delivers one webhook from the outbox. Keyed by delivery id. */
  webhook: 'webhook.deliver',
  /** Gives every pending webhook delivery a job; deletes finished deliveries after a week. */
  webhookReconcile: 'webhooks.reconcile',
  /** Makes sure every unfinished interaction has a job; fails uploads that cannot still be running. */
  reconcile: 'interactions.reconcile',
  /** Deletes interactions past retention, and orphaned sources. */
  retention: 'retention.sweep',
} as const;

export interface ProcessJobData {
  interactionId: string;
}

/** The two queues whose jobs move interactions forward; the same handler serves both. */
export const PROCESSING_QUEUES = [QUEUES.process, QUEUES.transcribe] as const;

/** Audio waits in its own queue, chats and transcripts in theirs: one decision, used by every sender. */
export function processingQueue(type: InteractionType): (typeof PROCESSING_QUEUES)[number] {
  return type === 'audio' ? QUEUES.transcribe : QUEUES.process;
}

/** Makes sure an interaction has a job: one already waiting or running is enough. */
export function enqueueProcessing(
  work: Pick<BackgroundWork, 'send'>,
  interaction: { id: string; type: InteractionType },
): Promise<void> {
  return work.send<ProcessJobData>(
    processingQueue(interaction.type),
    { interactionId: interaction.id },
    { singletonKey: interaction.id },
  );
}

/** Exponential backoff before retry `attempt` (1-based: the attempt that failed), capped at an hour. */
export function retryDelayMs(policy: Pick<QueuePolicy, 'retryDelayMs'>, attempt: number): number {
  return Math.min(60 * 60_000, policy.retryDelayMs * 2 ** Math.max(0, attempt - 1));
}
