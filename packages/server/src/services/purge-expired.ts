import { removeInteraction, type RemoveDeps } from './remove.js';

export interface PurgeDeps extends RemoveDeps {
  /** PARLEY_RETENTION_DAYS */
  retentionDays: number;
  now?: () => Date;
}

const BATCH = 500;

/** Deletes every interaction that finished more than `retentionDays` ago; returns how many went. */
export async function purgeExpired(deps: PurgeDeps): Promise<number> {
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
