import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from './retry.js';

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const headers = new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' });
    expect(parseRetryAfter(headers, now)).toBe(7000);
  });

  it('treats a date in the past as no wait', () => {
    const now = Date.parse('2026-01-01T00:00:10Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
  });

  it('ignores values it cannot read', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles from the initial delay up to the 8 s ceiling', () => {
    const noJitter = () => 0;
    const delays = [0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, DEFAULT_RETRY_POLICY, noJitter));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('takes off at most a quarter as jitter', () => {
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(750);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(875);
  });

  it('honours Retry-After within the cap and refuses a longer one', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 5000 };
    expect(retryDelayMs(0, 4000, policy)).toBe(4000);
    expect(retryDelayMs(0, 6000, policy)).toBeUndefined();
    expect(retryDelayMs(0, undefined, policy, () => 0)).toBe(500);
  });
});
