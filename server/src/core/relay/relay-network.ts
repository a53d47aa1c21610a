import ipaddr from 'ipaddr.js';

// Where a relay credential may be used from (issue 12): a list of networks in CIDR notation,
// empty for anywhere. Parsing is ipaddr.js's (pure computation, no I/O: allowed in core/ by
// eslint.config.js). IPv4 is accepted only as four decimal numbers without leading zeros:
// inet_aton's other forms (`127.1`, octal `0177.0.0.1`) read differently to different programs.

type Parsed = { ok: true; network: string } | { ok: false; reason: string };

const V4_BITS = 32;
const V6_BITS = 128;
/** ::ffff:0:0/96 (RFC 4291 §2.5.5.2): an IPv4 address seen through an IPv6 socket. */
const MAPPED_PREFIX = 96;

/**
 * The canonical form of a network, for storing and comparing: `192.0.2.0/24`, `2001:db8::/32`
 * (RFC 5952 text), a single address as /32 or /128, host bits cleared, an IPv4-mapped IPv6
 * network (::ffff:192.0.2.0/120) as the IPv4 one. Otherwise the reason it is not a network.
 */
export function normalizeNetwork(text: string): Parsed {
  const [address = '', prefix, ...extra] = text.trim().split('/');
  if (extra.length > 0) return { ok: false, reason: 'must be an IP address or a CIDR network such as 192.0.2.0/24' };
  if (prefix !== undefined && !/^[0-9]{1,3}$/.test(prefix)) return { ok: false, reason: 'has a prefix length that is not a number' };
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) addr = ipaddr.IPv4.parse(address);
  else if (address.includes(':') && !address.includes('%') && ipaddr.IPv6.isValid(address)) addr = ipaddr.IPv6.parse(address);
  else return { ok: false, reason: 'must be an IP address or a CIDR network such as 192.0.2.0/24 (IPv4 as four decimal numbers)' };
  const max = addr.kind() === 'ipv4' ? V4_BITS : V6_BITS;
  let bits = prefix === undefined ? max : Number(prefix);
  if (bits > max) return { ok: false, reason: `has a prefix length of /${bits}, longer than an ${addr.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} address (${max} bits)` };
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= MAPPED_PREFIX) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
    bits -= MAPPED_PREFIX;
  }
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`).toString() : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${bits}`).toRFC5952String();
  return { ok: true, network: `${network}/${bits}` };
}

/**
 * Whether a client at `remoteAddress` (as the socket reports it: `192.0.2.7`, `2001:db8::1`, or
 * `::ffff:192.0.2.7` from a dual-stack listener) may use a credential limited to
 * `allowedNetworks`. An empty list allows any address; an address that does not parse is
 * allowed by nothing else. IPv4 clients match IPv4 networks, IPv6 clients IPv6 networks
 * (0.0.0.0/0 and ::/0 are one family each).
 */
export function isAllowedAddress(allowedNetworks: string[], remoteAddress: string): boolean {
  if (allowedNetworks.length === 0) return true;
  let remote: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // A zone (fe80::1%eth0) says which interface, not which host.
    remote = ipaddr.process(remoteAddress.replace(/%.*$/, ''));
  } catch {
    return false;
  }
  return allowedNetworks.some((text) => {
    const n = normalizeNetwork(text);
    if (!n.ok) return false;
    const [network, bits] = ipaddr.parseCIDR(n.network);
    return network.kind() === remote.kind() && remote.match(network, bits);
  });
}
