import type { Deps } from '../deps.js';
import type { MailAccount } from '../domain.js';
import { InternalError, MailbridgeError, ReconnectNeededError } from '../errors.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { MailboxLoginRefusedError } from './mailbox-reader.js';

/**
 * Exchange Online answers `NO AUTHENTICATE failed.` both to a token it does not accept and to a
 * mailbox whose IMAP is switched off (docs/microsoft.md, IMAP). The reader only says a freshly
 * refreshed token was refused; here the same grant is tried on Graph (`/me`): accepted there,
 * IMAP itself is off (`imap_disabled`, the admin must enable it, relinking would not help);
 * refused there too, the grant is the problem and the user must link again.
 */
export async function diagnoseReadFailure(deps: Deps, account: MailAccount, error: unknown): Promise<MailbridgeError> {
  if (!(error instanceof MailboxLoginRefusedError)) return error instanceof MailbridgeError ? error : new InternalError('The mailbox sync stopped on an unexpected error', { cause: error });
  try {
    const app = await requireAppFor(deps.store, account);
    const token = await deps.tokens.get(deps, account, app, 'graph');
    await deps.mailbox.profile(app.cloud, token);
    return error;
  } catch (e) {
    if (e instanceof ReconnectNeededError) return e;
    // Graph unreachable or busy says nothing of the grant: the sync tries again later.
    if (e instanceof MailbridgeError && (e.code === 'provider_unavailable' || e.code === 'throttled')) return e;
    return new ReconnectNeededError('The mail server and Microsoft Graph both refused this mailbox\'s sign-in', { diagnosis: 'grant_revoked', cause: e, ...(error.microsoftText ? { microsoftText: error.microsoftText } : {}) });
  }
}
