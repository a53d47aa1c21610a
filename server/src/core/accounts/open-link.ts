import { isReading } from '../mailbox/is-reading.js';
import { MailbridgeError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken, pkceChallenge, randomToken } from '../random-token.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { methodScopes } from '../link-scopes.js';

export const stateInvalid = (why: string) => new MailbridgeError('invalid_request', why, { diagnosis: 'state_invalid' });

/**
 * GET /oauth/start/{ticket}: spends the ticket, binds the attempt to this browser (the returned
 * key goes into an HttpOnly cookie) and gives Microsoft's authorize URL, with PKCE S256, the
 * account's address as login_hint and prompt=select_account.
 */
export async function openLink(deps: Deps, ticket: string, sessionHash: string | null = null): Promise<{ location: string; browserKey: string; state: string }> {
  const flow = await deps.store.linkFlows.findByTicketHash(hashToken(ticket));
  const now = deps.clock.now();
  if (!flow || flow.expiresAt <= now) throw stateInvalid('This link request is unknown or has expired');
  if (flow.sessionHash && flow.sessionHash !== sessionHash) throw stateInvalid('This link request belongs to another signed-in browser session');
  const browserKey = randomToken();
  if (!(await deps.store.linkFlows.bindBrowser(flow.state, hashToken(browserKey)))) throw stateInvalid('This link request was already opened');
  const account = await deps.store.accounts.get(flow.accountId);
  if (!account) throw stateInvalid('The mail account no longer exists');
  const app = await requireAppFor(deps.store, account);
  const location = deps.identity.authorizeUrl(app, {
    state: flow.state,
    codeChallenge: pkceChallenge(flow.codeVerifier.reveal()),
    redirectUri: flow.redirectUri,
    loginHint: account.email,
    scopes: methodScopes[account.sendingMethod].authorize(app, { ...account, reading: await isReading(deps.store, account.id) }),
  });
  return { location, browserKey, state: flow.state };
}
