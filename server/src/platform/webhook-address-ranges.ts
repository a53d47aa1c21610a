import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Address ranges a webhook may never reach (issue 8, "No SSRF"), as data (docs/architecture.md
 * rule 6). The first matching row wins, so narrower rows come before the wider ones they sit in.
 * Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 */
interface RangeRow {
  readonly cidr: string;
  /** Completes "<address> is …". */
  readonly what: string;
  /** Loopback is the one kind MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE lets through (tests' receivers). */
  readonly loopback?: true;
}

const V4_ROWS: readonly RangeRow[] = [
  { cidr: '0.0.0.0/8', what: 'an unspecified ("this network") address' }, // RFC 791, RFC 1122 §3.2.1.3
  { cidr: '127.0.0.0/8', what: 'a loopback address', loopback: true }, // RFC 1122 §3.2.1.3
  { cidr: '10.0.0.0/8', what: 'a private address' }, // RFC 1918
  { cidr: '172.16.0.0/12', what: 'a private address' },
  { cidr: '192.168.0.0/16', what: 'a private address' },
  { cidr: '100.64.0.0/10', what: 'a carrier-grade NAT (shared) address' }, // RFC 6598
  { cidr: '169.254.0.0/16', what: 'a link-local address' }, // RFC 3927; cloud metadata lives here
  { cidr: '192.0.0.0/24', what: 'a reserved (IETF protocol assignment) address' }, // RFC 6890
  { cidr: '192.0.2.0/24', what: 'a documentation address' }, // RFC 5737
  { cidr: '198.51.100.0/24', what: 'a documentation address' },
  { cidr: '203.0.113.0/24', what: 'a documentation address' },
  { cidr: '192.88.99.0/24', what: 'a reserved (6to4 relay anycast) address' }, // RFC 7526
  { cidr: '198.18.0.0/15', what: 'a benchmarking address' }, // RFC 2544
  { cidr: '224.0.0.0/4', what: 'a multicast address' }, // RFC 5771
  { cidr: '255.255.255.255/32', what: 'the broadcast address' }, // RFC 919
  { cidr: '240.0.0.0/4', what: 'a reserved address' }, // RFC 1112 §4
];

const V6_ROWS: readonly RangeRow[] = [
  { cidr: '::/128', what: 'an unspecified address' }, // RFC 4291 §2.5.2
  { cidr: '::1/128', what: 'a loopback address', loopback: true }, // RFC 4291 §2.5.3
  { cidr: 'fc00::/7', what: 'a private (unique local) address' }, // RFC 4193
  { cidr: 'fec0::/10', what: 'a private (site-local) address' }, // RFC 3879
  { cidr: 'fe80::/10', what: 'a link-local address' }, // RFC 4291 §2.5.6
  { cidr: 'ff00::/8', what: 'a multicast address' }, // RFC 4291 §2.7
  { cidr: '100::/64', what: 'a reserved (discard-only) address' }, // RFC 6666
  { cidr: '64:ff9b:1::/48', what: 'a local-use NAT64 address' }, // RFC 8215
  { cidr: '2001::/32', what: 'a Teredo tunnel address' }, // RFC 4380: embeds an obfuscated IPv4
  { cidr: '2001:2::/48', what: 'a benchmarking address' }, // RFC 5180
  { cidr: '2001:db8::/32', what: 'a documentation address' }, // RFC 3849
  { cidr: '3fff::/20', what: 'a documentation address' }, // RFC 9637
];

/**
 * IPv6 ranges that carry an IPv4 address, which is what the packets finally reach: the embedded
 * address is checked against V4_ROWS. `at` is the index of its first 16-bit part.
 */
interface EmbeddingRow {
  readonly cidr: string;
  readonly what: string;
  readonly at: number;
}

const V6_EMBEDDING_ROWS: readonly EmbeddingRow[] = [
  { cidr: '::ffff:0:0/96', what: 'an IPv4-mapped IPv6 address', at: 6 }, // RFC 4291 §2.5.5.2
  { cidr: '::ffff:0:0:0/96', what: 'an IPv4-translated IPv6 address', at: 6 }, // RFC 6145
  { cidr: '64:ff9b::/96', what: 'a NAT64 address', at: 6 }, // RFC 6052
  { cidr: '::/96', what: 'an IPv4-compatible IPv6 address', at: 6 }, // RFC 4291 §2.5.5.1 (deprecated)
  { cidr: '2002::/16', what: 'a 6to4 address', at: 1 }, // RFC 3056
];

/** Everything else outside 2000::/3 is unassigned or reserved by IANA. */
const V6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

const parsed = <T extends { cidr: string }>(rows: readonly T[]) =>
  rows.map((row) => ({ ...row, range: ipaddr.parseCIDR(row.cidr) }));
const V4 = parsed(V4_ROWS);
const V6 = parsed(V6_ROWS);
const V6_EMBEDDING = parsed(V6_EMBEDDING_ROWS);

/** Why an address is forbidden: "<address> is <what>". */
export interface ForbiddenAddress {
  readonly what: string;
  /** Plain loopback (127/8, ::1), allowed when MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE=true. */
  readonly loopback: boolean;
}

/**
 * Classifies an IP address (as text, IPv4 dotted-quad or IPv6 without brackets) a webhook might
 * connect to: undefined when it is a public unicast address, otherwise why it is forbidden. A
 * string that is not an IP address is forbidden too, so a caller can never mistake it for safe.
 * IPv6 forms embedding an IPv4 address are judged by it, and never count as loopback: a test
 * receiver needs 127.0.0.1 or ::1, and the wrapped forms are a classic filter bypass.
 */
export function classifyAddress(address: string): ForbiddenAddress | undefined {
  const family = isIP(address);
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(address));
  const canonical = family === 6 ? canonicalV6(address) : undefined;
  if (canonical === undefined) return { what: 'not an IP address', loopback: false };
  const v6 = ipaddr.IPv6.parse(canonical);
  const row = V6.find((r) => v6.match(r.range));
  if (row) return { what: row.what, loopback: row.loopback === true };
  const wrapper = V6_EMBEDDING.find((r) => v6.match(r.range));
  if (wrapper) {
    const p = v6.parts;
    const hi = p[wrapper.at]!;
    const lo = p[wrapper.at + 1]!;
    const v4 = new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
    const inner = classifyV4(v4);
    return inner ? { what: `${wrapper.what} of ${v4.toString()}, ${inner.what}`, loopback: false } : undefined;
  }
  if (!v6.match(V6_GLOBAL_UNICAST)) return { what: 'a reserved address (outside global unicast 2000::/3)', loopback: false };
  return undefined;
}

/**
 * The hex form of an IPv6 address, as Node's URL parser writes it ("::127.0.0.1" → "::7f00:1"):
 * ipaddr.js reads the deprecated "::a.b.c.d" spelling as "::ffff:a.b.c.d", and getaddrinfo may
 * print IPv4-compatible addresses that way. A zone ("fe80::1%eth0") does not change the range.
 */
function canonicalV6(address: string): string | undefined {
  try {
    return new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

function classifyV4(ip: ipaddr.IPv4): ForbiddenAddress | undefined {
  const row = V4.find((r) => ip.match(r.range));
  return row ? { what: row.what, loopback: row.loopback === true } : undefined;
}
