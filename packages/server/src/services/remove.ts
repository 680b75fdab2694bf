import { audioBlobKey, sourceBlobKey } from '../blobs/keys.js';
import type { BlobStore } from '../blobs/types.js';
import { PROCESSING_QUEUES, type BackgroundWork } from '../queue/port.js';
import type { InteractionStore } from '../store/types.js';

export interface RemoveDeps {
  interactions: InteractionStore;
  queue: Pick<BackgroundWork, 'cancel'>;
  blobs: BlobStore;
}

/**
 * Deletes an interaction and everything kept for it: its row and results, its waiting job, its
 * audio and its source. The blobs go by their usual keys too, so a run that stopped half-way
 * through an earlier delete leaves nothing behind.
 */
export async function removeInteraction(deps: RemoveDeps, id: string): Promise<void> {
  const deleted = await deps.interactions.delete(id);
  for (const name of PROCESSING_QUEUES) await deps.queue.cancel(name, id);
  await deps.blobs.delete(deleted?.audioBlobKey ?? audioBlobKey(id));
  await deps.blobs.delete(deleted?.sourceBlobKey ?? sourceBlobKey(id));
}
