import type { MailAccount, MicrosoftApp, TokenSet } from '../domain.js';
import { AppProblemError, MailbridgeError, ProviderUnavailableError, ReconnectNeededError } from '../errors.js';
import type { Sensitive } from '../sensitive.js';
import type { Deps } from '../deps.js';
import { refreshScopes } from '../link-scopes.js';
import { markReconnectNeeded } from './account-transitions.js';

/** Refresh this long before expiry so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** A refresher that died frees the lease after this; a token request takes far less. */
const REFRESH_LEASE_MS = 30_000;
const LEASE_POLL_MS = 50;

/**
 * Access tokens per account: cached in memory, refreshed shortly before expiry, one refresh per
 * account at a time (concurrent callers share it), the newest refresh token always stored.
 */
export class AccessTokens {
  readonly #cache = new Map<string, { token: Sensitive; expiresAt: number; scope: string }>();
  readonly #inflight = new Map<string, Promise<Sensitive>>();

  /**
   * A usable access token. `rejected`: the token Graph just refused with 401; a refresh happens
   * only if that is still the current one (so 50 parallel 401s cause one refresh, not 50).
   */
  get(deps: Deps, account: MailAccount, app: MicrosoftApp, rejected?: Sensitive): Promise<Sensitive> {
    const cached = this.#cache.get(account.id);
    const now = deps.clock.now().getTime();
    if (cached && cached.token !== rejected && cached.expiresAt - now > REFRESH_MARGIN_MS) return Promise.resolve(cached.token);
    const running = this.#inflight.get(account.id);
    if (running) return running;
    const p = this.#load(deps, account, app, rejected).finally(() => this.#inflight.delete(account.id));
    this.#inflight.set(account.id, p);
    return p;
  }

  /** What the grant behind the current token allows (Microsoft's `scope`), once `get` has run. */
  grantedScope(accountId: string): string | null {
    return this.#cache.get(accountId)?.scope ?? null;
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
    if (this.#inflight.has(account.id) || !(await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + REFRESH_LEASE_MS), now))) return 'busy';
    try {
      const stored = await deps.store.tokens.get(account.id);
      if (!stored || stored.updatedAt.getTime() >= usedSince.getTime()) return 'fresh';
      await this.#refresh(deps, account, app, stored);
      return 'refreshed';
    } finally {
      await deps.store.leases.release(lease, owner);
    }
  }

  forget(accountId: string): void {
    this.#cache.delete(accountId);
  }

  /**
   * Across instances one refresh per account at a time: the refresher holds the lease
   * `refresh:<account>`; the others wait for the token it stores (issue 7).
   */
  async #load(deps: Deps, account: MailAccount, app: MicrosoftApp, rejected?: Sensitive): Promise<Sensitive> {
    const lease = `refresh:${account.id}`;
    const owner = deps.outbox.instanceId;
    for (let waited = 0; ; waited += LEASE_POLL_MS) {
      const stored = await deps.store.tokens.get(account.id);
      if (!stored) throw new ReconnectNeededError('The mailbox is not linked', { diagnosis: account.lastError?.diagnosis ?? 'grant_expired' });
      const now = deps.clock.now();
      if (stored.accessTokenExpiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS && stored.accessToken.reveal() !== rejected?.reveal()) {
        this.#cache.set(account.id, { token: stored.accessToken, expiresAt: stored.accessTokenExpiresAt.getTime(), scope: stored.scope });
        return stored.accessToken;
      }
      if (await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + REFRESH_LEASE_MS), now)) {
        try {
          return await this.#refresh(deps, account, app, stored);
        } finally {
          await deps.store.leases.release(lease, owner);
        }
      }
      if (waited >= REFRESH_LEASE_MS) throw new ProviderUnavailableError('Another Mailbridge instance is still refreshing this mailbox\'s token');
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
  }

  async #refresh(deps: Deps, account: MailAccount, app: MicrosoftApp, stored: TokenSet): Promise<Sensitive> {
    const now = deps.clock.now();
    let grant;
    try {
      grant = await deps.identity.refresh(app, stored.refreshToken, refreshScopes(stored.scope));
    } catch (e) {
      await this.#recordFailure(deps, account, app, e, stored.refreshToken);
      throw e;
    }
    // While Microsoft answered, the account may have been unlinked or linked again (or another
    // instance refreshed): what is stored now wins over this older grant.
    const current = await deps.store.tokens.get(account.id);
    if (!current) throw new MailbridgeError('not_linked', 'The mailbox was unlinked while its token was being refreshed');
    if (current.refreshToken.reveal() !== stored.refreshToken.reveal()) {
      this.#cache.set(account.id, { token: current.accessToken, expiresAt: current.accessTokenExpiresAt.getTime(), scope: current.scope });
      return current.accessToken;
    }
    const expiresAt = new Date(now.getTime() + grant.expiresIn * 1000);
    await deps.store.tokens.save(account.id, {
      accessToken: grant.accessToken,
      accessTokenExpiresAt: expiresAt,
      refreshToken: grant.refreshToken ?? stored.refreshToken,
      scope: grant.scope,
      updatedAt: now,
    });
    if (app.lastError) await deps.store.apps.setLastError(app.id, null);
    this.#cache.set(account.id, { token: grant.accessToken, expiresAt: expiresAt.getTime(), scope: grant.scope });
    return grant.accessToken;
  }

  /** invalid_grant and friends: the user must relink; invalid_client: the app is wrong for everyone. */
  async #recordFailure(deps: Deps, account: MailAccount, app: MicrosoftApp, e: unknown, used: Sensitive): Promise<void> {
    if (!(e instanceof MailbridgeError)) return;
    const now = deps.clock.now();
    if (e instanceof ReconnectNeededError) {
      this.forget(account.id);
      // A relink that finished meanwhile brought a new grant: this failure is about the old one.
      await markReconnectNeeded(deps, account.id, e.toProblem(now), async (tx) => {
        const current = await tx.tokens.get(account.id);
        return current !== null && current.refreshToken.reveal() === used.reveal();
      });
    } else if (e instanceof AppProblemError) {
      await deps.store.apps.setLastError(app.id, e.toProblem(now));
    }
  }
}
