import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './resolve-webhook-target.js';

/** dns.LookupOptions.family: 4, 6, 'IPv4', 'IPv6'; 0 or absent means either. */
const FAMILIES: Readonly<Record<string, 4 | 6>> = { '4': 4, '6': 6, IPv4: 4, IPv6: 6 };

/**
 * A `lookup` for `http.request`/`https.request` that answers every query with addresses already
 * checked, so the socket connects only to them while the URL keeps its host name (Host header,
 * TLS SNI and certificate check). Node asks with `all: true` when it races IPv4 and IPv6
 * (autoSelectFamily, "Happy Eyeballs", RFC 8305), and for one address otherwise.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  const list: LookupAddress[] = addresses.map(({ address, family }) => ({ address, family }));
  return (_hostname: string, options: LookupOptions, callback) => {
    const family = FAMILIES[String(options.family)];
    const wanted = family ? list.filter((a) => a.family === family) : list;
    const first = wanted[0];
    if (!first) {
      const err: NodeJS.ErrnoException = new Error(`no checked IPv${String(family)} address`);
      err.code = 'ENOTFOUND';
      callback(err, '', 0);
      return;
    }
    if (options.all) callback(null, wanted);
    else callback(null, first.address, first.family);
  };
}
