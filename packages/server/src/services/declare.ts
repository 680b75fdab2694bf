import { storeSource } from '../blobs/source-blobs.js';
import type { BlobStore } from '../blobs/types.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { enqueueProcessing, type BackgroundWork } from '../queue/port.js';
import type { InlineSource, NewInteraction } from '../store/types.js';

export interface DeclareDeps {
  lifecycle: Lifecycle;
  queue: Pick<BackgroundWork, 'send'>;
  blobs: BlobStore;
}

/**
 * Stores a validated new interaction and, when nothing more is to come from the client (a chat,
 * a transcript, or audio to download), queues it for a worker.
 */
export async function declareInteraction(
  deps: DeclareDeps,
  interaction: NewInteraction,
  source: InlineSource | null,
): Promise<void> {
  // The source is stored before the row that points at it: a crash in between leaves a blob
  // without a row (swept later), never an interaction without its source.
  if (source !== null) interaction.sourceBlobKey = await storeSource(deps.blobs, interaction.id, source);
  try {
    await deps.lifecycle.declare(interaction);
  } catch (error) {
    if (interaction.sourceBlobKey !== null) await deps.blobs.delete(interaction.sourceBlobKey);
    throw error;
  }
  if (interaction.type !== 'audio' || interaction.downloadUri !== null) {
    await enqueueProcessing(deps.queue, interaction);
  }
}
