import ipaddr from 'ipaddr.js';

/**
 * The range an IP address falls in, as ipaddr.js names it ('unicast' for a public address,
 * else 'loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'reserved', …).
 * An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries;
 * anything ipaddr.js cannot parse (zone ids, garbage) is 'invalid'.
 */
export function addressRange(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return 'invalid';
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  }
  return parsed.range();
}

/**
 * Whether an outbound request may connect to this address: only public unicast. That refuses
 * loopback, private (RFC 1918), link-local (169.254.0.0/16, the cloud metadata address included),
 * unique-local IPv6, carrier-grade NAT (100.64.0.0/10, Alibaba's metadata), 0.0.0.0, multicast,
 * reserved and documentation ranges, and the IPv6 forms that embed an IPv4 address (6to4, Teredo,
 * NAT64), whose target we could not judge.
 */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** An IP literal in the form both URL hosts and the allowlist compare by: IPv6 compressed, no brackets. */
export function canonicalAddress(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : null;
}
