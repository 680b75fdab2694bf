/**
 * What every implementation of the background-work port must do, as one suite that each
 * implementation's test file runs against its own backend.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackgroundWork, Job, QueuePolicy } from '../src/queue/port.js';

export interface QueueUnderTest {
  /** Opens another client of the same queue storage, as another process would. */
  open(options: { owner: string; clockOffsetMs?: number }): Promise<BackgroundWork>;
}

const POLICY: QueuePolicy = { retryLimit: 2, retryDelayMs: 0, leaseMs: 1000, expireMs: 60_000 };

function until<T>(check: () => T | undefined, what: string, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > end) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A handler that holds its job until its signal aborts, recording both. */
function holding(runs: Array<Job<object>>, aborted: string[]) {
  return (job: Job<object>, signal: AbortSignal) => {
    runs.push(job);
    return new Promise<void>((_, reject) =>
      signal.addEventListener('abort', () => {
        aborted.push(job.id);
        reject(new Error('aborted'));
      }),
    );
  };
}

export function queueContract(name: string, subject: QueueUnderTest): void {
  describe(`${name}: background-work contract`, () => {
    const opened: BackgroundWork[] = [];
    let queueName = '';
    const open = async (owner: string, clockOffsetMs = 0) => {
      const queue = await subject.open({ owner, clockOffsetMs });
      await queue.createQueue(queueName, POLICY);
      opened.push(queue);
      return queue;
    };

    afterEach(async () => {
      for (const queue of opened.splice(0)) await queue.stop({ graceMs: 0 });
    });

    it('runs a sent job with its data, once per singleton key while one waits', async () => {
      queueName = `contract.once.${randomUUID()}`;
      const queue = await open('w1');
      await queue.send(queueName, { n: 1 }, { singletonKey: 'k' });
      await queue.send(queueName, { n: 2 }, { singletonKey: 'k' });
      await queue.send(queueName, { n: 3 });
      const runs: Array<Job<object>> = [];
      await queue.work(queueName, { concurrency: 2 }, (job) => {
        runs.push(job);
        return Promise.resolve();
      });
      await until(() => (runs.length >= 2 ? true : undefined), 'two runs');
      await pause(1200);
      expect(
        runs.map((r) => r.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([{ n: 1 }, { n: 3 }]);
      expect(runs.every((r) => r.attempt === 1 && r.name === queueName)).toBe(true);
      // Finished, the key is free again.
      await queue.send(queueName, { n: 4 }, { singletonKey: 'k' });
      await until(() => (runs.length === 3 ? true : undefined), 'a run of the key sent again');
    });

    it('retries a handler that throws, counting attempts, and stops after the retry limit', async () => {
      queueName = `contract.retry.${randomUUID()}`;
      const queue = await open('w1');
      const attempts: number[] = [];
      await queue.work(queueName, { concurrency: 1 }, (job) => {
        attempts.push(job.attempt);
        return Promise.reject(new Error('failing on purpose'));
      });
      await queue.send(queueName, {});
      await until(() => (attempts.length === 3 ? true : undefined), 'three attempts');
      await pause(1500);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('waits at least the retry delay before running a failed job again', async () => {
      queueName = `contract.delay.${randomUUID()}`;
      const queue = await open('w1');
      const delayed = `${queueName}.delayed`;
      await queue.createQueue(delayed, { ...POLICY, retryLimit: 1, retryDelayMs: 2000 });
      const starts: number[] = [];
      await queue.work(delayed, { concurrency: 1 }, (job) => {
        starts.push(Date.now());
        return job.attempt === 1 ? Promise.reject(new Error('failing once')) : Promise.resolve();
      });
      await queue.send(delayed, {});
      await until(() => (starts.length === 2 ? true : undefined), 'the retry');
      // A lower bound only: a loaded machine can make the retry later, never earlier. The slack
      // is for pg-boss, which dates the retry by the database's clock.
      expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(1900);
    });

    it('hands the job of a worker that stopped answering to another, counting the attempt', async () => {
      queueName = `contract.lapse.${randomUUID()}`;
      // Its clock runs an hour behind, so every lease it writes has lapsed for everyone else.
      const stale = await open('stale', -60 * 60_000);
      const staleRuns: Array<Job<object>> = [];
      const aborted: string[] = [];
      await stale.work(queueName, { concurrency: 1 }, holding(staleRuns, aborted));
      await stale.send(queueName, { n: 1 });
      const first = await until(() => staleRuns[0], 'the stale worker to start');
      // It takes no more jobs, as a hung worker would not, but its run goes on.
      const staleStopped = stale.stop({ graceMs: 60_000 });

      const live = await open('live');
      const liveRuns: Array<Job<object>> = [];
      await live.work(queueName, { concurrency: 1 }, (job) => {
        liveRuns.push(job);
        return Promise.resolve();
      });
      const taken = await until(() => liveRuns[0], 'the live worker to take the job over');
      expect(taken).toMatchObject({ id: first.id, data: { n: 1 }, attempt: 2 });
      // The stale run learns at its next heartbeat that the job is no longer its own.
      await until(() => (aborted.includes(first.id) ? true : undefined), 'the stale run to abort');
      await staleStopped;
    });

    it("hands on a restarted worker's jobs at once", async () => {
      queueName = `contract.restart.${randomUUID()}`;
      // Its clock runs an hour ahead, so its lease would hold for an hour.
      const before = await open('restarting', 60 * 60_000);
      const runs: Array<Job<object>> = [];
      await before.work(queueName, { concurrency: 1 }, holding(runs, []));
      await before.send(queueName, { n: 1 });
      const first = await until(() => runs[0], 'the first run to start');
      // Killed: it takes no more jobs (its run ends when it learns the job was handed on).
      const killed = before.stop({ graceMs: 60_000 });

      const after = await open('restarting');
      const again: Array<Job<object>> = [];
      await after.work(queueName, { concurrency: 1 }, (job) => {
        again.push(job);
        return Promise.resolve();
      });
      expect(await until(() => again[0], 'the restarted worker to run the job')).toMatchObject({
        id: first.id,
        attempt: 2,
      });
      await killed;
    });

    it('drops a waiting job when its key is cancelled', async () => {
      queueName = `contract.cancel.${randomUUID()}`;
      const queue = await open('w1');
      await queue.send(queueName, { n: 1 }, { singletonKey: 'gone' });
      await queue.send(queueName, { n: 2 }, { singletonKey: 'kept' });
      await queue.cancel(queueName, 'gone');
      const runs: Array<Job<object>> = [];
      await queue.work(queueName, { concurrency: 1 }, (job) => {
        runs.push(job);
        return Promise.resolve();
      });
      await until(() => runs[0], 'the kept job');
      await pause(1200);
      expect(runs.map((r) => r.data)).toEqual([{ n: 2 }]);
    });

    it('on stop, hands back a job that outlives the grace period, and it runs again', async () => {
      queueName = `contract.stop.${randomUUID()}`;
      const first = await open('first');
      const runs: Array<Job<object>> = [];
      const aborted: string[] = [];
      await first.work(queueName, { concurrency: 1 }, holding(runs, aborted));
      await first.send(queueName, { n: 1 });
      const held = await until(() => runs[0], 'the job to start');
      await first.stop({ graceMs: 50 });
      expect(aborted).toEqual([held.id]);

      const next = await open('next');
      const again: Array<Job<object>> = [];
      await next.work(queueName, { concurrency: 1 }, (job) => {
        again.push(job);
        return Promise.resolve();
      });
      expect(await until(() => again[0], 'the job to run again')).toMatchObject({
        id: held.id,
        data: { n: 1 },
      });
    });

    it('reports waiting and running jobs and how long the oldest due job has waited', async () => {
      queueName = `contract.stats.${randomUUID()}`;
      const other = `contract.stats.other.${randomUUID()}`;
      const queue = await open('w1');
      await queue.createQueue(other, POLICY);
      const idle = { waiting: 0, running: 0, oldestDueSeconds: 0 };
      expect(await queue.stats([queueName, other])).toEqual({ [queueName]: idle, [other]: idle });
      await queue.send(queueName, { n: 1 });
      await queue.send(queueName, { n: 2 });
      await pause(1100);
      const waiting = await queue.stats([queueName, other]);
      expect(waiting[queueName]).toMatchObject({ waiting: 2, running: 0 });
      expect(waiting[queueName]?.oldestDueSeconds).toBeGreaterThanOrEqual(1);
      expect(waiting[other]).toEqual(idle);

      const runs: Array<Job<object>> = [];
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      await queue.work(queueName, { concurrency: 1 }, (job) => {
        runs.push(job);
        return released;
      });
      await until(() => runs[0], 'a run');
      const busy = await queue.stats([queueName]);
      expect(busy[queueName]).toMatchObject({ waiting: 1, running: 1 });
      release();
      await until(() => (runs.length === 2 ? true : undefined), 'the second run');
    });

    it('sends a scheduled job that one worker runs, however many processes schedule it', async () => {
      queueName = `contract.every.${randomUUID()}`;
      const a = await open('a');
      const b = await open('b');
      const runs: Array<Job<object>> = [];
      const record = (job: Job<object>) => {
        runs.push(job);
        return pause(300);
      };
      a.every(queueName, 60_000);
      b.every(queueName, 60_000);
      await a.work(queueName, { concurrency: 1 }, record);
      await b.work(queueName, { concurrency: 1 }, record);
      await until(() => runs[0], 'the scheduled run');
      await pause(1500);
      expect(runs).toHaveLength(1);
    });
  });
}
