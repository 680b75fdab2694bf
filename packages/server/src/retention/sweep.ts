import type { FastifyBaseLogger } from 'fastify';
import { interactionOfSourceKey, SOURCE_BLOB_PREFIX } from '../blobs/keys.js';
import { purgeExpired, type PurgeDeps } from '../services/purge-expired.js';

/** What the sweep needs: the purge's, whose blob store also holds the sources. */
export type RetentionDeps = PurgeDeps;

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
