import type { FastifyBaseLogger } from 'fastify';
import { interactionOfSourceKey, SOURCE_BLOB_PREFIX } from '../blobs/keys.js';
import type { BlobStore } from '../blobs/types.js';
import type { BackgroundWork } from '../queue/port.js';
import { removeInteraction } from '../services/remove.js';
import type { InteractionStore } from '../store/types.js';

export interface RetentionDeps {
  interactions: InteractionStore;
  queue: Pick<BackgroundWork, 'cancel'>;
  blobs: BlobStore;
  retentionDays: number;
  now?: () => Date;
}

const BATCH = 500;

/** Deletes every interaction that finished more than `retentionDays` ago; returns how many went. */
export async function purgeExpired(deps: RetentionDeps): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const cutoff = new Date(now().getTime() - deps.retentionDays * 86_400_000).toISOString();
  let purged = 0;
  for (;;) {
    const ids = await deps.interactions.listExpired(cutoff, BATCH);
    for (const id of ids) {
      await removeInteraction(deps, id);
      purged++;
    }
    if (ids.length < BATCH) return purged;
  }
}

/** Long enough that a declare between storing its source and inserting its row is never caught. */
const ORPHAN_MIN_AGE_MS = 60 * 60_000;

/**
 * Deletes chat and transcript sources no interaction points to: left by a process that stopped
 * between storing a source and inserting its row, or between finishing and deleting the source.
 * Returns how many went.
 */
export async function purgeOrphanSources(
  deps: Pick<RetentionDeps, 'interactions' | 'blobs' | 'now'>,
): Promise<number> {
  const cutoff = (deps.now ?? (() => new Date()))().getTime() - ORPHAN_MIN_AGE_MS;
  let purged = 0;
  for await (const { key, modified } of deps.blobs.list(SOURCE_BLOB_PREFIX)) {
    if (modified.getTime() > cutoff) continue;
    const id = interactionOfSourceKey(key);
    const owner = id === undefined ? undefined : await deps.interactions.find(id);
    if (owner !== undefined && owner.sourceBlobKey === key) continue;
    await deps.blobs.delete(key);
    purged++;
  }
  return purged;
}

/** One sweep: expired interactions, then orphaned sources (the `retention.sweep` job). */
export async function sweepRetention(deps: RetentionDeps, logger: FastifyBaseLogger): Promise<void> {
  const purged = await purgeExpired(deps);
  if (purged > 0) logger.info({ purged, retentionDays: deps.retentionDays }, 'purged expired interactions');
  const orphans = await purgeOrphanSources(deps);
  if (orphans > 0) logger.info({ orphans }, 'deleted chat and transcript sources no interaction refers to');
}
