import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { InteractionStatus } from '@parley/contract';
import { enqueueProcessing, type BackgroundWork } from '../queue/port.js';
import type { InteractionStore } from '../store/types.js';

export interface ReconcileDeps {
  interactions: InteractionStore;
  lifecycle: Lifecycle;
  queue: Pick<BackgroundWork, 'send'>;
}

export interface ReconcileRules {
  /** An interaction left `declared` this long is moved on (0: at once, when the process is alone). */
  declaredGraceMs: number;
  /** An upload still in progress this long after the declare is taken as dead (0: at once). */
  uploadStaleMs: number;
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
 * Makes sure every interaction that waits for a worker has a job (sending one is a no-op while
 * one waits or runs), moves on those left in `declared`, and fails uploads that cannot still be
 * running. A process starting alone runs it once with zero delays (nothing else can be mid-way);
 * with many processes on one database none can assume that, so workers run it on a schedule with
 * the configured delays: an API process killed between storing an interaction and queueing its
 * job, or mid-upload, is noticed within one interval.
 */
export async function reconcileOnce(deps: ReconcileDeps, now: Date, rules: ReconcileRules): Promise<number> {
  let queued = 0;
  const olderThan = (iso: string, ms: number) => Date.parse(iso) <= now.getTime() - ms;
  for (const { id, type, status } of await deps.interactions.listUnfinished(BATCH)) {
    let current: InteractionStatus | undefined = status;
    if (status === 'declared' || status === 'fileUploading') {
      const record = await deps.interactions.find(id);
      current = undefined;
      if (record?.status === 'declared' && olderThan(record.declared, rules.declaredGraceMs)) {
        current = await deps.lifecycle.leaveDeclared(record);
      } else if (record?.status === 'fileUploading' && olderThan(record.declared, rules.uploadStaleMs)) {
        await deps.lifecycle.fail(id, 'fileUploading', {
          code: 'upload_interrupted',
          message:
            rules.uploadStaleMs === 0
              ? 'The server stopped while the upload was in progress. Declare the interaction again and upload the file.'
              : `The upload did not finish within ${rules.uploadStaleMs} ms of the declare (PARLEY_UPLOAD_STALE_MS); the server receiving it probably stopped. Declare the interaction again and upload the file.`,
        });
      }
    }
    if (current !== undefined && NEEDS_JOB.has(current)) {
      await enqueueProcessing(deps.queue, { id, type });
      queued++;
    }
  }
  return queued;
}
