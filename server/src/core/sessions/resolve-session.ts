import type { Actor } from '../domain.js';
import { UnauthenticatedError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { sessionEnd, type OpenedSession } from './open-session.js';

/** Writing last-seen on every request would be a write per read; once a minute is enough to slide. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The actor behind a session cookie. A `settings` session acts as a plain user whatever the
 * user's role, so it reaches only that user's own accounts.
 */
export async function resolveSession(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<OpenedSession & { actor: Actor }> {
  const session = await deps.store.sessions.get(hashToken(token));
  const now = deps.clock.now();
  if (!session || sessionEnd(session) <= now) throw new UnauthenticatedError('Your session has ended; sign in again');
  const user = await deps.store.users.get(session.userId);
  if (!user || user.disabledAt) throw new UnauthenticatedError('Your session has ended; sign in again');
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.store.sessions.touch(session.idHash, now);
    session.lastSeenAt = now;
  }
  return { token, session, user, actor: { userId: user.id, role: session.scope === 'settings' ? 'user' : user.role } };
}
