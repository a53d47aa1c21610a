import type { RateLimit } from '../core/ports.js';

/**
 * For unauthenticated calls that spend a one-time token and hash a password (first admin,
 * invitations), per client address: a slow scrypt per request must not be free to repeat, and
 * 256-bit tokens need no more than a handful of honest tries.
 */
export const TOKEN_GUESS_LIMIT: RateLimit = { max: 10, windowMs: 5 * 60_000 };

export const TOKEN_GUESS_MESSAGE = 'Too many attempts from this address; wait a few minutes';
