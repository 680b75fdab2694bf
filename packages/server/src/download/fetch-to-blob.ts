import http from 'node:http';
import https from 'node:https';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/types.js';
import { BlobTooLargeError } from '../blobs/types.js';
import { InteractionFailure } from '../errors/failure.js';
import { checkLiteralHost, guardedLookup, type OutboundPolicy } from './guarded-lookup.js';

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  allowPrivate: boolean;
}

export const SUPPORTED_DOWNLOAD_SCHEMES = ['http:', 'https:'] as const;

/**
 * Fetches `uri` into the blob `key`. Every hop (redirects included) is resolved, checked, and then
 * connected to at the very address that was checked, so a second DNS answer cannot point the
 * connection somewhere private.
 */
export async function downloadToBlob(
  uri: string,
  blobs: BlobStore,
  key: string,
  options: DownloadOptions,
  signal?: AbortSignal,
): Promise<{ bytes: number; filename: string | null }> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let current = new URL(uri);
  try {
    for (let hop = 0; ; hop++) {
      const response = await request(current, options, combined);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location !== undefined) {
        response.resume();
        if (hop >= options.maxRedirects) {
          throw new InteractionFailure(
            'download_http_error',
            `downloadUri redirected more than ${options.maxRedirects} times; give the final URL.`,
          );
        }
        current = new URL(response.headers.location, current);
        if (!(SUPPORTED_DOWNLOAD_SCHEMES as readonly string[]).includes(current.protocol)) {
          throw new InteractionFailure(
            'download_blocked',
            `downloadUri redirected to a ${current.protocol} URL; only http and https are fetched.`,
          );
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new InteractionFailure(
          status >= 500 || status === 429 ? 'download_failed' : 'download_http_error',
          `Fetching downloadUri returned HTTP ${status} from ${current.host}.`,
        );
      }
      const declaredLength = Number(response.headers['content-length']);
      if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) {
        response.resume();
        throw tooLarge(options.maxBytes);
      }
      const { bytes } = await blobs.put(key, response as Readable, {
        maxBytes: options.maxBytes,
        signal: combined,
      });
      if (bytes === 0)
        throw new InteractionFailure('download_http_error', `downloadUri returned an empty body.`);
      return { bytes, filename: filenameOf(current) };
    }
  } catch (error) {
    if (error instanceof InteractionFailure) throw error;
    if (error instanceof BlobTooLargeError) throw tooLarge(options.maxBytes);
    if (deadline.aborted) {
      throw new InteractionFailure(
        'download_timeout',
        `Fetching downloadUri did not finish within ${options.timeoutMs} ms (PARLEY_DOWNLOAD_TIMEOUT_MS).`,
        { cause: error },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new InteractionFailure(
      'download_unreachable',
      `Could not fetch downloadUri from ${current.host}: ${reason}`,
      {
        cause: error,
      },
    );
  }
}

function tooLarge(maxBytes: number): InteractionFailure {
  return new InteractionFailure(
    'download_too_large',
    `The file at downloadUri is larger than ${maxBytes} bytes (PARLEY_MAX_DOWNLOAD_BYTES).`,
  );
}

function filenameOf(url: URL): string | null {
  const name = basename(decodeURIComponent(url.pathname));
  return name === '' || name === '/' ? null : name;
}

async function request(
  url: URL,
  options: DownloadOptions,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const policy: OutboundPolicy = { allowPrivate: options.allowPrivate, blocked: blockedFailure };
  checkLiteralHost(url, policy);
  const checkedLookup = guardedLookup(url, policy);
  const agentless = { agent: false as const, lookup: checkedLookup, signal };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).get(
      url,
      { ...agentless, headers: { 'user-agent': 'parley-downloader', accept: '*/*' } },
      resolve,
    );
    req.on('error', reject);
  });
}

function blockedFailure(url: URL, reason: string): InteractionFailure {
  return new InteractionFailure(
    'download_blocked',
    `Refused to fetch downloadUri host ${url.hostname}: ${reason}. Use a publicly reachable URL, or set PARLEY_ALLOW_PRIVATE_DOWNLOADS=true on a server that may fetch from private networks.`,
  );
}
