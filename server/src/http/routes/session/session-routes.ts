import type { FastifyInstance } from 'fastify';
import { addressKey, endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { UnauthenticatedError } from '../../../core/errors.js';
import type { RateLimit } from '../../../core/ports.js';
import { enforceRateLimit } from '../../../core/rate-limits/enforce-rate-limit.js';
import { resolveSession } from '../../../core/sessions/resolve-session.js';
import { signIn } from '../../../core/sessions/sign-in.js';
import { acceptInvitation } from '../../../core/users/accept-invitation.js';
import { TOKEN_GUESS_LIMIT, TOKEN_GUESS_MESSAGE } from '../../token-guess-limit.js';
import { defineRoute } from '../../define-route.js';
import { presentSession } from '../../present.js';
import { clearSessionCookie, setSessionCookie, SESSION_COOKIE } from '../../session-cookie.js';

/**
 * Sign-in attempts, counted in the database so every instance shares them, before the password
 * hash (a refused attempt costs no scrypt) and whatever the address (equal work for unknown users).
 * Per client address and email, 10 per 5 minutes (OWASP authentication cheat sheet: throttle
 * guessing without letting a stranger lock a user out from everywhere); per client address
 * whatever the email, 50 per 5 minutes (password spraying).
 */
export const SIGN_IN_LIMIT: RateLimit = { max: 10, windowMs: 5 * 60_000 };
export const SIGN_IN_LIMIT_PER_CLIENT: RateLimit = { max: 50, windowMs: 5 * 60_000 };
/**
 * Per email address from every client address together, 100 per hour: the limits above are per
 * client address, and an attacker with many addresses (a botnet, an IPv6 /64) would otherwise get
 * 10 fresh tries from each. The trade-off (OWASP Authentication Cheat Sheet, "Account Lockout"):
 * whoever passes this ceiling locks the address's password sign-in for up to an hour, so it is
 * set far above what a person types, and only password sign-in waits: sessions already open and
 * API keys work on. Counted for any address, known or not, so it answers alike for both.
 */
export const SIGN_IN_LIMIT_PER_ADDRESS: RateLimit = { max: 100, windowMs: 60 * 60_000 };
/** The counter of SIGN_IN_LIMIT_PER_ADDRESS: keyed like the account, so case and Unicode form make no new address. */
export const signInAddressLimitKey = (email: string): string => `sign-in:email:${addressKey(email)}`;

/** Sign in and out, read the session, and accept an invitation (which signs in). */
export function sessionRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.createSession, async ({ deps, body, reply, request }) => {
    await enforceRateLimit(deps, `sign-in:client:${request.ip}`, SIGN_IN_LIMIT_PER_CLIENT, 'Too many sign-in attempts from this address; wait a few minutes');
    // Keyed like the account itself: case and Unicode form do not make another address to try.
    await enforceRateLimit(deps, `sign-in:client-email:${request.ip}|${addressKey(body.email)}`, SIGN_IN_LIMIT, 'Too many sign-in attempts; wait a few minutes');
    // After the per-client limits: one client's refused attempts do not use up everyone's.
    await enforceRateLimit(deps, signInAddressLimitKey(body.email), SIGN_IN_LIMIT_PER_ADDRESS, 'Too many sign-in attempts for this address; wait and try again later');
    const opened = await signIn(deps, body);
    setSessionCookie(reply, deps, opened);
    return presentSession(opened);
  });
  // Being signed out is a normal state for a page, not an error: 204 rather than 401.
  defineRoute(app, deps, endpoints.getSession, async ({ deps, request }) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return undefined;
    try {
      return presentSession(await resolveSession(deps, token));
    } catch (e) {
      if (e instanceof UnauthenticatedError) return undefined;
      throw e;
    }
  });
  defineRoute(app, deps, endpoints.deleteSession, async ({ deps, session, reply }) => {
    if (session) await deps.store.sessions.delete(session.session.idHash);
    clearSessionCookie(reply, deps);
  });
  defineRoute(app, deps, endpoints.acceptInvitation, async ({ deps, body, reply, request }) => {
    await enforceRateLimit(deps, `invitation:client:${request.ip}`, TOKEN_GUESS_LIMIT, TOKEN_GUESS_MESSAGE);
    const opened = await acceptInvitation(deps, body);
    setSessionCookie(reply, deps, opened);
    return presentSession(opened);
  });
}
