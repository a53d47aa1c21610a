/**
 * For unauthenticated calls that spend a one-time token and hash a password (first admin,
 * invitations): a slow scrypt per request must not be free to repeat, and 256-bit tokens need no
 * more than a handful of honest tries.
 */
export const TOKEN_GUESS_LIMIT = { max: 10, timeWindow: 5 * 60_000 } as const;
