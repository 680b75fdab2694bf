import type { FastifyBaseLogger } from 'fastify';
import type { ClaimedJob, JobQueue } from '../queue/types.js';
import { classifyFailure, type InteractionProcessor } from './process-interaction.js';

export interface WorkerPoolOptions {
  queue: JobQueue;
  processor: InteractionProcessor;
  concurrency: number;
  /** Names this process's leases, so a restart can free them at once. */
  owner: string;
  leaseMs: number;
  /** Longest idle wait before looking for due jobs again (retries become due without a notification). */
  pollIntervalMs: number;
  logger: FastifyBaseLogger;
}

export interface WorkerPool {
  start(): void;
  /** Stops claiming, lets running jobs finish within `graceMs`, then aborts and releases the rest. */
  stop(graceMs: number): Promise<void>;
  /** Jobs running right now. */
  running(): number;
}

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  released: boolean;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { queue, processor, logger } = options;
  const running = new Set<Running>();
  const slots: Promise<void>[] = [];
  let stopping = false;
  const sleepers = new Set<() => void>();
  const notify = () => {
    for (const wake of sleepers) wake();
    sleepers.clear();
  };
  const unsubscribe = queue.onEnqueued(notify);

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  async function runOne(job: ClaimedJob): Promise<void> {
    const entry: Running = { job, controller: new AbortController(), released: false };
    running.add(entry);
    const log = logger.child({ interactionId: job.interactionId, attempt: job.attempt });
    const heartbeat = setInterval(
      () => {
        queue.extendLease(job, options.leaseMs).then(
          (held) => {
            if (!held) entry.controller.abort(new Error('lease lost'));
          },
          (error: unknown) => log.warn({ err: error }, 'could not extend job lease'),
        );
      },
      Math.max(250, Math.floor(options.leaseMs / 3)),
    );
    try {
      await processor.processJob(job, entry.controller.signal);
      if (!entry.released) await queue.complete(job);
    } catch (error) {
      if (entry.released || entry.controller.signal.aborted) return;
      const failure = classifyFailure(error);
      if (failure.code === 'internal') log.error({ err: error }, 'job failed with an unexpected error');
      else log.info({ code: failure.code, reason: failure.message }, 'job attempt failed');
      const outcome = await queue.fail(job, { retryable: failure.retryable, reason: failure.message });
      if (outcome === 'gave_up') await processor.giveUp(job.interactionId, failure, job.attempt);
      else await processor.willRetry(job.interactionId);
    } finally {
      clearInterval(heartbeat);
      running.delete(entry);
    }
  }

  async function slot(): Promise<void> {
    while (!stopping) {
      let job: ClaimedJob | undefined;
      try {
        job = await queue.claim(options.owner, options.leaseMs);
      } catch (error) {
        logger.error({ err: error }, 'could not claim a job');
      }
      if (stopping) {
        if (job) await queue.release(job);
        return;
      }
      if (job === undefined) {
        await idle(options.pollIntervalMs);
        continue;
      }
      try {
        await runOne(job);
      } catch (error) {
        logger.error(
          { err: error, interactionId: job.interactionId },
          'worker could not record a job outcome',
        );
      }
    }
  }

  return {
    start() {
      for (let i = 0; i < options.concurrency; i++) slots.push(slot());
    },
    async stop(graceMs) {
      stopping = true;
      unsubscribe();
      notify();
      const finished = Promise.all(slots).then(() => true);
      const inTime = await Promise.race([
        finished,
        new Promise<false>((r) => setTimeout(() => r(false), graceMs).unref()),
      ]);
      if (inTime) return;
      for (const entry of running) {
        entry.released = true;
        entry.controller.abort(new Error('shutting down'));
        await queue
          .release(entry.job)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not release job'));
      }
      logger.warn(
        { released: running.size },
        'shutdown deadline passed; unfinished jobs released for the next start',
      );
    },
    running: () => running.size,
  };
}
