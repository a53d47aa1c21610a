import { randomInt } from 'node:crypto';
import type { RelayCredentialCreate } from '@mailbridge/contract';
import { loadAccount } from '../accounts/load-account.js';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { InvalidInputError } from '../errors.js';
import { hashToken, newId, randomToken } from '../random-token.js';
import { Sensitive } from '../sensitive.js';
import type { RelayCredential } from './relay-credential.js';
import { normalizeNetwork } from './relay-network.js';

/**
 * Usernames are typed into printers' web pages: Crockford's base32 alphabet, lower case, has
 * no i, l, o or u to misread. Six of its characters give 2^30 names; a clash is drawn again.
 */
const USERNAME_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const USERNAME_PREFIX = 'relay-';
const USERNAME_RANDOM_CHARS = 6;
const USERNAME_ATTEMPTS = 8;

/**
 * 24 random bytes: 192 bits, 32 base64url characters. Well over the 128 bits a fast hash needs
 * to be as good as a slow one, and short enough for devices whose password field stops at 32.
 */
const PASSWORD_BYTES = 24;

/**
 * A password of PASSWORD_BYTES random bytes in base64url that does not start with `-`: command-line
 * tools take such a value for an option (swaks refuses `--auth-password -S3Gq…` with "Unknown
 * option"). Drawn again instead, so every other password stays equally likely.
 */
export function drawRelayPassword(): string {
  for (;;) {
    const password = randomToken(PASSWORD_BYTES);
    if (!password.startsWith('-')) return password;
  }
}

const drawUsername = (): string => USERNAME_PREFIX + Array.from({ length: USERNAME_RANDOM_CHARS }, () => USERNAME_ALPHABET[randomInt(USERNAME_ALPHABET.length)]).join('');

/** The networks in canonical form, without repeats; an InvalidInputError naming the first bad entry (`allowedNetworks.2`). */
export function normalizeNetworks(networks: readonly string[]): string[] {
  const out: string[] = [];
  networks.forEach((text, i) => {
    const r = normalizeNetwork(text);
    if (!r.ok) throw new InvalidInputError(`Invalid body: allowedNetworks.${i} ${r.reason}`, { details: [{ path: `allowedNetworks.${i}`, message: r.reason }] });
    if (!out.includes(r.network)) out.push(r.network);
  });
  return out;
}

/**
 * POST /accounts/{id}/relay-credentials: a username and password for the SMTP relay, sending as
 * the account. The password is returned here only; the database keeps its SHA-256 hash.
 */
export async function createRelayCredential(
  deps: Pick<Deps, 'store' | 'clock'>,
  actor: Actor,
  accountId: string,
  input: RelayCredentialCreate,
): Promise<{ credential: RelayCredential; password: Sensitive }> {
  await loadAccount(deps.store, actor, accountId);
  const allowedNetworks = normalizeNetworks(input.allowedNetworks ?? []);
  const password = drawRelayPassword();
  const base = {
    id: newId(),
    accountId,
    passwordHash: hashToken(password),
    description: input.description ?? null,
    allowedNetworks,
    bounces: input.bounces ?? true,
    createdAt: deps.clock.now(),
    lastUsedAt: null,
  };
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    const credential: RelayCredential = { ...base, username: drawUsername() };
    if ((await deps.store.relayCredentials.create(credential)) === 'created') return { credential, password: new Sensitive(password) };
  }
  // 8 clashes in a row among 2^30 names: the random source is broken, not the caller's input.
  throw new Error('Could not draw a free relay username');
}
