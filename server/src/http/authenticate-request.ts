import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Endpoint } from '@mailbridge/contract';
import type { Actor } from '../core/domain.js';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.js';
import type { Deps } from '../core/deps.js';
import { authenticate } from '../core/users/authenticate.js';
import { csrfTokenFor, type OpenedSession } from '../core/sessions/open-session.js';
import { resolveSession } from '../core/sessions/resolve-session.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** Bearer API key from the Authorization header (RFC 6750 §2.1). */
const bearer = (h: string | undefined) => (h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined);

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/** What a `settings` session (from a signed settings link) may call: its own mail settings. */
const SETTINGS_SCOPE = new Set(['get /session', 'delete /session', 'get /me', 'get /me/api-keys', 'post /me/api-keys', 'delete /me/api-keys/{keyId}']);
const allowedInSettingsScope = (e: Endpoint) => e.path === '/accounts' || e.path.startsWith('/accounts/') || SETTINGS_SCOPE.has(`${e.method} ${e.path}`);

function csrfMatches(sent: string | string[] | undefined, sessionToken: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(csrfTokenFor(sessionToken));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The caller: an API key (Authorization: Bearer) or else the session cookie. A key needs no CSRF
 * token (a cross-site page cannot set that header); a session must echo its CSRF token in
 * X-CSRF-Token on every state-changing call.
 */
export async function authenticateRequest(deps: Deps, request: FastifyRequest, endpoint: Endpoint): Promise<{ actor: Actor; session?: OpenedSession }> {
  const key = bearer(request.headers.authorization);
  if (key !== undefined) return { actor: await authenticate(deps, key) };
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new UnauthenticatedError('Sign in, or send an API key (Authorization: Bearer <key>)');
  const session = await resolveSession(deps, token);
  if (STATE_CHANGING.has(endpoint.method) && !csrfMatches(request.headers['x-csrf-token'], token)) throw new ForbiddenError('Missing or invalid CSRF token');
  if (session.session.scope === 'settings' && !allowedInSettingsScope(endpoint)) {
    throw new ForbiddenError('This session was opened from a settings link and reaches only your mail settings');
  }
  return { actor: session.actor, session };
}
