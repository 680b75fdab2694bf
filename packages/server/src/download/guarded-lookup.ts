import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { whyBlocked } from './address-policy.js';

/**
 * The address policy for every outbound connection Parley makes on a client's say-so (downloadUri
 * fetches, webhook deliveries). A literal IP in the URL is checked at once; a host name is resolved
 * and the connection goes to the very address that was checked, so a second DNS answer cannot
 * point it somewhere private (DNS rebinding).
 */
export interface OutboundPolicy {
  allowPrivate: boolean;
  /** Builds the error for a refused target; `reason` says which range the address is in. */
  blocked: (url: URL, reason: string) => Error;
}

/** Throws the policy's error when the URL names a forbidden IP literal; host names pass here. */
export function checkLiteralHost(url: URL, policy: OutboundPolicy): void {
  if (policy.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return;
  const reason = whyBlocked(host);
  if (reason !== undefined) throw policy.blocked(url, reason);
}

/** A `lookup` for http(s).request that only ever yields an address the policy allows. */
export function guardedLookup(url: URL, policy: OutboundPolicy): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = policy.allowPrivate
        ? addresses
        : addresses.filter((a) => whyBlocked(a.address) === undefined);
      const chosen = usable[0];
      if (chosen === undefined) {
        const first = addresses[0]?.address ?? hostname;
        return callback(policy.blocked(url, `${hostname} resolves to ${whyBlocked(first) ?? first}`), '', 0);
      }
      // With `all: true` Node expects the list form; the callback's declared type only knows the single form.
      if (lookupOptions.all) return callback(null, [chosen] as unknown as string, chosen.family);
      return callback(null, chosen.address, chosen.family);
    });
  };
}
