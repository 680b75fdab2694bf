import type { FastifyBaseLogger } from 'fastify';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { InteractionStatus } from '../lifecycle/statuses.js';
import type { JobQueue } from '../queue/types.js';
import type { InteractionStore } from '../store/types.js';

export interface ReconcileDeps {
  interactions: InteractionStore;
  lifecycle: Lifecycle;
  queue: JobQueue;
  /** An upload still in progress this long after the declare is taken as dead (its API process stopped). */
  uploadStaleMs: number;
  logger: FastifyBaseLogger;
}

/** Statuses in which an interaction waits for a worker, so it must have a job. */
const NEEDS_JOB: ReadonlySet<InteractionStatus> = new Set([
  'filePendingDownload',
  'fileDownloading',
  'fileUploaded',
  'fileDownloaded',
  'pendingProcessing',
  'processing',
]);

const BATCH = 10_000;

/**
 * With many processes sharing one database, none can assume at start that it is alone, so the
 * start-time recovery of a single process is not enough: an API process killed between storing an
 * interaction and queueing its job leaves it waiting with no job, and one killed mid-upload leaves
 * the upload in progress for ever. Workers therefore look, now and then, for interactions that
 * wait for a worker and make sure each has a job (enqueueing is a no-op when one is waiting or
 * running), move on those left in `declared`, and fail uploads that cannot still be running.
 */
export async function reconcileOnce(deps: ReconcileDeps, now: Date, graceMs: number): Promise<number> {
  let queued = 0;
  const olderThan = (iso: string, ms: number) => Date.parse(iso) < now.getTime() - ms;
  for (const { id, status } of await deps.interactions.listUnfinished(BATCH)) {
    let current: InteractionStatus | undefined = status;
    if (status === 'declared' || status === 'fileUploading') {
      const record = await deps.interactions.find(id);
      current = undefined;
      if (record?.status === 'declared' && olderThan(record.declared, graceMs)) {
        current = await deps.lifecycle.leaveDeclared(record);
      } else if (record?.status === 'fileUploading' && olderThan(record.declared, deps.uploadStaleMs)) {
        await deps.lifecycle.fail(id, 'fileUploadFailed', {
          code: 'upload_interrupted',
          message: `The upload did not finish within ${deps.uploadStaleMs} ms of the declare (PARLEY_UPLOAD_STALE_MS); the server receiving it probably stopped. Declare the interaction again and upload the file.`,
        });
      }
    }
    if (current !== undefined && NEEDS_JOB.has(current)) {
      await deps.queue.enqueue(id);
      queued++;
    }
  }
  return queued;
}

/** Runs `reconcileOnce` every `intervalMs` (first after one interval); `stop` waits for a pass in progress. */
export function startReconciler(deps: ReconcileDeps, intervalMs: number) {
  let current: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    current = current
      .then(() => reconcileOnce(deps, new Date(), intervalMs))
      .then(
        () => undefined,
        (error: unknown) => deps.logger.error({ err: error }, 'reconciling unfinished interactions failed'),
      );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
