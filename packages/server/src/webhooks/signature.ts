import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header carrying the signature of a webhook delivery. */
export const SIGNATURE_HEADER = 'parley-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the tenant's signing secret>`.
 * Signing the timestamp with the body lets a receiver refuse replays of old deliveries.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * What a receiver does: recompute the MAC over the raw body and compare in constant time, and
 * refuse a timestamp older than `toleranceSeconds`.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isSafeInteger(timestamp) || given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = signWebhook(secret, body, timestamp).slice(`t=${timestamp},v1=`.length);
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}
