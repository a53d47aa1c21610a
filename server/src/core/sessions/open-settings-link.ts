import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { openSession, type OpenedSession } from './open-session.js';

/** Why a settings link was refused; the page words each (locale keys `settingsLink.<reason>`). */
export type SettingsLinkRefusal = 'unknown' | 'used' | 'expired' | 'user';

const refused = (reason: SettingsLinkRefusal, message: string) => new InvalidInputError(message, { params: { reason } });

/**
 * GET /settings-link/{token}: spends the link and opens a `settings` session for its user. Saying
 * which of used or expired it was tells nothing useful: the caller already holds the token.
 */
export async function openSettingsLink(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<OpenedSession> {
  const hash = hashToken(token);
  const spent = await deps.store.oneTimeTokens.consume(hash, 'settings_link', deps.clock.now());
  if (!spent) {
    const found = await deps.store.oneTimeTokens.find(hash);
    if (found?.kind !== 'settings_link') throw refused('unknown', 'This settings link is not valid');
    if (found.usedAt) throw refused('used', 'This settings link was already used');
    throw refused('expired', 'This settings link has expired (links last 5 minutes)');
  }
  const user = spent.userId ? await deps.store.users.get(spent.userId) : null;
  if (!user || user.disabledAt) throw refused('user', 'The user of this settings link no longer exists or is disabled');
  return openSession(deps, user, 'settings');
}
