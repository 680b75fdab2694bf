import http from 'node:http';
import https from 'node:https';
import { checkLiteralHost, guardedLookup, type OutboundPolicy } from '../download/guarded-lookup.js';

export interface PostOptions {
  timeoutMs: number;
  /** PARLEY_ALLOW_PRIVATE_DOWNLOADS: the same address policy as downloads. */
  allowPrivate: boolean;
  /** Ends the call early (the worker lost its job or is stopping). */
  signal?: AbortSignal;
}

/** Why a delivery did not get a 2xx, and whether trying again later could help. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = retryable;
  }
}

/**
 * POSTs a JSON body without following redirects (a signed notification goes where it was told).
 * The host is resolved, checked against the download address policy, and connected to at the
 * very address checked.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<{ status: number }> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new DeliveryError(`callback URL uses ${target.protocol}; only http and https are called`, false);
  }
  const policy: OutboundPolicy = { allowPrivate: options.allowPrivate, blocked };
  checkLiteralHost(target, policy);
  const checkedLookup = guardedLookup(target, policy);
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: checkedLookup,
        signal:
          options.signal === undefined
            ? AbortSignal.timeout(options.timeoutMs)
            : AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'parley-webhooks',
        },
      },
      (response) => {
        // Only the status matters; the body is read and dropped so the socket closes.
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      if (error instanceof DeliveryError) reject(error);
      else if (error.name === 'AbortError' || error.name === 'TimeoutError') {
        reject(new DeliveryError(`no answer within ${options.timeoutMs} ms`, true, { cause: error }));
      } else
        reject(new DeliveryError(`could not reach ${target.host}: ${error.message}`, true, { cause: error }));
    });
    request.end(body);
  });
}

function blocked(url: URL, reason: string): DeliveryError {
  return new DeliveryError(
    `refused to call ${url.hostname}: ${reason}. Use a publicly reachable callback URL, or set PARLEY_ALLOW_PRIVATE_DOWNLOADS=true on a server that may call private networks.`,
    false,
  );
}
