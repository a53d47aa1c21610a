import { timingSafeEqual } from 'node:crypto';
import type { MailAccount } from '../domain.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import type { RelayCredential } from './relay-credential.js';

/** Last use is shown to people, not audited: minute precision spares a write per message. */
const LAST_USED_PRECISION_MS = 60_000;

/** Longer than any username or password this server issues: refused before any lookup. */
const MAX_USERNAME = 64;
const MAX_PASSWORD = 256;

/** Compared against when the username is unknown, so both answers take the same work. */
const NO_CREDENTIAL_HASH = hashToken('');

const hashBytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

/**
 * The relay's AUTH PLAIN / LOGIN check (issue 12): the credential and the account it sends as,
 * or null when the username is unknown, the password wrong, the credential revoked, the account
 * deleted, or its owner disabled (as a disabled user's API keys stop working). Hashes are
 * compared in constant time. Records the last use at most once a minute per credential.
 */
export async function authenticateRelay(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { username: string; password: string },
): Promise<{ credential: RelayCredential; account: MailAccount } | null> {
  if (input.username.length > MAX_USERNAME || input.password.length > MAX_PASSWORD) return null;
  const found = await deps.store.relayCredentials.findByUsername(input.username);
  const expected = hashBytes(found?.passwordHash ?? NO_CREDENTIAL_HASH);
  const given = hashBytes(hashToken(input.password));
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  if (!found || !matches) return null;
  const account = await deps.store.accounts.get(found.accountId);
  if (!account) return null;
  // Service mailboxes (issue 12) belong to the organisation (no user), who cannot be disabled.
  const ownerId: string | null = account.userId;
  const owner = ownerId === null ? null : await deps.store.users.get(ownerId);
  if (owner?.disabledAt) return null;
  const now = deps.clock.now();
  if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await deps.store.relayCredentials.setLastUsed(found.id, now);
    return { credential: { ...found, lastUsedAt: now }, account };
  }
  return { credential: found, account };
}
