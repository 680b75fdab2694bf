import { isIP } from 'node:net';
import { whyBlocked } from '../../download/address-policy.js';
import { ApiError } from '../../errors/api-error.js';

/**
 * Validates a callback URL at the edge: http or https, and not a literal private address unless
 * PARLEY_ALLOW_PRIVATE_DOWNLOADS is set (host names are checked again when called, after DNS).
 * Returns the URL in canonical form.
 */
export function checkCallbackUri(value: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(
      'validation_failed',
      `Invalid request body: "callbackUri" is not a URL: ${JSON.stringify(value.slice(0, 200))}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(
      'validation_failed',
      `Invalid request body: "callbackUri" uses ${url.protocol.replace(/:$/, '')}; give an http or https URL.`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0) {
    const reason = whyBlocked(host);
    if (reason !== undefined) {
      throw new ApiError(
        'validation_failed',
        `Invalid request body: "callbackUri" points at ${reason}; this server calls only public addresses (PARLEY_ALLOW_PRIVATE_DOWNLOADS is off).`,
      );
    }
  }
  return url.toString();
}
