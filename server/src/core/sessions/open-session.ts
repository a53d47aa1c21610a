import { createHmac } from 'node:crypto';
import type { Session, User } from '../domain.js';
import type { Deps } from '../deps.js';
import { hashToken, randomToken } from '../random-token.js';

/** A session ends after 12 hours without use, and after 7 days in any case (OWASP session management). */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;

export interface OpenedSession {
  /** The cookie value: 256 random bits. Only its hash is stored. */
  token: string;
  session: Session;
  user: User;
}

/** When this session ends if it is not used again. */
export const sessionEnd = (s: Session): Date => new Date(Math.min(s.lastSeenAt.getTime() + SESSION_IDLE_MS, s.expiresAt.getTime()));

/**
 * The session's CSRF token: an HMAC keyed by the session token, so it needs no storage, differs
 * from the stored id hash, and cannot be computed without the HttpOnly cookie.
 */
export const csrfTokenFor = (sessionToken: string): string => createHmac('sha256', sessionToken).update('mailbridge csrf v1').digest('base64url');

/** Signs a user in: a fresh token (never reused, so a planted one can't be adopted). */
export async function openSession(deps: Pick<Deps, 'store' | 'clock'>, user: User, scope: Session['scope']): Promise<OpenedSession> {
  const now = deps.clock.now();
  const token = randomToken();
  const session: Session = { idHash: hashToken(token), userId: user.id, scope, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_MAX_MS) };
  await deps.store.sessions.deleteExpired(now, new Date(now.getTime() - SESSION_IDLE_MS));
  await deps.store.sessions.create(session);
  return { token, session, user };
}
