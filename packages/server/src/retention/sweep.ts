import type { FastifyBaseLogger } from 'fastify';
import { interactionOfSourceKey, SOURCE_BLOB_PREFIX, sourceBlobKey } from '../blobs/source-blobs.js';
import type { BlobStore } from '../blobs/types.js';
import { audioBlobKey } from '../http/routes/interactions.js';
import type { JobQueue } from '../queue/types.js';
import type { InteractionStore } from '../store/types.js';

export interface RetentionDeps {
  interactions: InteractionStore;
  queue: JobQueue;
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
      const deleted = await deps.interactions.delete(id);
      await deps.queue.remove(id);
      await deps.blobs.delete(deleted?.audioBlobKey ?? audioBlobKey(id));
      await deps.blobs.delete(deleted?.sourceBlobKey ?? sourceBlobKey(id));
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

/** Runs the purge now and then every `intervalMs`; `stop` waits for a sweep in progress. */
export function startRetentionSweeper(deps: RetentionDeps, intervalMs: number, logger: FastifyBaseLogger) {
  let current: Promise<void> = Promise.resolve();
  const sweep = () => {
    current = (async () => {
      const purged = await purgeExpired(deps);
      if (purged > 0)
        logger.info({ purged, retentionDays: deps.retentionDays }, 'purged expired interactions');
      const orphans = await purgeOrphanSources(deps);
      if (orphans > 0)
        logger.info({ orphans }, 'deleted chat and transcript sources no interaction refers to');
    })().catch((error: unknown) => logger.error({ err: error }, 'retention sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
