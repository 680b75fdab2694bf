/**
 * How long to wait before retrying. Pure functions, so the policy is testable without a clock.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay; it doubles per retry. */
  initialDelayMs: number;
  /** Backoff never exceeds this, and a `Retry-After` longer than this is not waited for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 60_000 };

/** Backoff grows to this at most, whatever maxDelayMs allows for Retry-After. */
const BACKOFF_CEILING_MS = 8_000;

/**
 * Parses `Retry-After` (delay-seconds or an HTTP date) and Parley's `retry-after-ms` into
 * milliseconds from `now`. Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter for retry number `retry` (0 = first retry): the nominal delay
 * doubles from `initialDelayMs`, capped, and loses up to 25% at random so that many clients
 * failing together do not come back together.
 */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, BACKOFF_CEILING_MS);
  const nominal = Math.min(policy.initialDelayMs * 2 ** retry, ceiling);
  return Math.round(nominal * (1 - 0.25 * random()));
}

/**
 * The delay before retry number `retry`, or undefined when the server asked for a longer wait
 * than the policy allows (retrying sooner than asked would only be refused again).
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  return backoffDelayMs(retry, policy, random);
}
