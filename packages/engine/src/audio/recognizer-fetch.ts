import { ModelDownloadError, downloadModel, type DownloadProgress } from './model-download.js';
import { installedModelDir, type ModelSpec } from './models.js';

export interface RecognizerFetchOptions {
  /** Fetch the recommended recogniser when it is missing (PARLEY_OFFLINE=true turns this off). */
  enabled: boolean;
  /** A mirror of the publishers' files (PARLEY_MODELS_BASE_URL); default: the publishers. */
  baseUrl?: string;
  onProgress?: (spec: ModelSpec, progress: DownloadProgress) => void;
  /** Called once per attempt, when it ends. */
  onDone?: (spec: ModelSpec, outcome: { dir: string } | { error: Error }) => void;
  /** After a failed attempt, the next one waits this long; default 10 minutes. */
  retryAfterMs?: number;
}

interface FetchState {
  running: Promise<string> | undefined;
  progress: DownloadProgress | undefined;
  failure: { error: Error; at: number } | undefined;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`;
}

/**
 * Fetches recommended recognisers into the models directory, one attempt at a time per model.
 * Jobs that need a model being fetched wait for the same attempt; after a failure (no network,
 * a bad file) the fallback recogniser is used until `retryAfterMs` has passed.
 */
export function createRecognizerFetcher(modelsDir: string | undefined, options: RecognizerFetchOptions) {
  const states = new Map<string, FetchState>();
  const retryAfterMs = options.retryAfterMs ?? 10 * 60_000;
  const enabled = options.enabled && modelsDir !== undefined;

  function stateOf(spec: ModelSpec): FetchState {
    let state = states.get(spec.id);
    if (state === undefined) {
      state = { running: undefined, progress: undefined, failure: undefined };
      states.set(spec.id, state);
    }
    return state;
  }

  return {
    enabled,

    /**
     * The attempt that installs `spec`: the one running, or a new one. Undefined when fetching is
     * off, the model is installed, or the last attempt failed less than `retryAfterMs` ago.
     */
    ensure(spec: ModelSpec): Promise<string> | undefined {
      if (!enabled || modelsDir === undefined || installedModelDir(modelsDir, spec) !== undefined)
        return undefined;
      const state = stateOf(spec);
      if (state.running !== undefined) return state.running;
      if (state.failure !== undefined && Date.now() - state.failure.at < retryAfterMs) return undefined;
      const running = downloadModel({
        modelsDir,
        spec,
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        onProgress: (progress) => {
          state.progress = progress;
          options.onProgress?.(spec, progress);
        },
      });
      state.running = running;
      state.failure = undefined;
      running.then(
        (dir) => {
          state.running = undefined;
          options.onDone?.(spec, { dir });
        },
        (error: unknown) => {
          state.running = undefined;
          const failure = error instanceof Error ? error : new Error(String(error));
          state.failure = { error: failure, at: Date.now() };
          options.onDone?.(spec, { error: failure });
        },
      );
      return running;
    },

    /** Why the last attempt failed, when it did. */
    failure(spec: ModelSpec): Error | undefined {
      return states.get(spec.id)?.failure?.error;
    },

    /** One phrase for /readyz: downloading (how far), failed (why), or off. */
    describe(spec: ModelSpec): string {
      const state = states.get(spec.id);
      if (state?.running !== undefined) {
        const { receivedBytes = 0, totalBytes } = state.progress ?? {};
        const of = totalBytes ?? spec.approxBytes;
        const percent = of === undefined ? '' : ` (${Math.floor((receivedBytes / of) * 100)}%)`;
        return `downloading: ${megabytes(receivedBytes)}${of === undefined ? '' : ` of ${megabytes(of)}`}${percent}; audio interactions wait for it`;
      }
      if (state?.failure !== undefined) {
        const reason =
          state.failure.error instanceof ModelDownloadError && state.failure.error.unreachable
            ? 'no network'
            : 'download failed';
        return `${reason}: ${state.failure.error.message}`;
      }
      return enabled ? 'not downloaded' : 'automatic download is off (PARLEY_OFFLINE=true)';
    },
  };
}

export type RecognizerFetcher = ReturnType<typeof createRecognizerFetcher>;
