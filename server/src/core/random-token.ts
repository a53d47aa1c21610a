import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 256 bits of randomness, URL-safe: states, tickets, cookies, PKCE verifiers, API keys. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Lookup hash for high-entropy tokens (API keys, tickets): SHA-256 suffices, no salt needed. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** PKCE S256 challenge (RFC 7636 §4.2). */
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export const newId = (): string => randomUUID();
