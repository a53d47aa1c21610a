import type { z } from 'zod';
import type { AcceptInvitation } from '@mailbridge/contract';
import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { openSession, type OpenedSession } from '../sessions/open-session.js';
import { hashPassword } from './password-hash.js';

const invalid = () =>
  new InvalidInputError('This invitation link is not valid: it was used, has expired (after 7 days) or was replaced by a newer one. Ask your administrator for a new one.', {
    details: [{ path: 'token', message: 'not valid, used or expired' }],
  });

/** POST /invitations/accept: sets the password, ends the user's other sessions, signs in. */
export async function acceptInvitation(deps: Pick<Deps, 'store' | 'clock'>, input: z.infer<typeof AcceptInvitation>): Promise<OpenedSession> {
  const passwordHash = await hashPassword(input.password);
  const spent = await deps.store.oneTimeTokens.consume(hashToken(input.token), 'invitation', deps.clock.now());
  const user = spent?.userId ? await deps.store.users.get(spent.userId) : null;
  if (!user || user.disabledAt) throw invalid();
  await deps.store.users.update(user.id, { passwordHash });
  await deps.store.sessions.deleteForUser(user.id);
  return openSession(deps, { ...user, passwordHash }, 'full');
}
