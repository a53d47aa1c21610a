import { isReading } from '../mailbox/is-reading.js';
import { addressKey } from '@mailbridge/contract';
import type { MailAccount, MicrosoftApp, TokenResource, TokenSet } from '../domain.js';
import { appKey } from '../domain.js';
import { AppProblemError, MailbridgeError, ReconnectNeededError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hashToken } from '../random-token.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { methodScopes, scopesFor } from '../link-scopes.js';
import { markLinked } from './account-transitions.js';
import { stateInvalid } from './open-link.js';
import type { CallbackQuery } from '../ports.js';

/** Our states are 32 random bytes, base64url: anything else is not ours (and not safe in a cookie name). */
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export type LinkOutcome =
  | { ok: true; account: MailAccount; address: string }
  | { ok: false; error: MailbridgeError; account: MailAccount | null };

/**
 * GET /oauth/callback: checks the state (known, fresh, unused, same browser), redeems the code,
 * identifies the mailbox, checks it is the account's address, stores the tokens. Every failure
 * is returned with its diagnosis and recorded on the account, never thrown at the page.
 */
export async function completeLink(deps: Deps, query: CallbackQuery, browserKey: string | undefined): Promise<LinkOutcome> {
  if (!query.state) return { ok: false, error: stateInvalid('The answer from Microsoft has no state'), account: null };
  if (!STATE_FORMAT.test(query.state)) return { ok: false, error: stateInvalid('This link request is unknown'), account: null };
  const flow = await deps.store.linkFlows.findByState(query.state);
  const account = flow ? await deps.store.accounts.get(flow.accountId) : null;
  if (!flow || !account) return { ok: false, error: stateInvalid('This link request is unknown'), account: null };
  // Until the browser is proven to be the one that started the attempt, nothing is written:
  // whoever merely holds a state must not be able to change what the account shows.
  const refuse = (error: MailbridgeError): LinkOutcome => ({ ok: false, error, account: null });
  const fail = async (error: MailbridgeError): Promise<LinkOutcome> => {
    const now = deps.clock.now();
    await deps.store.accounts.update(account.id, { lastError: error.toProblem(now), updatedAt: now });
    return { ok: false, error, account };
  };
  const now = deps.clock.now();
  if (!browserKey || !flow.browserKeyHash || hashToken(browserKey) !== flow.browserKeyHash) {
    return refuse(stateInvalid('This link request was started in another browser'));
  }
  if (flow.expiresAt <= now) return fail(stateInvalid('This link request expired (after 10 minutes)'));
  if (!(await deps.store.linkFlows.markUsed(flow.state, now))) return fail(stateInvalid('This link request was already used'));
  let app: MicrosoftApp;
  try {
    app = await requireAppFor(deps.store, account);
  } catch (e) {
    return fail(e as MailbridgeError);
  }
  const params = { clientId: app.clientId, tenant: app.tenant, redirectUri: flow.redirectUri, address: account.email, adminConsentUrl: deps.identity.adminConsentUrl(app, flow.redirectUri) };
  if (query.error) return fail(deps.identity.redirectError({ error: query.error, error_description: query.error_description, error_subcode: query.error_subcode }, params));
  if (!query.code) return fail(stateInvalid('The answer from Microsoft has neither a code nor an error'));
  if (appKey(app) !== flow.appKey) return fail(new ReconnectNeededError('The Microsoft app changed while linking', { diagnosis: 'app_changed' }));
  try {
    return await redeem(deps, account, app, query.code, flow.codeVerifier.reveal(), flow.redirectUri, params);
  } catch (e) {
    if (!(e instanceof MailbridgeError)) throw e;
    if (e instanceof AppProblemError) await deps.store.apps.setLastError(app.id, e.toProblem(deps.clock.now()));
    return fail(e);
  }
}

async function redeem(deps: Deps, account: MailAccount, app: MicrosoftApp, code: string, codeVerifier: string, redirectUri: string, params: Record<string, string>): Promise<LinkOutcome> {
  // A token request names one resource: the code buys the sending method's token; Graph's (for
  // the mailbox's address) comes from the refresh token when the method's resource is another.
  const method = methodScopes[account.sendingMethod];
  const asked = method.authorize(app, { ...account, reading: await isReading(deps.store, account.id) });
  const grant = await deps.identity.redeemCode(app, { code, codeVerifier, redirectUri, scopes: scopesFor(asked, method.redeem) });
  if (!grant.idToken || !grant.refreshToken) {
    throw new ReconnectNeededError('Microsoft returned no id_token or refresh token (openid and offline_access are required)', { diagnosis: 'consent_required', params });
  }
  const now = deps.clock.now();
  const tokenSet = (g: { accessToken: TokenSet['accessToken']; expiresIn: number; scope: string }, refreshToken: TokenSet['refreshToken']): TokenSet => ({
    accessToken: g.accessToken,
    accessTokenExpiresAt: new Date(now.getTime() + g.expiresIn * 1000),
    refreshToken,
    scope: g.scope,
    updatedAt: now,
  });
  const tokens: Partial<Record<TokenResource, TokenSet>> = { [method.redeem]: tokenSet(grant, grant.refreshToken) };
  let graph = tokens.graph;
  if (!graph) {
    const g = await deps.identity.refresh(app, grant.refreshToken, scopesFor(asked, 'graph'));
    // The newest refresh token is every resource's.
    const newest = g.refreshToken ?? grant.refreshToken;
    graph = tokens.graph = tokenSet(g, newest);
    tokens[method.redeem] = { ...tokens[method.redeem]!, refreshToken: newest };
  }
  const profile = await deps.mailbox.profile(app.cloud, graph.accessToken);
  const address = profile.mail ?? profile.userPrincipalName ?? grant.idToken.preferredUsername ?? '';
  const candidates = [profile.mail, profile.userPrincipalName, grant.idToken.preferredUsername].filter((a): a is string => !!a).map(addressKey);
  // Microsoft may spell the address in another case or Unicode form than the account was created with.
  if (!candidates.includes(addressKey(account.email))) {
    throw new MailbridgeError('forbidden', `The mailbox that signed in (${address}) is not ${account.email}`, {
      diagnosis: 'mailbox_mismatch',
      params: { ...params, linkedAddress: address },
    });
  }
  await markLinked(deps, account.id, tokens, { linkedAddress: address, msTenantId: grant.idToken.tid, msObjectId: grant.idToken.oid, linkedAppKey: appKey(app) });
  if (app.lastError) await deps.store.apps.setLastError(app.id, null);
  return { ok: true, account: (await deps.store.accounts.get(account.id))!, address };
}
