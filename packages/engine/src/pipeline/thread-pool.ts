import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyticsEvidence, ComponentStatus } from '../engine.js';
import { ProcessingError } from '../errors.js';
import type { ProcessingResult, PunctuatedTranscript } from '../types.js';
import type { TextStageRequest, TextStageRunner } from './text-stage.js';
import {
  deserializeError,
  type ThreadData,
  type ThreadReply,
  type ThreadRequest,
  type ThreadTask,
} from './thread-protocol.js';

export interface ThreadedTextStageOptions {
  modelsDir: string | undefined;
  /** Threads, each with its own copy of the text models. */
  threads: number;
  /** A request still running after this long ends its thread and fails as `analysis_timeout`. */
  timeoutMs: number;
  /** Longest wait for a thread to load its models. */
  startTimeoutMs?: number;
  /**
   * Return at once and load the models meanwhile: requests wait for the first threads, status()
   * reports a component still `loading`, and a failure to load fails the requests with its reason.
   * Otherwise the stage is returned once its threads are ready, and a failure to load throws.
   */
  loadInBackground?: boolean;
}

/**
 * The thread script. Built output runs it beside this file; tests run the TypeScript sources,
 * where Node cannot start a thread from a .ts file, so they use the built copy (npm test builds
 * first).
 */
function threadScript(): URL {
  const here = new URL('./text-thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL(here.href.replace('/src/pipeline/', '/dist/pipeline/'));
  if (!existsSync(fileURLToPath(built))) {
    throw new ProcessingError('internal', `${fileURLToPath(built)} is missing; run npm run build first.`);
  }
  return built;
}

/**
 * The arguments a thread starts Node with: the parent's, except that the built thread script
 * (started from the TypeScript sources in tests) must resolve the packages it imports to their
 * built output too, not through the source condition the tests run under.
 */
function threadExecArgv(): string[] {
  const args = process.execArgv;
  if (!import.meta.url.endsWith('.ts')) return args;
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if ((arg === '--conditions' || arg === '-C') && args[i + 1] === SOURCE_CONDITION) i++;
    else if (arg !== `--conditions=${SOURCE_CONDITION}`) kept.push(arg);
  }
  return kept;
}

const SOURCE_CONDITION = '@parley/source';

interface Job {
  id: number;
  task: ThreadTask;
  signal: AbortSignal | undefined;
  resolve: (result: ProcessingResult | AnalyticsEvidence) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  onAbort: (() => void) | undefined;
  /** Set when this side ends the thread, so its exit is expected. */
  ending: boolean;
}

/**
 * Runs the text stage on worker threads, so no input, however hostile, holds the event loop
 * that answers HTTP requests. A request that overruns its time limit or is aborted ends its
 * thread (the only way to stop a busy loop); a fresh thread takes its place.
 */
export async function createThreadedTextStage(options: ThreadedTextStageOptions): Promise<TextStageRunner> {
  const script = threadScript();
  const data: ThreadData = { modelsDir: options.modelsDir };
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const threads = new Set<Thread>();
  const idle: Thread[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;
  let lastStatus: ComponentStatus[] = [];

  /** Starts a thread and resolves once its models are loaded. */
  function spawn(): Promise<Thread> {
    return new Promise<Thread>((resolve, reject) => {
      const worker = new Worker(script, { workerData: data, execArgv: threadExecArgv() });
      const thread: Thread = { worker, job: undefined, timer: undefined, onAbort: undefined, ending: false };
      threads.add(thread);
      let started = false;
      const startTimer = setTimeout(() => {
        threads.delete(thread);
        void worker.terminate();
        reject(
          new ProcessingError(
            'internal',
            `A text thread did not load its models within ${startTimeoutMs} ms.`,
          ),
        );
      }, startTimeoutMs);
      worker.on('message', (reply: ThreadReply) => {
        switch (reply.type) {
          case 'ready':
            started = true;
            clearTimeout(startTimer);
            lastStatus = reply.status;
            resolve(thread);
            return;
          case 'failed':
            clearTimeout(startTimer);
            threads.delete(thread);
            void worker.terminate();
            reject(deserializeError(reply.error));
            return;
          case 'result':
            settle(thread, (job) => job.resolve(reply.result));
            return;
          case 'error':
            settle(thread, (job) => job.reject(deserializeError(reply.error)));
            return;
        }
      });
      worker.on('error', (error) => {
        if (!started) {
          clearTimeout(startTimer);
          threads.delete(thread);
          reject(error);
          return;
        }
        // An uncaught error in the thread ends it: fail its job and put a new thread in its place.
        if (thread.ending) return;
        const at = idle.indexOf(thread);
        if (at >= 0) idle.splice(at, 1);
        const job = detach(thread);
        job?.reject(
          new ProcessingError('engine_crashed', `Text processing crashed: ${error.message}`, {
            cause: error,
          }),
        );
        replace(thread);
      });
      worker.on('exit', (exitCode) => {
        if (!started) {
          clearTimeout(startTimer);
          threads.delete(thread);
          reject(
            new ProcessingError(
              'engine_crashed',
              `A text thread exited (code ${exitCode}) while loading its models.`,
            ),
          );
          return;
        }
        if (thread.ending) return;
        const at = idle.indexOf(thread);
        if (at >= 0) idle.splice(at, 1);
        detach(thread)?.reject(
          new ProcessingError('engine_crashed', 'The text processing thread exited unexpectedly.'),
        );
        replace(thread);
      });
    });
  }

  /** Takes the thread's job away from it, clearing its timer and abort listener. */
  function detach(thread: Thread): Job | undefined {
    const job = thread.job;
    clearTimeout(thread.timer);
    if (job !== undefined && thread.onAbort !== undefined)
      job.signal?.removeEventListener('abort', thread.onAbort);
    thread.job = undefined;
    thread.timer = undefined;
    thread.onAbort = undefined;
    return job;
  }

  function settle(thread: Thread, finish: (job: Job) => void): void {
    const job = detach(thread);
    if (job === undefined) return;
    finish(job);
    release(thread);
  }

  function release(thread: Thread): void {
    const job = waiting.shift();
    if (job === undefined) idle.push(thread);
    else start(thread, job);
  }

  /** Ends a thread that holds a runaway job, and starts another in its place. */
  function replace(thread: Thread): void {
    thread.ending = true;
    threads.delete(thread);
    void thread.worker.terminate();
    if (closed) return;
    spawn().then(
      (fresh) => (closed ? void fresh.worker.terminate() : release(fresh)),
      (error: unknown) => {
        // Could not start a replacement: fail what waits rather than leave it hanging.
        for (const job of waiting.splice(0)) {
          job.reject(error instanceof Error ? error : new ProcessingError('internal', String(error)));
        }
      },
    );
  }

  function start(thread: Thread, job: Job): void {
    if (job.signal?.aborted === true) {
      job.reject(abortError(job.signal));
      release(thread);
      return;
    }
    thread.job = job;
    thread.timer = setTimeout(() => {
      const overrun = detach(thread);
      overrun?.reject(
        new ProcessingError(
          'analysis_timeout',
          `Analysing the text took longer than ${options.timeoutMs} ms and was stopped; send it as smaller interactions.`,
        ),
      );
      replace(thread);
    }, options.timeoutMs);
    if (job.signal !== undefined) {
      const { signal } = job;
      thread.onAbort = () => {
        detach(thread)?.reject(abortError(signal));
        replace(thread);
      };
      signal.addEventListener('abort', thread.onAbort, { once: true });
    }
    thread.worker.postMessage({ id: job.id, task: job.task } satisfies ThreadRequest);
  }

  function submit(
    task: ThreadTask,
    signal: AbortSignal | undefined,
  ): Promise<ProcessingResult | AnalyticsEvidence> {
    if (closed) return Promise.reject(new ProcessingError('internal', 'The engine is closed.'));
    if (loadFailure !== undefined) return Promise.reject(loadFailure);
    return new Promise((resolve, reject) => {
      const job: Job = { id: nextId++, task, signal, resolve, reject };
      const thread = idle.pop();
      if (thread === undefined) waiting.push(job);
      else start(thread, job);
    });
  }

  let loadFailure: Error | undefined;
  let loading: Promise<void> | undefined = Promise.all(
    Array.from({ length: Math.max(1, options.threads) }, spawn),
  ).then(
    (first) => {
      for (const thread of first) release(thread);
      loading = undefined;
    },
    (error: unknown) => {
      loadFailure = error instanceof Error ? error : new ProcessingError('internal', String(error));
      for (const job of waiting.splice(0)) job.reject(loadFailure);
      loading = undefined;
      throw loadFailure;
    },
  );
  if (options.loadInBackground === true) loading?.catch(() => undefined);
  else await loading;

  return {
    run: (request: TextStageRequest, signal?: AbortSignal) =>
      submit({ type: 'process', request }, signal) as Promise<ProcessingResult>,
    explain: (punctuated: PunctuatedTranscript, durationMs: number) =>
      submit({ type: 'explain', punctuated, durationMs }, undefined) as Promise<AnalyticsEvidence>,
    status: () =>
      Promise.resolve(
        loading !== undefined
          ? [
              {
                name: 'text models',
                ready: false,
                loading: true,
                detail: 'loading the punctuation and CX AI models on the text threads',
              },
            ]
          : loadFailure !== undefined
            ? [{ name: 'text models', ready: false, detail: `could not load: ${loadFailure.message}` }]
            : lastStatus,
      ),
    async close(): Promise<void> {
      closed = true;
      for (const thread of threads) thread.ending = true;
      for (const job of waiting.splice(0))
        job.reject(new ProcessingError('internal', 'The engine is closed.'));
      await Promise.all([...threads].map((thread) => thread.worker.terminate()));
      threads.clear();
      idle.length = 0;
    },
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
