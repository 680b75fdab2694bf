import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BackgroundWork, Job, JobHandler, QueueStats, SendOptions } from './port.js';
import { retryDelayMs } from './port.js';
import { startHeartbeat } from './heartbeat.js';
import { QueuePolicies, Repeats, RunningJobs, Sleepers } from './worker-slots.js';

/** The embedded queue's table, in the service's own SQLite database. */
export interface BackgroundJobsTable {
  id: string;
  queue: string;
  singleton_key: string | null;
  data_json: string;
  /** queued | active | failed (finished jobs are deleted) */
  state: string;
  attempts: number;
  run_at: string;
  lease_owner: string | null;
  lease_id: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
}

interface QueueDatabase {
  background_jobs: BackgroundJobsTable;
}

export interface EmbeddedQueueOptions {
  /** Names this process's leases, so its next start frees them at once. */
  owner: string;
  /** Longest idle wait before looking for due jobs again (retries fall due without a send). */
  pollIntervalMs?: number;
  onError: (error: Error, context: string) => void;
  now?: () => Date;
}

/**
 * Background work in the service's own database, for the single-host deployment. A claim is one
 * conditional UPDATE, so two workers never hold one job; a running job's lease is extended while
 * its handler runs, and a job whose lease lapsed (its worker died) is claimable again, counting
 * the attempt.
 */
export async function openEmbeddedQueue(
  database: Kysely<unknown>,
  options: EmbeddedQueueOptions,
): Promise<BackgroundWork> {
  const db = database as Kysely<QueueDatabase>;
  await db.schema
    .createTable('background_jobs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('singleton_key', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_id', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('background_jobs_due')
    .ifNotExists()
    .on('background_jobs')
    .columns(['queue', 'state', 'run_at'])
    .execute();
  await db.schema
    .createIndex('background_jobs_key')
    .ifNotExists()
    .on('background_jobs')
    .columns(['queue', 'singleton_key'])
    .execute();

  const now = options.now ?? (() => new Date());
  const pollMs = options.pollIntervalMs ?? 1000;
  const policies = new QueuePolicies();
  const policyOf = (name: string) => policies.of(name);
  const sleepers = new Sleepers();
  const running = new RunningJobs();
  const loops: Promise<void>[] = [];
  const repeats = new Repeats();
  let stopping = false;
  let released = false;

  const held = (id: string, leaseId: string) =>
    db
      .updateTable('background_jobs')
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .where('state', '=', 'active');

  const claim = async (name: string) => {
    const at = now();
    const iso = at.toISOString();
    const leaseId = randomUUID();
    const dueIn = (qb: Kysely<QueueDatabase>) =>
      qb
        .selectFrom('background_jobs')
        .select('id')
        .where('queue', '=', name)
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', iso)]),
            eb.and([eb('state', '=', 'active'), eb('lease_expires_at', '<', iso)]),
          ]),
        )
        .orderBy('run_at')
        .limit(1);
    const row = await db
      .updateTable('background_jobs')
      .set((eb) => ({
        state: 'active',
        attempts: eb('attempts', '+', 1),
        lease_owner: options.owner,
        lease_id: leaseId,
        lease_expires_at: new Date(at.getTime() + policyOf(name).leaseMs).toISOString(),
      }))
      .where('id', '=', (eb) => eb.selectFrom(dueIn(db).as('d')).select('d.id'))
      .returning(['id', 'data_json', 'attempts'])
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const job: Job<object> = {
      id: row.id,
      name,
      data: JSON.parse(row.data_json) as object,
      attempt: Number(row.attempts),
    };
    return { job, leaseId };
  };

  const runOne = (name: string, job: Job<object>, leaseId: string, handler: JobHandler<object>) =>
    running.track(async (entry) => {
      const policy = policyOf(name);
      const stopHeartbeat = startHeartbeat(
        async () =>
          (
            await held(job.id, leaseId)
              .set({ lease_expires_at: new Date(now().getTime() + policy.leaseMs).toISOString() })
              .executeTakeFirst()
          ).numUpdatedRows > 0n,
        { leaseMs: policy.leaseMs, controller: entry.controller, onError: options.onError },
      );
      try {
        await handler(job, entry.controller.signal);
        await db
          .deleteFrom('background_jobs')
          .where('id', '=', job.id)
          .where('lease_id', '=', leaseId)
          .execute();
      } catch (error) {
        if (entry.handedBack) {
          // Stopped past its grace: due again at once, and this run does not count.
          await held(job.id, leaseId)
            .set((eb) => ({
              state: 'queued',
              attempts: eb('attempts', '-', 1),
              run_at: now().toISOString(),
              lease_owner: null,
              lease_id: null,
              lease_expires_at: null,
            }))
            .execute();
          return;
        }
        const retry = job.attempt <= policy.retryLimit;
        await held(job.id, leaseId)
          .set({
            state: retry ? 'queued' : 'failed',
            run_at: new Date(now().getTime() + (retry ? retryDelayMs(policy, job.attempt) : 0)).toISOString(),
            lease_owner: null,
            lease_id: null,
            lease_expires_at: null,
            last_error: error instanceof Error ? error.message : String(error),
          })
          .execute();
      } finally {
        stopHeartbeat();
      }
    });

  const loop = async (name: string, handler: JobHandler<object>) => {
    while (!stopping) {
      let claimed: Awaited<ReturnType<typeof claim>>;
      try {
        claimed = await claim(name);
      } catch (error) {
        options.onError(error as Error, 'could not claim a job');
      }
      if (claimed === undefined) {
        await sleepers.wait(pollMs);
        continue;
      }
      await runOne(name, claimed.job, claimed.leaseId, handler).catch((error: unknown) =>
        options.onError(error as Error, 'could not record a job outcome'),
      );
    }
  };

  const send: BackgroundWork['send'] = async (name, data, sendOptions: SendOptions = {}) => {
    policyOf(name);
    const key = sendOptions.singletonKey ?? null;
    const iso = now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (key !== null) {
        const live = await trx
          .selectFrom('background_jobs')
          .select('id')
          .where('queue', '=', name)
          .where('singleton_key', '=', key)
          .where('state', 'in', ['queued', 'active'])
          .executeTakeFirst();
        if (live !== undefined) return;
      }
      await trx
        .insertInto('background_jobs')
        .values({
          id: randomUUID(),
          queue: name,
          singleton_key: key,
          data_json: JSON.stringify(data),
          state: 'queued',
          attempts: 0,
          run_at: iso,
          lease_owner: null,
          lease_id: null,
          lease_expires_at: null,
          last_error: null,
          created_at: iso,
        })
        .execute();
    });
    sleepers.wakeAll();
  };

  return {
    async createQueue(name, policy) {
      policies.set(name, policy);
    },
    send,
    async work(name, { concurrency }, handler) {
      policyOf(name);
      if (!released) {
        released = true;
        // Jobs this worker held when it last stopped are due again now, not when their leases lapse.
        await db
          .updateTable('background_jobs')
          .set({ lease_expires_at: new Date(0).toISOString() })
          .where('state', '=', 'active')
          .where('lease_owner', '=', options.owner)
          .execute();
      }
      for (let i = 0; i < Math.max(1, concurrency); i++)
        loops.push(loop(name, handler as JobHandler<object>));
    },
    every(name, intervalMs) {
      repeats.every(intervalMs, () => {
        send(name, {}, { singletonKey: name }).catch((error: unknown) =>
          options.onError(error as Error, `could not schedule ${name}`),
        );
      });
    },
    async cancel(name, singletonKey) {
      await db
        .deleteFrom('background_jobs')
        .where('queue', '=', name)
        .where('singleton_key', '=', singletonKey)
        .execute();
    },
    async stats(names) {
      const at = now();
      const iso = at.toISOString();
      const rows = await db
        .selectFrom('background_jobs')
        .select((eb) => [
          'queue',
          'state',
          eb.fn.countAll<number>().as('count'),
          eb.fn
            .min(
              eb
                .case()
                .when(eb('state', '=', 'queued').and('run_at', '<=', iso))
                .then(eb.ref('run_at'))
                .end(),
            )
            .as('oldest_due'),
        ])
        .where('queue', 'in', names.length > 0 ? [...names] : [''])
        .where('state', 'in', ['queued', 'active'])
        .groupBy(['queue', 'state'])
        .execute();
      const stats: Record<string, QueueStats> = {};
      for (const name of names) stats[name] = { waiting: 0, running: 0, oldestDueSeconds: 0 };
      for (const row of rows) {
        const entry = stats[row.queue];
        if (entry === undefined) continue;
        if (row.state === 'active') entry.running = Number(row.count);
        else entry.waiting = Number(row.count);
        if (row.oldest_due !== null && row.oldest_due !== undefined) {
          entry.oldestDueSeconds = Math.max(0, (at.getTime() - Date.parse(row.oldest_due)) / 1000);
        }
      }
      return stats;
    },
    async stop({ graceMs }) {
      stopping = true;
      repeats.clear();
      sleepers.wakeAll();
      await running.settle(graceMs);
      await Promise.all(loops);
    },
  };
}
