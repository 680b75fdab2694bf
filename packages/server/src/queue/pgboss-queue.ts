import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { BackgroundWork, JobHandler, QueueStats, SendOptions } from './port.js';
import { startHeartbeat } from './heartbeat.js';
import { QueuePolicies, Repeats, RunningJobs } from './worker-slots.js';

/**
 * What pg-boss 10 has no call for, kept in a table of Parley's own: which job holds a singleton
 * key, and the heartbeat of the worker running a job.
 */
export interface JobLeasesTable {
  job_id: string;
  queue: string;
  singleton_key: string | null;
  lease_owner: string | null;
  lease_id: string | null;
  lease_expires_at: string | null;
}

interface LeaseDatabase {
  job_leases: JobLeasesTable;
}

export interface PgBossQueueOptions {
  /** A pool on the database; pg-boss runs its statements through it. */
  pool: pg.Pool;
  /** The same database as the store, for the lease table (in Parley's schema). */
  db: Kysely<unknown>;
  /** The schema pg-boss owns (created and migrated by pg-boss itself). */
  schema: string;
  /** Names this process's leases, so its next start hands their jobs on at once. */
  owner: string;
  /** Reports errors raised in the background (pg-boss maintenance, heartbeats). */
  onError: (error: Error, context: string) => void;
  /** The clock leases are written and read with (tests move it). */
  now?: () => Date;
}

export interface PgBossQueue extends BackgroundWork {
  /** Stops pg-boss; the pool is the caller's to close. */
  close(): Promise<void>;
}

const LIVE_STATES = new Set(['created', 'retry', 'active']);

/**
 * Background work on pg-boss, through its public API (the backlog figures aside, see `stats`):
 * `work` fetches with SKIP LOCKED and completes or fails each job, `fail` retries with exponential backoff and jitter up to the
 * queue's retry limit, and `expireInSeconds` is the backstop for a worker that hangs.
 *
 * pg-boss 10 has no heartbeat, and its expiry must outlast the longest job, so a worker killed
 * mid-job would leave its job active for that long. Workers therefore renew a short lease in
 * their own table while a handler runs; any worker that finds a lease lapsed fails the job
 * through `boss.fail`, which pg-boss turns into a counted retry. A singleton key maps to the job
 * that holds it in the same table, and `getJobById` tells whether that job is still live.
 */
export async function openPgBossQueue(options: PgBossQueueOptions): Promise<PgBossQueue> {
  const db = options.db as Kysely<LeaseDatabase>;
  // Created once; checked first so a restart takes no DDL lock while other processes work.
  const exists = await sql<{ table: string | null }>`select to_regclass('job_leases')::text as table`.execute(
    db,
  );
  if ((exists.rows[0]?.table ?? null) === null) {
    await db.schema
      .createTable('job_leases')
      .ifNotExists()
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('singleton_key', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_id', 'text')
      .addColumn('lease_expires_at', 'text')
      .execute();
    await db.schema
      .createIndex('job_leases_key')
      .ifNotExists()
      .on('job_leases')
      .columns(['queue', 'singleton_key'])
      .execute();
  }

  /**
   * pg-boss does not await the completion it records when a handler ends (its worker fires
   * `complete` or `fail` and moves on). One recorded after this queue closed, by a handler that
   * outlived its abort, would reject on the ended pool with nobody to catch it, so statements
   * after close are dropped: the job's lease hands it on as for any worker that stopped.
   */
  let closed = false;
  const executeSql = (text: string, values: unknown[]) =>
    closed ? new Promise<never>(() => undefined) : options.pool.query(text, values);
  const boss = new PgBoss({
    db: { executeSql },
    schema: options.schema,
    maintenanceIntervalSeconds: 15,
    monitorStateIntervalSeconds: 60,
    schedule: false,
  });
  boss.on('error', (error) => options.onError(error, 'job queue maintenance failed'));
  await boss.start();

  const now = options.now ?? (() => new Date());
  const jobTable = `"${options.schema.replaceAll('"', '""')}".job`;
  const policies = new QueuePolicies();
  const policyOf = (name: string) => policies.of(name);
  const running = new RunningJobs();
  const repeats = new Repeats();
  const workers: string[] = [];
  /**
   * This process's pg-boss workers by queue. pg-boss 10 workers poll; a job sent by this process
   * wakes them (notifyWorker) so a chat declared on an `all` process does not wait out the
   * polling interval. Jobs sent by other processes are fetched at the next poll.
   */
  const localWorkers = new Map<string, string[]>();
  let stopping = false;
  let monitoring = false;
  const leaseUntil = (name: string) => new Date(now().getTime() + policyOf(name).leaseMs).toISOString();

  /** Fails jobs whose worker is gone, so pg-boss retries them (counting the attempt). */
  const handOn = async (expired: Array<{ job_id: string; queue: string }>, reason: string) => {
    for (const lease of expired) await boss.fail(lease.queue, lease.job_id, { reason });
    return expired.length;
  };

  /**
   * A worker writes its lease as soon as pg-boss hands it a job, and clears it just before
   * handing a failed run back. One killed inside either step leaves the job active with no lease
   * to lapse, which only pg-boss's expiry (longer than the longest job) would end. Such a job is
   * found when its key is sent again, as the reconciles do on every interval, and handed on.
   */
  const unleasedTooLong = (startedOn: Date | undefined, name: string) =>
    startedOn !== undefined && now().getTime() - startedOn.getTime() > policyOf(name).leaseMs;

  const sweepLapsed = async () => {
    const lapsed = await db
      .updateTable('job_leases')
      .set({ lease_owner: null, lease_id: null, lease_expires_at: null })
      .where('lease_expires_at', '<', now().toISOString())
      .returning(['job_id', 'queue'])
      .execute();
    await handOn(lapsed, 'the worker running this job stopped answering');
  };

  const startMonitor = async () => {
    if (monitoring) return;
    monitoring = true;
    // Jobs this worker held when it last stopped are handed on now, not when their leases lapse.
    const mine = await db
      .updateTable('job_leases')
      .set({ lease_owner: null, lease_id: null, lease_expires_at: null })
      .where('lease_owner', '=', options.owner)
      .returning(['job_id', 'queue'])
      .execute();
    await handOn(mine, 'the worker running this job restarted');
    repeats.every(
      Math.max(250, Math.floor(policies.shortestLeaseMs() / 2)),
      () =>
        void sweepLapsed().catch((error: unknown) => options.onError(error as Error, 'lease sweep failed')),
      { now: false },
    );
  };

  const runJob = (name: string, job: PgBoss.JobWithMetadata<object>, handler: JobHandler<object>) =>
    running.track(async (entry) => {
      const policy = policyOf(name);
      const leaseId = randomUUID();
      await db
        .insertInto('job_leases')
        .values({
          job_id: job.id,
          queue: name,
          singleton_key: job.singletonKey,
          lease_owner: options.owner,
          lease_id: leaseId,
          lease_expires_at: leaseUntil(name),
        })
        .onConflict((oc) =>
          oc.column('job_id').doUpdateSet({
            lease_owner: options.owner,
            lease_id: leaseId,
            lease_expires_at: leaseUntil(name),
          }),
        )
        .execute();
      const mine = () =>
        db.updateTable('job_leases').where('job_id', '=', job.id).where('lease_id', '=', leaseId);
      const stopHeartbeat = startHeartbeat(
        async () =>
          (
            await mine()
              .set({ lease_expires_at: leaseUntil(name) })
              .executeTakeFirst()
          ).numUpdatedRows > 0n,
        { leaseMs: policy.leaseMs, controller: entry.controller, onError: options.onError },
      );
      const attempt = job.retryCount + 1;
      try {
        await handler({ id: job.id, name, data: job.data, attempt }, entry.controller.signal);
        await db
          .deleteFrom('job_leases')
          .where('job_id', '=', job.id)
          .where('lease_id', '=', leaseId)
          .execute();
      } catch (error) {
        // pg-boss retries it (the row keeps holding its singleton key) or, past the limit, fails it.
        if (attempt <= job.retryLimit) {
          await mine().set({ lease_owner: null, lease_id: null, lease_expires_at: null }).execute();
        } else {
          await db
            .deleteFrom('job_leases')
            .where('job_id', '=', job.id)
            .where('lease_id', '=', leaseId)
            .execute();
        }
        throw error;
      } finally {
        stopHeartbeat();
      }
    });

  const send = async (
    name: string,
    data: object,
    sendOptions: SendOptions & { slotSeconds?: number } = {},
  ) => {
    policyOf(name);
    const key = sendOptions.singletonKey;
    if (key !== undefined) {
      const holders = await db
        .selectFrom('job_leases')
        .select(['job_id', 'lease_expires_at'])
        .where('queue', '=', name)
        .where('singleton_key', '=', key)
        .execute();
      for (const { job_id, lease_expires_at } of holders) {
        const job = await boss.getJobById(name, job_id);
        if (job !== null && LIVE_STATES.has(job.state)) {
          if (job.state === 'active' && lease_expires_at === null && unleasedTooLong(job.startedOn, name))
            await handOn(
              [{ job_id, queue: name }],
              'the worker that took this job stopped before it started',
            );
          return;
        }
        await db.deleteFrom('job_leases').where('job_id', '=', job_id).execute();
      }
    }
    // With a slot, pg-boss itself keeps to one job per key and slot, whichever process sends.
    const id = await boss.send(
      name,
      data,
      key === undefined
        ? {}
        : {
            singletonKey: key,
            ...(sendOptions.slotSeconds === undefined ? {} : { singletonSeconds: sendOptions.slotSeconds }),
          },
    );
    if (id !== null && key !== undefined) {
      await db
        .insertInto('job_leases')
        .values({
          job_id: id,
          queue: name,
          singleton_key: key,
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
        })
        .onConflict((oc) => oc.column('job_id').doNothing())
        .execute();
    }
    if (id !== null) for (const worker of localWorkers.get(name) ?? []) boss.notifyWorker(worker);
  };

  return {
    async createQueue(name, policy) {
      policies.set(name, policy);
      const settings = {
        name,
        policy: 'standard' as const,
        retryLimit: policy.retryLimit,
        retryDelay: Math.max(0, Math.round(policy.retryDelayMs / 1000)),
        retryBackoff: true,
        expireInSeconds: Math.max(1, Math.ceil(policy.expireMs / 1000)),
        retentionDays: 7,
      };
      if ((await boss.getQueue(name)) !== null) return boss.updateQueue(name, settings);
      try {
        await boss.createQueue(name, settings);
      } catch (error) {
        // Another process created it between the check and here.
        if ((await boss.getQueue(name)) === null) throw error;
      }
    },
    send,
    async work(name, { concurrency }, handler) {
      policyOf(name);
      await startMonitor();
      const local = localWorkers.get(name) ?? [];
      localWorkers.set(name, local);
      for (let i = 0; i < Math.max(1, concurrency); i++) {
        let worker = '';
        worker = await boss.work<object>(
          name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
          async ([job]) => {
            if (job === undefined) return;
            await runJob(name, job, handler as JobHandler<object>);
            // A worker that just finished a job looks for the next at once rather than after the
            // polling interval: where one job was waiting, more often are (a batch of chats).
            boss.notifyWorker(worker);
          },
        );
        workers.push(worker);
        local.push(worker);
      }
    },
    every(name, intervalMs) {
      repeats.every(intervalMs, () => {
        if (stopping) return;
        send(name, {}, { singletonKey: name, slotSeconds: Math.max(1, Math.floor(intervalMs / 1000)) }).catch(
          (error: unknown) => options.onError(error as Error, `could not schedule ${name}`),
        );
      });
    },
    async cancel(name, singletonKey) {
      const holders = await db
        .deleteFrom('job_leases')
        .where('queue', '=', name)
        .where('singleton_key', '=', singletonKey)
        .returning('job_id')
        .execute();
      for (const { job_id } of holders) await boss.cancel(name, job_id);
    },
    async stats(names) {
      // pg-boss 10 has counts (getQueueSize) but no call for how long a job has waited, which is
      // the figure an operator alerts on. One read-only query on its job table gives all three
      // (pg-boss's own index on name and start_after for jobs below 'active' covers it); nothing
      // in pg-boss's tables is ever written here.
      const stats: Record<string, QueueStats> = {};
      for (const name of names) stats[name] = { waiting: 0, running: 0, oldestDueSeconds: 0 };
      const { rows } = await options.pool.query<{
        name: string;
        waiting: string;
        running: string;
        oldest_due: number | null;
      }>(
        `select name,
                count(*) filter (where state < 'active') as waiting,
                count(*) filter (where state = 'active') as running,
                extract(epoch from now() - min(start_after) filter (where state < 'active' and start_after <= now()))::float8 as oldest_due
           from ${jobTable} where name = any($1) and state < 'completed' group by name`,
        [names],
      );
      for (const row of rows) {
        stats[row.name] = {
          waiting: Number(row.waiting),
          running: Number(row.running),
          oldestDueSeconds: Math.max(0, row.oldest_due ?? 0),
        };
      }
      return stats;
    },
    async stop({ graceMs }) {
      stopping = true;
      repeats.clear();
      localWorkers.clear();
      for (const id of workers) await boss.offWork({ id });
      await running.settle(graceMs);
      // Handed-back jobs failed through work(), so pg-boss retries them.
    },
    async close() {
      stopping = true;
      repeats.clear();
      await boss.stop({ graceful: false, close: false, wait: true, timeout: 1000 });
      closed = true;
    },
  };
}
