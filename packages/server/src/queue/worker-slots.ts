import type { QueuePolicy } from './port.js';

/** What both queues share about running jobs in this process: abort signals, and a graceful stop. */
export interface RunningJob {
  controller: AbortController;
  /** Set when the stop deadline passed: the job is handed back rather than failed. */
  handedBack: boolean;
  done: Promise<void>;
}

/** How long aborted jobs get to hand their jobs back when a worker stops. */
const HAND_BACK_MS = 5000;

export class RunningJobs {
  private readonly jobs = new Set<RunningJob>();

  /** Runs `body` as a tracked job; its signal aborts on `abortAll`. */
  track(body: (entry: RunningJob) => Promise<void>): Promise<void> {
    const entry: RunningJob = {
      controller: new AbortController(),
      handedBack: false,
      done: Promise.resolve(),
    };
    entry.done = body(entry).finally(() => this.jobs.delete(entry));
    this.jobs.add(entry);
    return entry.done;
  }

  get size(): number {
    return this.jobs.size;
  }

  /**
   * Waits up to `graceMs` for running jobs; then aborts the rest, waits a moment for them to hand
   * their jobs back, and returns them. Without that wait a job ending after its abort would write
   * to a database the caller is about to close.
   */
  async settle(graceMs: number): Promise<RunningJob[]> {
    const ended = () =>
      Promise.all([...this.jobs].map((j) => j.done.catch(() => undefined))).then(() => true);
    const inTime = await Promise.race([ended(), sleep(graceMs).then(() => false)]);
    if (inTime) return [];
    const late = [...this.jobs];
    for (const entry of late) {
      entry.handedBack = true;
      entry.controller.abort(new Error('shutting down'));
    }
    // An aborted handler ends at once (engine steps race their signal); one that ignores it is left.
    await Promise.race([ended(), sleep(HAND_BACK_MS)]);
    return late;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A wait that `wake` ends early; every wait has its deadline. */
export class Sleepers {
  private readonly waiting = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }
}

/** The policies of the queues created in this process; using a queue not created is a bug. */
export class QueuePolicies {
  private readonly byName = new Map<string, QueuePolicy>();

  set(name: string, policy: QueuePolicy): void {
    this.byName.set(name, policy);
  }

  of(name: string): QueuePolicy {
    const policy = this.byName.get(name);
    if (policy === undefined) throw new Error(`queue ${name} was not created`);
    return policy;
  }

  /** The shortest lease of all queues: how often lapsed leases must be looked for. */
  shortestLeaseMs(): number {
    return Math.min(...[...this.byName.values()].map((p) => p.leaseMs));
  }
}

/** Work repeated on a timer (schedules, sweeps) that does not keep the process alive; cleared on stop. */
export class Repeats {
  private readonly timers: NodeJS.Timeout[] = [];

  /** Runs `tick` now and every `intervalMs`. */
  every(intervalMs: number, tick: () => void, { now = true } = {}): void {
    if (now) tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  clear(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }
}
