import { APIUserAbortError, InteractionFailedError, WaitTimeoutError } from './errors.js';
import type { InteractionStatus, InteractionType } from './types.js';
import { isFailure } from './types.js';
import { sleep } from './sleep.js';

export interface WaitOptions {
  /** Give up after this long (default 30 minutes) with a `WaitTimeoutError`. */
  timeoutMs?: number;
  /** Stop waiting as soon as this fires, with an `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Time between two status requests. The default depends on the interaction type and the server. */
  pollIntervalMs?: number;
  /** The interaction's type, when known; saves one request that looks it up to pick the interval. */
  interactionType?: InteractionType;
  /** Called with every status read, for progress displays. */
  onStatus?: (status: InteractionStatus) => void;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

/**
 * Default polling intervals. ElevateAI asks clients to poll at most every 30 s for audio and every
 * 5 s for chat and transcripts; the hosted service gets exactly that. A Parley server is usually
 * close by and cheap to ask, and a chat is processed in well under a second, so there the defaults
 * are 2 s for audio (which takes seconds to minutes) and 0.5 s for chat and transcripts.
 */
export function defaultPollIntervalMs(type: InteractionType, baseUrl: string): number {
  const hosted = isHostedElevateAi(baseUrl);
  if (type === 'audio') return hosted ? 30_000 : 2_000;
  return hosted ? 5_000 : 500;
}

function isHostedElevateAi(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'elevateai.com' || host.endsWith('.elevateai.com');
  } catch {
    return false;
  }
}

export interface WaitDependencies {
  baseUrl: string;
  getStatus: (id: string, request: { signal: AbortSignal; timeoutMs: number }) => Promise<InteractionStatus>;
  getType: (id: string, request: { signal: AbortSignal; timeoutMs: number }) => Promise<InteractionType>;
  now?: () => number;
}

/**
 * Polls the status until `processed` (returned) or a `*Failed` status (thrown as
 * `InteractionFailedError` with the server's errorMessage). Every request and every pause is
 * bounded by the deadline, so the wait ends on time even when the server stops answering.
 */
export async function waitUntilProcessed(
  deps: WaitDependencies,
  id: string,
  options: WaitOptions = {},
): Promise<InteractionStatus> {
  const now = deps.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = now() + timeoutMs;
  const deadlineController = new AbortController();
  const timer = setTimeout(() => deadlineController.abort(), timeoutMs);
  const signals = [deadlineController.signal, ...(options.signal === undefined ? [] : [options.signal])];
  const signal = AbortSignal.any(signals);
  let lastStatus: InteractionStatus | undefined;

  const expired = (): WaitTimeoutError => new WaitTimeoutError(id, timeoutMs, lastStatus?.status);
  const remaining = (): number => Math.max(1, deadline - now());

  try {
    let intervalMs = options.pollIntervalMs;
    if (intervalMs === undefined && options.interactionType !== undefined) {
      intervalMs = defaultPollIntervalMs(options.interactionType, deps.baseUrl);
    }
    for (;;) {
      const status = await deps.getStatus(id, { signal, timeoutMs: remaining() });
      lastStatus = status;
      options.onStatus?.(status);
      if (status.status === 'processed') return status;
      if (isFailure(status.status)) {
        throw new InteractionFailedError(id, status.status, status.errorMessage, status.errorCode ?? null);
      }
      if (intervalMs === undefined) {
        // Upload and download statuses only exist for audio, which spares the lookup.
        const type = status.status.startsWith('file')
          ? 'audio'
          : await deps.getType(id, { signal, timeoutMs: remaining() });
        intervalMs = defaultPollIntervalMs(type, deps.baseUrl);
      }
      // The deadline signal cuts this pause short; the catch below turns that into WaitTimeoutError.
      await sleep(intervalMs, signal);
    }
  } catch (error) {
    if (options.signal?.aborted) {
      throw error instanceof APIUserAbortError ? error : new APIUserAbortError(undefined, { cause: error });
    }
    if (deadlineController.signal.aborted) throw expired();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
