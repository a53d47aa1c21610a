import type { MailAccount, MicrosoftApp } from '../domain.js';
import { AppProblemError, MailbridgeError, ReconnectNeededError } from '../errors.js';
import type { Sensitive } from '../sensitive.js';
import type { Deps } from '../deps.js';
import { GRAPH_LINK_SCOPES } from '../link-scopes.js';

/** Refresh this long before expiry so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Access tokens per account: cached in memory, refreshed shortly before expiry, one refresh per
 * account at a time (concurrent callers share it), the newest refresh token always stored.
 */
export class AccessTokens {
  readonly #cache = new Map<string, { token: Sensitive; expiresAt: number }>();
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

  forget(accountId: string): void {
    this.#cache.delete(accountId);
  }

  async #load(deps: Deps, account: MailAccount, app: MicrosoftApp, rejected?: Sensitive): Promise<Sensitive> {
    const stored = await deps.store.tokens.get(account.id);
    if (!stored) throw new ReconnectNeededError('The mailbox is not linked', { diagnosis: account.lastError?.diagnosis ?? 'grant_expired' });
    const now = deps.clock.now();
    const stillGood = stored.accessTokenExpiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS;
    if (stillGood && stored.accessToken.reveal() !== rejected?.reveal()) {
      this.#cache.set(account.id, { token: stored.accessToken, expiresAt: stored.accessTokenExpiresAt.getTime() });
      return stored.accessToken;
    }
    let grant;
    try {
      grant = await deps.identity.refresh(app, stored.refreshToken, GRAPH_LINK_SCOPES);
    } catch (e) {
      await this.#recordFailure(deps, account, app, e, stored.refreshToken);
      throw e;
    }
    // While Microsoft answered, the account may have been unlinked or linked again (or another
    // instance refreshed): what is stored now wins over this older grant.
    const current = await deps.store.tokens.get(account.id);
    if (!current) throw new MailbridgeError('not_linked', 'The mailbox was unlinked while its token was being refreshed');
    if (current.refreshToken.reveal() !== stored.refreshToken.reveal()) {
      this.#cache.set(account.id, { token: current.accessToken, expiresAt: current.accessTokenExpiresAt.getTime() });
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
    this.#cache.set(account.id, { token: grant.accessToken, expiresAt: expiresAt.getTime() });
    return grant.accessToken;
  }

  /** invalid_grant and friends: the user must relink; invalid_client: the app is wrong for everyone. */
  async #recordFailure(deps: Deps, account: MailAccount, app: MicrosoftApp, e: unknown, used: Sensitive): Promise<void> {
    if (!(e instanceof MailbridgeError)) return;
    const now = deps.clock.now();
    if (e instanceof ReconnectNeededError) {
      // A relink that finished meanwhile brought a new grant: this failure is about the old one.
      const current = await deps.store.tokens.get(account.id);
      if (current && current.refreshToken.reveal() !== used.reveal()) return;
      this.forget(account.id);
      await deps.store.tokens.delete(account.id);
      await deps.store.accounts.update(account.id, { status: 'reconnect_needed', lastError: e.toProblem(now), updatedAt: now });
    } else if (e instanceof AppProblemError) {
      await deps.store.apps.setLastError(app.id, e.toProblem(now));
    }
  }
}
