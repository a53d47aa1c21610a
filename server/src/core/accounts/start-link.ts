import type { LinkStarted } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import { appKey } from '../domain.js';
import type { Deps } from '../deps.js';
import { Sensitive } from '../sensitive.js';
import { hashToken, randomToken } from '../random-token.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { loadAccount } from './load-account.js';
import { ConflictError } from '../errors.js';

/** How long a link attempt may take, from the API call to the callback. */
export const LINK_TTL_MS = 10 * 60_000;

/**
 * POST /accounts/{id}/link. Returns a single-use Mailbridge URL (not Microsoft's): opening it binds
 * the attempt to that browser with a cookie, so a forwarded URL can't link someone else's mailbox.
 */
export async function startLink(deps: Deps, actor: Actor, accountId: string, sessionHash: string | null = null): Promise<LinkStarted> {
  const account = await loadAccount(deps.store, actor, accountId);
  if (deps.outbox.methods[account.sendingMethod].appOnly) {
    throw new ConflictError('A service mailbox is not linked: the organisation app sends from it with application permissions (POST /microsoft-app/app-only/check tries it)');
  }
  const app = await requireAppFor(deps.store, account);
  const now = deps.clock.now();
  const ticket = randomToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await deps.store.linkFlows.deleteExpired(now);
  await deps.store.linkFlows.create({
    state: randomToken(),
    accountId: account.id,
    appKey: appKey(app),
    codeVerifier: new Sensitive(randomToken(48)),
    ticketHash: hashToken(ticket),
    browserKeyHash: null,
    sessionHash,
    redirectUri: deps.redirectUri,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { authorizeUrl: `${deps.publicUrl}/oauth/start/${ticket}`, redirectUri: deps.redirectUri, expiresAt: expiresAt.toISOString() };
}
