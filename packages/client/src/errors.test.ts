import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  makeApiError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
} from './errors.js';

describe('makeApiError', () => {
  it('picks the class by status and keeps the body fields', () => {
    const error = makeApiError(
      404,
      { errorMessage: 'Interaction x not found.', code: 'not_found', requestId: 'req-body' },
      new Headers({ 'x-request-id': 'req-header' }),
      undefined,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, errorMessage: 'Interaction x not found.', code: 'not_found' });
    expect(error.requestId).toBe('req-header');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('404 Interaction x not found.');
  });

  it('maps each documented status to its class', () => {
    const classes = [
      [401, AuthenticationError],
      [409, ConflictError],
      [413, PayloadTooLargeError],
      [429, RateLimitError],
      [503, InternalServerError],
    ] as const;
    for (const [status, ErrorClass] of classes) {
      expect(makeApiError(status, undefined, new Headers(), undefined)).toBeInstanceOf(ErrorClass);
    }
    expect(makeApiError(418, undefined, new Headers(), undefined).constructor).toBe(APIError);
  });

  it('gives a body-less answer a code and a message', () => {
    const error = makeApiError(503, undefined, new Headers(), 2000);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, retryAfterMs: 2000 });
    expect(error.errorMessage).toContain('503');
  });

  it('lets x-should-retry overrule the status', () => {
    expect(makeApiError(409, {}, new Headers({ 'x-should-retry': 'true' }), undefined).retryable).toBe(true);
    expect(makeApiError(503, {}, new Headers({ 'x-should-retry': 'false' }), undefined).retryable).toBe(
      false,
    );
  });
});
