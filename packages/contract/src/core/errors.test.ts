import { describe, expect, it } from 'vitest';
import {
  CodedError,
  ERROR_CODES,
  fallbackCodeFor,
  httpStatusOf,
  isFailureCode,
  isProcessingErrorCode,
} from './errors.js';

describe('the error-code registry', () => {
  it('gives every request code an HTTP error status and no stored failure one', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      if (entry.raisedBy === 'request' || entry.raisedBy === 'any')
        expect(entry.status, code).toBeGreaterThanOrEqual(400);
      if (entry.raisedBy === 'processing' || entry.raisedBy === 'source')
        expect(entry.status, code).toBeNull();
    }
    expect(httpStatusOf('results_not_ready')).toBe(409);
  });

  it('names at most one fallback code per HTTP status', () => {
    const statuses = Object.values(ERROR_CODES)
      .filter((entry) => 'fallback' in entry)
      .map((entry) => entry.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(fallbackCodeFor(404)).toBe('not_found');
    expect(fallbackCodeFor(429)).toBe('rate_limited');
    expect(fallbackCodeFor(418)).toBeUndefined();
  });

  it('tells processing codes from the failures an interaction may store', () => {
    expect(isProcessingErrorCode('audio_undecodable')).toBe(true);
    expect(isProcessingErrorCode('internal')).toBe(true);
    expect(isProcessingErrorCode('download_timeout')).toBe(false);
    expect(isFailureCode('download_timeout')).toBe(true);
    expect(isFailureCode('validation_failed')).toBe(false);
    expect(isFailureCode('toString')).toBe(false);
  });
});

describe('CodedError', () => {
  it('takes retryability from the registry unless told, and keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new CodedError('engine_crashed', 'x').retryable).toBe(true);
    expect(new CodedError('audio_empty', 'x').retryable).toBe(false);
    expect(new CodedError('engine_crashed', 'x', { retryable: false }).retryable).toBe(false);
    expect(new CodedError('not_in_the_registry', 'x').retryable).toBe(false);
    const error = new CodedError('download_failed', 'the download broke off', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('the download broke off');
  });
});
