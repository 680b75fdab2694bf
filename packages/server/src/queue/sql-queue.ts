import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ClaimedJob, FailOutcome, JobQueue } from './types.js';

export interface SqlQueueOptions {
  /** A job stops after this many claims. */
  maxAttempts: number;
  /** Delay before retry n (1-based) is `baseBackoffMs * 2^(n-1)`, capped at `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  now?: () => Date;
}

/**
 * A durable job table with leases, in the service's own database. A claim is a single conditional
 * UPDATE, so two workers never hold the same job; a job whose lease expired (its worker died) is
 * claimable again, and each claim counts as an attempt.
 */
export function createSqlQueue(db: Kysely<Database>, options: SqlQueueOptions): JobQueue {
  const now = options.now ?? (() => new Date());
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const backoffMs = (attempt: number) =>
    Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** Math.max(0, attempt - 1));

  const ownsClaim = (job: ClaimedJob) =>
    db
      .updateTable('jobs')
      .where('interaction_id', '=', job.interactionId)
      .where('lease_id', '=', job.claimId)
      .where('state', '=', 'active');

  return {
    async enqueue(interactionId) {
      const at = now().toISOString();
      await db
        .insertInto('jobs')
        .values({
          interaction_id: interactionId,
          state: 'queued',
          attempts: 0,
          max_attempts: options.maxAttempts,
          run_at: at,
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
          last_error: null,
          created_at: at,
          updated_at: at,
        })
        // A finished job is started afresh (recovery re-enqueues interactions that never reached
        // a final status); a waiting or running one is left alone.
        .onConflict((oc) =>
          oc
            .column('interaction_id')
            .doUpdateSet({ state: 'queued', attempts: 0, run_at: at, last_error: null, updated_at: at })
            .where('jobs.state', 'in', ['done', 'failed']),
        )
        .execute();
      notify();
    },

    async claim(owner, leaseMs) {
      const at = now();
      const atIso = at.toISOString();
      const claimId = randomUUID();
      const due = (qb: Kysely<Database>) =>
        qb
          .selectFrom('jobs')
          .select('interaction_id')
          .where((eb) =>
            eb.or([
              eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', atIso)]),
              eb.and([eb('state', '=', 'active'), eb('lease_expires_at', '<', atIso)]),
            ]),
          )
          .orderBy('run_at')
          .limit(1);
      // The outer conditions repeat the inner ones so that, on PostgreSQL, a row another
      // transaction claimed meanwhile no longer matches when the UPDATE re-reads it.
      const row = await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'active',
          attempts: eb('attempts', '+', 1),
          lease_owner: owner,
          lease_id: claimId,
          lease_expires_at: new Date(at.getTime() + leaseMs).toISOString(),
          updated_at: atIso,
        }))
        .where('interaction_id', '=', (eb) => eb.selectFrom(due(db).as('d')).select('d.interaction_id'))
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', atIso)]),
            eb.and([eb('state', '=', 'active'), eb('lease_expires_at', '<', atIso)]),
          ]),
        )
        .returning(['interaction_id', 'attempts', 'max_attempts'])
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        interactionId: row.interaction_id,
        claimId,
        attempt: Number(row.attempts),
        maxAttempts: Number(row.max_attempts),
      };
    },

    async extendLease(job, leaseMs) {
      const at = now();
      const result = await ownsClaim(job)
        .set({
          lease_expires_at: new Date(at.getTime() + leaseMs).toISOString(),
          updated_at: at.toISOString(),
        })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async complete(job) {
      await ownsClaim(job)
        .set({
          state: 'done',
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
          updated_at: now().toISOString(),
        })
        .execute();
    },

    async fail(job, { retryable, reason }): Promise<FailOutcome> {
      const at = now();
      const giveUp = !retryable || job.attempt >= job.maxAttempts;
      await ownsClaim(job)
        .set({
          state: giveUp ? 'failed' : 'queued',
          run_at: new Date(at.getTime() + (giveUp ? 0 : backoffMs(job.attempt))).toISOString(),
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
          last_error: reason,
          updated_at: at.toISOString(),
        })
        .execute();
      return giveUp ? 'gave_up' : 'retry_scheduled';
    },

    async release(job) {
      await ownsClaim(job)
        .set((eb) => ({
          state: 'queued',
          attempts: eb('attempts', '-', 1),
          run_at: now().toISOString(),
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
          updated_at: now().toISOString(),
        }))
        .execute();
      notify();
    },

    async releaseOwnedBy(owner) {
      const result = await db
        .updateTable('jobs')
        .set({ lease_expires_at: new Date(0).toISOString(), updated_at: now().toISOString() })
        .where('state', '=', 'active')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async remove(interactionId) {
      await db.deleteFrom('jobs').where('interaction_id', '=', interactionId).execute();
    },

    onEnqueued(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
