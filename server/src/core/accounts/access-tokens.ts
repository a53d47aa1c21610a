import type { MailAccount, MicrosoftApp, TokenResource, TokenSet } from '../domain.js';
import { AppProblemError, MailbridgeError, ProviderUnavailableError, ReconnectNeededError } from '../errors.js';
import type { Sensitive } from '../sensitive.js';
import type { Deps } from '../deps.js';
import { OUTLOOK, refreshScopes } from '../link-scopes.js';
import { markReconnectNeeded } from './account-transitions.js';

/** Refresh this long before expiry so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** A refresher that died frees the lease after this; a token request takes far less. */
const REFRESH_LEASE_MS = 30_000;
const LEASE_POLL_MS = 50;

const key = (accountId: string, resource: TokenResource) => `${accountId}:${resource}`;

/** A stored token worth handing out: not about to expire, and not the one Microsoft just refused. */
const usable = (set: TokenSet, now: Date, rejected?: Sensitive): boolean =>
  set.accessTokenExpiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS && set.accessToken.reveal() !== rejected?.reveal();

/**
 * Access tokens per account and resource (Graph; Exchange Online for SMTP and IMAP): cached in
 * memory, refreshed shortly before expiry, one refresh per account at a time across instances
 * (both resources rotate the same refresh token), the newest refresh token always stored. A
 * token is only ever handed out for the resource it was issued for.
 */
export class AccessTokens {
  readonly #cache = new Map<string, { token: Sensitive; expiresAt: number; scope: string }>();
  readonly #inflight = new Map<string, Promise<Sensitive>>();

  /**
   * A usable access token for `resource`. `rejected`: the token Microsoft just refused; a refresh
   * happens only if that is still the current one (so 50 parallel 401s cause one refresh, not 50).
   */
  get(deps: Deps, account: MailAccount, app: MicrosoftApp, resource: TokenResource = 'graph', rejected?: Sensitive): Promise<Sensitive> {
    const k = key(account.id, resource);
    const cached = this.#cache.get(k);
    const now = deps.clock.now().getTime();
    if (cached && cached.token !== rejected && cached.expiresAt - now > REFRESH_MARGIN_MS) return Promise.resolve(cached.token);
    const running = this.#inflight.get(k);
    if (running) return running;
    const p = this.#load(deps, account, app, resource, rejected).finally(() => this.#inflight.delete(k));
    this.#inflight.set(k, p);
    return p;
  }

  /** What the grant behind the current token allows (Microsoft's `scope`), once `get` has run. */
  grantedScope(accountId: string, resource: TokenResource = 'graph'): string | null {
    return this.#cache.get(key(accountId, resource))?.scope ?? null;
  }

  /**
   * Uses the refresh token now, even if the access token is still valid, unless it was used at or
   * after `usedSince` (keep-alive.ts: Microsoft drops a refresh token left unused for 90 days).
   * Under the lease `refresh:<account>` and checked again once holding it, so of several
   * instances exactly one asks Microsoft; another refresh under way → 'busy' (try again later).
   * A failure is recorded as for any refresh (reconnect needed, or the app's problem) and thrown.
   */
  async keepAlive(deps: Deps, account: MailAccount, app: MicrosoftApp, usedSince: Date): Promise<'refreshed' | 'fresh' | 'busy'> {
    const lease = `refresh:${account.id}`;
    // Its own owner name: a refresh `get` started in this process waits for it like any other.
    const owner = `${deps.outbox.instanceId}:keep-alive`;
    const now = deps.clock.now();
    const resource = deps.outbox.methods[account.sendingMethod].resource;
    if ([...this.#inflight.keys()].some((k) => k.startsWith(`${account.id}:`)) || !(await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + REFRESH_LEASE_MS), now))) return 'busy';
    try {
      const stored = await this.#stored(deps, account.id, resource);
      if (!stored || stored.updatedAt.getTime() >= usedSince.getTime()) return 'fresh';
      await this.#refresh(deps, account, app, stored, resource);
      return 'refreshed';
    } finally {
      await deps.store.leases.release(lease, owner);
    }
  }

  /**
   * Asks Microsoft now for a `resource` token with `permissions` (e.g. Mail.Send before switching
   * to Graph): granted when the user or an admin consented since the link, refused (AADSTS65001,
   * thrown) otherwise. Under the account's refresh lease, like any refresh.
   */
  async widen(deps: Deps, account: MailAccount, app: MicrosoftApp, resource: TokenResource, permissions: readonly string[]): Promise<string> {
    const lease = `refresh:${account.id}`;
    const owner = `${deps.outbox.instanceId}:widen`;
    for (let waited = 0; !(await deps.store.leases.acquire(lease, owner, new Date(deps.clock.now().getTime() + REFRESH_LEASE_MS), deps.clock.now())); waited += LEASE_POLL_MS) {
      if (waited >= REFRESH_LEASE_MS) throw new ProviderUnavailableError('Another Mailbridge instance is still refreshing this mailbox\'s token');
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
    try {
      const stored = await this.#stored(deps, account.id, resource);
      if (!stored) throw new ReconnectNeededError('The mailbox is not linked', { diagnosis: 'grant_expired' });
      const named = permissions.map((p) => (resource === 'outlook' ? `${OUTLOOK}/${p}` : p));
      await this.#refresh(deps, account, app, stored, resource, ['offline_access', ...named]);
      return this.grantedScope(account.id, resource) ?? '';
    } finally {
      await deps.store.leases.release(lease, owner);
    }
  }

  forget(accountId: string): void {
    for (const k of [...this.#cache.keys()]) if (k.startsWith(`${accountId}:`)) this.#cache.delete(k);
  }

  /** Keeps a resource's access token in memory until shortly before it expires; returns it. */
  #remember(accountId: string, resource: TokenResource, set: Pick<TokenSet, 'accessToken' | 'accessTokenExpiresAt' | 'scope'>): Sensitive {
    this.#cache.set(key(accountId, resource), { token: set.accessToken, expiresAt: set.accessTokenExpiresAt.getTime(), scope: set.scope });
    return set.accessToken;
  }

  /**
   * The stored tokens for `resource`; without any for it yet (a Graph token for an SMTP account
   * that only redeemed Exchange Online's), another resource's refresh token, its access token
   * marked expired so that it is never handed out for this resource.
   */
  async #stored(deps: Deps, accountId: string, resource: TokenResource): Promise<TokenSet | null> {
    const own = await deps.store.tokens.get(accountId, resource);
    if (own) return own;
    const other = await deps.store.tokens.get(accountId, resource === 'graph' ? 'outlook' : 'graph');
    return other ? { ...other, accessTokenExpiresAt: new Date(0), scope: '' } : null;
  }

  /**
   * Across instances one refresh per account at a time: the refresher holds the lease
   * `refresh:<account>`; the others wait for the token it stores (issue 7).
   */
  async #load(deps: Deps, account: MailAccount, app: MicrosoftApp, resource: TokenResource, rejected?: Sensitive): Promise<Sensitive> {
    const lease = `refresh:${account.id}`;
    const owner = deps.outbox.instanceId;
    for (let waited = 0; ; waited += LEASE_POLL_MS) {
      const stored = await this.#stored(deps, account.id, resource);
      if (!stored) throw new ReconnectNeededError('The mailbox is not linked', { diagnosis: account.lastError?.diagnosis ?? 'grant_expired' });
      const now = deps.clock.now();
      if (usable(stored, now, rejected)) return this.#remember(account.id, resource, stored);
      if (await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + REFRESH_LEASE_MS), now)) {
        try {
          // Checked again holding the lease: another instance may have refreshed meanwhile.
          const current = await this.#stored(deps, account.id, resource);
          if (current && usable(current, now, rejected)) return this.#remember(account.id, resource, current);
          return await this.#refresh(deps, account, app, current ?? stored, resource);
        } finally {
          await deps.store.leases.release(lease, owner);
        }
      }
      if (waited >= REFRESH_LEASE_MS) throw new ProviderUnavailableError('Another Mailbridge instance is still refreshing this mailbox\'s token');
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
  }

  async #refresh(deps: Deps, account: MailAccount, app: MicrosoftApp, stored: TokenSet, resource: TokenResource, scopes?: readonly string[]): Promise<Sensitive> {
    const now = deps.clock.now();
    let grant;
    try {
      grant = await deps.identity.refresh(app, stored.refreshToken, scopes ?? refreshScopes(resource, stored.scope || null, account));
    } catch (e) {
      await this.#recordFailure(deps, account, app, e, stored.refreshToken);
      throw e;
    }
    // While Microsoft answered, the account may have been unlinked or linked again (or another
    // instance refreshed): what is stored now wins over this older grant.
    const current = await this.#stored(deps, account.id, resource);
    if (!current) throw new MailbridgeError('not_linked', 'The mailbox was unlinked while its token was being refreshed');
    if (current.refreshToken.reveal() !== stored.refreshToken.reveal()) {
      if (current.accessTokenExpiresAt.getTime() <= now.getTime()) throw new ProviderUnavailableError('The mailbox was linked again while its token was being refreshed; trying again');
      return this.#remember(account.id, resource, current);
    }
    const expiresAt = new Date(now.getTime() + grant.expiresIn * 1000);
    const tokens = { accessToken: grant.accessToken, accessTokenExpiresAt: expiresAt, refreshToken: grant.refreshToken ?? stored.refreshToken, scope: grant.scope, updatedAt: now };
    // The row and the newest refresh token on the account's other rows, together.
    await deps.store.transaction((tx) => tx.tokens.save(account.id, tokens, resource));
    if (app.lastError) await deps.store.apps.setLastError(app.id, null);
    return this.#remember(account.id, resource, tokens);
  }

  /** invalid_grant and friends: the user must relink; invalid_client: the app is wrong for everyone. */
  async #recordFailure(deps: Deps, account: MailAccount, app: MicrosoftApp, e: unknown, used: Sensitive): Promise<void> {
    if (!(e instanceof MailbridgeError)) return;
    const now = deps.clock.now();
    if (e instanceof ReconnectNeededError) {
      this.forget(account.id);
      // A relink that finished meanwhile brought a new grant: this failure is about the old one.
      await markReconnectNeeded(deps, account.id, e.toProblem(now), async (tx) => {
        const current = (await tx.tokens.get(account.id, 'graph')) ?? (await tx.tokens.get(account.id, 'outlook'));
        return current !== null && current.refreshToken.reveal() === used.reveal();
      });
    } else if (e instanceof AppProblemError) {
      await deps.store.apps.setLastError(app.id, e.toProblem(now));
    }
  }
}
