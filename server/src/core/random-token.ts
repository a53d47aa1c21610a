import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 256 bits of randomness, URL-safe: states, tickets, cookies, PKCE verifiers, API keys. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Lookup hash for high-entropy tokens (API keys, tickets): SHA-256 suffices, no salt needed. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** PKCE S256 challenge (RFC 7636 §4.2). */
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export const newId = (): string => randomUUID();

/**
 * A UUID version 7 (RFC 9562 §5.7): the first 48 bits are the Unix time in milliseconds, the
 * other 74 random. For rows inserted at a high rate (outbox messages, events): consecutive ids
 * sort together, so their primary-key index grows at one end instead of dirtying a random page of
 * it per row (SQLite's WAL and checkpoints, PostgreSQL's B-trees).
 */
export function newTimeOrderedId(now = Date.now()): string {
  // A version 4 UUID (Node draws them from a cached pool of random bytes, far cheaper than
  // randomBytes(16) per id) has its random bits where version 7 has them, after its first 48
  // bits and its version digit; the variant bits are the same.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
