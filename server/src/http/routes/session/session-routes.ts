import { SESSION_COOKIE } from '../../session-cookie.js';
import { resolveSession } from '../../../core/sessions/resolve-session.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { UnauthenticatedError } from '../../../core/errors.js';
import { signIn } from '../../../core/sessions/sign-in.js';
import { acceptInvitation } from '../../../core/users/accept-invitation.js';
import { TOKEN_GUESS_LIMIT } from '../../token-guess-limit.js';
import { clientBudget } from '../../client-budget.js';
import { defineRoute } from '../../define-route.js';
import { presentSession } from '../../present.js';
import { clearSessionCookie, setSessionCookie } from '../../session-cookie.js';

/**
 * Sign-in attempts per client address and email: 10 per 5 minutes (OWASP authentication cheat
 * sheet: throttle guessing without letting a stranger lock a user out from everywhere).
 */
const LOGIN_LIMIT_PER_CLIENT = { max: 50, windowMs: 5 * 60_000, message: 'Too many sign-in attempts from this address; wait a few minutes' };

const LOGIN_LIMIT = {
  max: 10,
  timeWindow: 5 * 60_000,
  // After body parsing, so the key can include the address being tried.
  hook: 'preHandler',
  keyGenerator: (request: FastifyRequest) => {
    const email = (request.body as { email?: unknown } | undefined)?.email;
    return `${request.ip}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
  },
  errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
    Object.assign(new Error(`Too many sign-in attempts; try again in ${context.after}`), { statusCode: 429 }),
};

/** Sign in and out, read the session, and accept an invitation (which signs in). */
export function sessionRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    deps,
    endpoints.createSession,
    async ({ deps, body, reply }) => {
      const opened = await signIn(deps, body);
      setSessionCookie(reply, deps, opened);
      return presentSession(opened);
    },
    // Per address tried, and per client whatever the address (password spraying).
    { config: { rateLimit: LOGIN_LIMIT }, preHandler: [clientBudget(LOGIN_LIMIT_PER_CLIENT)] },
  );
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
  defineRoute(app, deps, endpoints.acceptInvitation, async ({ deps, body, reply }) => {
    const opened = await acceptInvitation(deps, body);
    setSessionCookie(reply, deps, opened);
    return presentSession(opened);
  }, { config: { rateLimit: TOKEN_GUESS_LIMIT } });
}
