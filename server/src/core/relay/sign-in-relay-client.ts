import ipaddr from 'ipaddr.js';
import type { MailAccount } from '../domain.js';
import type { Deps } from '../deps.js';
import type { RateLimit } from '../ports.js';
import { authenticateRelay } from './authenticate-relay.js';
import type { RelayCredential } from './relay-credential.js';
import { isAllowedAddress } from './relay-network.js';

/** Issue 12: after 10 failed AUTHs in 5 minutes from one client or for one username, AUTH waits. */
export const RELAY_AUTH_FAILURES: RateLimit = { max: 10, windowMs: 5 * 60_000 };

/** As authenticate-relay.ts: longer than any username this server issues, looked up by nobody. */
const MAX_USERNAME = 64;

export type RelaySignIn =
  | { ok: true; credential: RelayCredential; account: MailAccount }
  /** `too_many_failures`: nothing was checked; `invalid`: counted as a failure; `network`: outside the credential's networks, not counted. */
  | { ok: false; reason: 'too_many_failures' | 'invalid' | 'network'; retryAfterSeconds: number };

/**
 * AUTH PLAIN / LOGIN on the relay. A client outside the credential's networks is refused first,
 * whatever password it gave (its password is not even checked, so it cannot be guessed from
 * there), and counted as no failure, neither for its address nor for the username: a misplaced
 * printer should not lock its username out for others, and nobody outside the networks can lock
 * a network-limited username out for the clients it is meant for. (That answer tells an outsider
 * that the username exists; usernames are not secrets, passwords are.) Other failures are
 * counted in the database, so every instance sees them: per client (an IPv6 client by its /64,
 * which one host usually has whole) and per username. Once either has 10 in its window, AUTH is
 * refused unchecked until the window ends by itself (storage/rate-limit-repository.ts); a success
 * does not reset it, so guessing stays bounded.
 */
export async function signInRelayClient(deps: Pick<Deps, 'store' | 'clock'>, input: { username: string; password: string; remoteAddress: string }): Promise<RelaySignIn> {
  const known = input.username.length <= MAX_USERNAME ? await deps.store.relayCredentials.findByUsername(input.username) : null;
  if (known && !isAllowedAddress(known.allowedNetworks, input.remoteAddress)) return { ok: false, reason: 'network', retryAfterSeconds: 0 };
  const keys = [`relay-auth:client:${clientKey(input.remoteAddress)}`, `relay-auth:username:${input.username.trim().toLowerCase()}`];
  const now = deps.clock.now();
  for (const key of keys) {
    const { allowed, retryAfterSeconds } = await deps.store.rateLimits.check(key, RELAY_AUTH_FAILURES, now);
    if (!allowed) return { ok: false, reason: 'too_many_failures', retryAfterSeconds };
  }
  const found = await authenticateRelay(deps, { username: input.username, password: input.password });
  if (!found) {
    for (const key of keys) await deps.store.rateLimits.hit(key, RELAY_AUTH_FAILURES, now);
    return { ok: false, reason: 'invalid', retryAfterSeconds: 0 };
  }
  // The credential may have changed between the two reads: its networks are checked again.
  if (!isAllowedAddress(found.credential.allowedNetworks, input.remoteAddress)) return { ok: false, reason: 'network', retryAfterSeconds: 0 };
  return { ok: true, ...found };
}

/** The address failures are counted under: IPv4 (also mapped into IPv6) as is, IPv6 by its /64. */
function clientKey(remoteAddress: string): string {
  try {
    const a = ipaddr.process(remoteAddress.replace(/%.*$/, ''));
    if (a.kind() === 'ipv4') return a.toString();
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${a.toString()}/64`).toRFC5952String()}/64`;
  } catch {
    return remoteAddress;
  }
}
