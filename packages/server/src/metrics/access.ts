import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { ApiErrorCode } from '../errors/codes.js';

/** Why a request for /metrics is refused, in the shape both listeners answer with. */
export interface MetricsRefusal {
  statusCode: 401 | 403;
  code: Extract<ApiErrorCode, 'unauthorized' | 'forbidden'>;
  errorMessage: string;
}

/**
 * Who may read /metrics, decided in one place for the API port and the metrics port alike. The
 * tenant tokens never apply: metrics describe every tenant's traffic, so they are the operator's.
 * With PARLEY_METRICS_TOKEN, any client presenting it as a bearer token; without it, only clients
 * on this host. The address is the socket's own, never X-Forwarded-For, which a client can forge.
 */
export function metricsAccess(token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return function refusal(
    authorization: string | undefined,
    remoteAddress: string | undefined,
  ): MetricsRefusal | undefined {
    if (expected !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/iu.exec(authorization ?? '');
      if (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected)) return undefined;
      return {
        statusCode: 401,
        code: 'unauthorized',
        errorMessage:
          'Reading /metrics needs the metrics token: send Authorization: Bearer <PARLEY_METRICS_TOKEN>. API tokens do not apply here.',
      };
    }
    if (isLoopback(remoteAddress)) return undefined;
    return {
      statusCode: 403,
      code: 'forbidden',
      errorMessage:
        '/metrics answers only clients on the server itself. To scrape from elsewhere, set PARLEY_METRICS_TOKEN on the server and send it as Authorization: Bearer <token>.',
    };
  };
}

export type MetricsAccess = ReturnType<typeof metricsAccess>;

function digest(value: string): Buffer {
  // Equal-length digests let timingSafeEqual compare tokens of any length.
  return createHash('sha256').update(value).digest();
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}
