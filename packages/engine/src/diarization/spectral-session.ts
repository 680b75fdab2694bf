import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ProcessingError } from '../errors.js';
import type { ClusterSettings } from './cluster.js';
import type { Diarization } from './diarize.js';
import type { DiarizationSession } from './index.js';
import type { SpectralThreadMessage } from './spectral-thread.js';

/**
 * The thread script. Built output runs it beside this file; tests run the TypeScript sources,
 * where Node cannot start a thread from a .ts file, so they use the built copy.
 */
function threadScript(): URL {
  const here = new URL('./spectral-thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL(here.href.replace('/src/diarization/', '/dist/diarization/'));
  if (!existsSync(fileURLToPath(built))) {
    throw new ProcessingError('internal', `${fileURLToPath(built)} is missing; run npm run build first.`);
  }
  return built;
}

/**
 * One recording's spectral diarization on a thread of its own, started with the recording: the
 * audio is copied to it as it decodes, and `finish` waits for its turns. `close` ends the thread
 * of a recording that will never finish (a failed or aborted transcription).
 */
export function startSpectralThread(settings: ClusterSettings): DiarizationSession {
  const worker = new Worker(threadScript(), { workerData: settings });
  let failure: Error | undefined;
  let ended = false;
  worker.on('error', (error) => {
    failure ??= error;
  });
  worker.on('exit', () => {
    ended = true;
  });
  const post = (message: SpectralThreadMessage, transfer: ArrayBuffer[] = []): void => {
    if (!ended) worker.postMessage(message, transfer);
  };
  return {
    push(samples) {
      // A copy of its own, handed over without a second copy.
      const copy = Float32Array.from(samples);
      post({ type: 'push', samples: copy }, [copy.buffer]);
    },
    finish(voiced) {
      return new Promise<Diarization>((resolve, reject) => {
        if (failure !== undefined || ended) {
          reject(
            new ProcessingError(
              'internal',
              `speaker separation stopped: ${failure?.message ?? 'its thread ended'}`,
            ),
          );
          return;
        }
        worker.once('message', (result: Diarization) => resolve(result));
        worker.once('error', (error) =>
          reject(
            new ProcessingError('internal', `speaker separation failed: ${error.message}`, { cause: error }),
          ),
        );
        worker.once('exit', (code) =>
          reject(
            new ProcessingError(
              'internal',
              `speaker separation's thread ended (code ${code}) before its result`,
            ),
          ),
        );
        post({ type: 'finish', voiced });
      });
    },
    close() {
      if (!ended) void worker.terminate();
    },
  };
}
