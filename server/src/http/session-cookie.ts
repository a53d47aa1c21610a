import type { FastifyReply } from 'fastify';
import type { Deps } from '../core/deps.js';
import type { OpenedSession } from '../core/sessions/open-session.js';

export const SESSION_COOKIE = 'mb_session';

/**
 * HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site subrequests), Secure when
 * served over https. It lives until the session's absolute end; the idle end is the server's.
 */
export function setSessionCookie(reply: FastifyReply, deps: Pick<Deps, 'publicUrl' | 'clock'>, opened: OpenedSession): void {
  const maxAge = Math.max(0, Math.floor((opened.session.expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
  reply.setCookie(SESSION_COOKIE, opened.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.publicUrl.startsWith('https:'), maxAge });
}

export function clearSessionCookie(reply: FastifyReply, deps: Pick<Deps, 'publicUrl'>): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.publicUrl.startsWith('https:') });
}
