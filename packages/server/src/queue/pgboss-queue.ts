import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { ClaimedJob, FailOutcome, JobQueue } from './types.js';

export interface PgBossQueueOptions {
  /** A pool on the database; pg-boss and the lease statements share it. */
  pool: pg.Pool;
  /** The schema pg-boss owns (created and migrated by pg-boss itself). */
  schema: string;
  /** A job stops after this many claims. */
  maxAttempts: number;
  /** First retry delay; later ones grow exponentially with jitter (pg-boss retryBackoff). */
  retryBaseMs: number;
  /** Lease a job gets when claimed; workers extend it while they run. */
  leaseMs: number;
  /**
   * How often expired leases are looked for (pg-boss maintenance; one process does it per interval).
   * A worker that died is noticed at most this long after its lease ran out. Default: a quarter of
   * the lease, from 1 to 15 seconds.
   */
  expiryCheckSeconds?: number;
  /** Listen for enqueue notifications from other processes (workers do; API-only processes need not). */
  listen: boolean;
  /** Reports errors pg-boss raises in the background (maintenance, monitoring). */
  onError: (error: Error) => void;
}

export interface PgBossQueue extends JobQueue {
  /** Stops pg-boss's maintenance and the notification listener; the pool is the caller's to close. */
  close(): Promise<void>;
}

const QUEUE = 'interactions';
/** Job states from which the job will still run (pg-boss keeps them ordered: created < retry < active). */
const LIVE_STATES = `('created', 'retry', 'active')`;

/**
 * The job queue on pg-boss, in the PostgreSQL database the store uses.
 *
 * pg-boss supplies the durable job table, SKIP LOCKED claiming, retry with exponential backoff and
 * jitter, and expiry of jobs whose worker stopped answering (its maintenance turns an expired
 * active job into a retry, which counts as an attempt). The lease operations pg-boss 10 has no call
 * for — extending a running job's expiry, giving a job back without counting the attempt, finding
 * the jobs a given worker held, and completing only while the claim still holds — are single
 * guarded UPDATEs on pg-boss's job table, written against the pinned major version (10.x) and keyed
 * on the claim (job id and retry count), so a worker whose lease expired and whose job was claimed
 * again cannot touch the new claim.
 */
export async function createPgBossQueue(options: PgBossQueueOptions): Promise<PgBossQueue> {
  const { pool } = options;
  const jobTable = `${quoteIdent(options.schema)}.job`;
  const leaseSeconds = Math.max(1, Math.ceil(options.leaseMs / 1000));
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    schema: options.schema,
    maintenanceIntervalSeconds:
      options.expiryCheckSeconds ?? Math.max(1, Math.min(15, Math.ceil(leaseSeconds / 4))),
    monitorStateIntervalSeconds: 60,
    schedule: false,
  });
  boss.on('error', options.onError);
  await boss.start();
  if ((await boss.getQueue(QUEUE)) === null) {
    try {
      await boss.createQueue(QUEUE, {
        name: QUEUE,
        policy: 'standard',
        // One more claim than maxAttempts: the claim past the limit is how the worker learns that
        // earlier attempts died without reporting (see process-interaction.ts), and records why.
        retryLimit: options.maxAttempts,
        retryDelay: Math.max(0, Math.round(options.retryBaseMs / 1000)),
        retryBackoff: true,
        expireInSeconds: leaseSeconds,
        retentionDays: 7,
      });
    } catch (error) {
      // Another process created it between the check and here.
      if ((await boss.getQueue(QUEUE)) === null) throw error;
    }
  }

  const listeners = new Set<() => void>();
  const notifyLocal = () => {
    for (const listener of listeners) listener();
  };
  const channel = `${options.schema}_enqueued`;
  let listener: pg.PoolClient | undefined;
  if (options.listen) {
    listener = await pool.connect();
    listener.on('notification', notifyLocal);
    // A dead listening connection is not fatal: workers also poll.
    listener.on('error', () => undefined);
    await listener.query(`LISTEN ${quoteIdent(channel)}`);
  }

  const claimOf = (job: ClaimedJob) => {
    const [jobId = '', retryCount = '0'] = job.claimId.split('#');
    return [jobId, Number(retryCount)] as const;
  };

  /** Applies `set` to the job only while `job`'s claim still holds it. */
  const updateClaim = async (job: ClaimedJob, set: string, values: unknown[] = []): Promise<boolean> => {
    const [jobId, retryCount] = claimOf(job);
    const result = await pool.query(
      `UPDATE ${jobTable} SET ${set}
       WHERE name = $1 AND id = $2 AND retry_count = $3 AND state = 'active'`,
      [QUEUE, jobId, retryCount, ...values],
    );
    return (result.rowCount ?? 0) > 0;
  };

  const holds = async (job: ClaimedJob): Promise<boolean> => {
    const [jobId, retryCount] = claimOf(job);
    const result = await pool.query(
      `SELECT 1 FROM ${jobTable} WHERE name = $1 AND id = $2 AND retry_count = $3 AND state = 'active'`,
      [QUEUE, jobId, retryCount],
    );
    return (result.rowCount ?? 0) > 0;
  };

  return {
    async enqueue(interactionId) {
      // One waiting or running job per interaction is enough; a duplicate from a race is harmless
      // because processing an interaction is idempotent.
      const live = await pool.query(
        `SELECT 1 FROM ${jobTable} WHERE name = $1 AND singleton_key = $2 AND state IN ${LIVE_STATES} LIMIT 1`,
        [QUEUE, interactionId],
      );
      if ((live.rowCount ?? 0) > 0) return;
      await boss.send(QUEUE, { interactionId }, { singletonKey: interactionId });
      notifyLocal();
      await pool.query('SELECT pg_notify($1, $2)', [channel, '']);
    },

    async claim(owner, leaseMs) {
      const [job] = await boss.fetch<{ interactionId: string }>(QUEUE, {
        batchSize: 1,
        includeMetadata: true,
      });
      if (job === undefined) return undefined;
      const claimed: ClaimedJob = {
        interactionId: job.data.interactionId,
        claimId: `${job.id}#${job.retryCount}`,
        attempt: job.retryCount + 1,
        maxAttempts: options.maxAttempts,
      };
      // Who holds it (for releaseOwnedBy) and for how long, in the job's output column, which
      // pg-boss only writes when the job ends.
      await updateClaim(
        claimed,
        `output = jsonb_build_object('owner', $4::text), expire_in = (now() - started_on) + $5 * interval '1 millisecond'`,
        [owner, leaseMs],
      );
      return claimed;
    },

    extendLease(job, leaseMs) {
      return updateClaim(job, `expire_in = (now() - started_on) + $4 * interval '1 millisecond'`, [leaseMs]);
    },

    async complete(job) {
      // What boss.complete does, guarded by the claim in the same statement.
      await updateClaim(job, `state = 'completed', completed_on = now()`);
    },

    async fail(job, { retryable, reason }): Promise<FailOutcome> {
      const giveUp = !retryable || job.attempt >= job.maxAttempts;
      if (!(await holds(job))) return giveUp ? 'gave_up' : 'retry_scheduled';
      // pg-boss retries while retry_count < retry_limit; lowering the limit to the count ends it.
      if (giveUp) await updateClaim(job, 'retry_limit = retry_count');
      await boss.fail(QUEUE, claimOf(job)[0], { reason });
      return giveUp ? 'gave_up' : 'retry_scheduled';
    },

    async release(job) {
      // Back to waiting, due now, with the attempt uncounted: a first claim returns to 'created'
      // (pg-boss counts a retry only for a job that started before).
      await updateClaim(
        job,
        `state = CASE WHEN retry_count = 0 THEN 'created'::${quoteIdent(options.schema)}.job_state ELSE 'retry'::${quoteIdent(options.schema)}.job_state END,
         started_on = CASE WHEN retry_count = 0 THEN NULL ELSE started_on END,
         retry_count = GREATEST(retry_count - 1, 0),
         start_after = now() - interval '1 second',
         output = NULL`,
      );
      notifyLocal();
    },

    async releaseOwnedBy(owner) {
      // Expire the leases now; pg-boss's next maintenance pass makes the jobs due again.
      const result = await pool.query(
        `UPDATE ${jobTable} SET expire_in = interval '0'
         WHERE name = $1 AND state = 'active' AND output->>'owner' = $2`,
        [QUEUE, owner],
      );
      return result.rowCount ?? 0;
    },

    async remove(interactionId) {
      await pool.query(`DELETE FROM ${jobTable} WHERE name = $1 AND singleton_key = $2`, [
        QUEUE,
        interactionId,
      ]);
    },

    onEnqueued(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },

    async close() {
      if (listener !== undefined) {
        listener.release();
        listener = undefined;
      }
      await boss.stop({ graceful: false, close: false, wait: true, timeout: 1000 });
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
