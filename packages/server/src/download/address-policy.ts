import { BlockList, isIP } from 'node:net';

/**
 * Addresses a download must not reach unless private downloads are allowed: the machine itself,
 * its networks, and addresses that route nowhere public. Checked on the address actually
 * connected to, after DNS resolution.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64: may embed any IPv4 address
  ['2002::', 16], // 6to4: may embed any IPv4 address
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Why an address is refused, or undefined when it is public. */
export function whyBlocked(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1] !== undefined) return whyBlocked(mapped[1]);
  }
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a private, loopback, link-local or otherwise non-public address`
    : undefined;
}
