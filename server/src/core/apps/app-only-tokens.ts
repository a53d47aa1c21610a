import type { MicrosoftApp } from '../domain.js';
import { appKey } from '../domain.js';
import { AppProblemError, MailbridgeError, ProviderUnavailableError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { Sensitive } from '../sensitive.js';
import { appOnlyTenantProblem } from './app-only-settings.js';

/** Asked for again this long before expiry, so a token never dies mid-request (as access-tokens.ts). */
const RENEW_MARGIN_MS = 5 * 60_000;
/** A holder that died frees the lease after this; a token request takes far less. */
const LEASE_MS = 30_000;
const LEASE_POLL_MS = 50;

interface Cached {
  token: Sensitive;
  expiresAt: number;
}

/**
 * The organisation app's app-only tokens (docs/microsoft.md §7): the client-credentials grant on
 * the app's app-only tenant, kept in memory until 5 minutes before they expire (Microsoft issues
 * no refresh token: the app simply asks again). One request at a time across instances: the
 * asker holds the lease `app-token:<appId>`; other instances wait for it, then look at their own
 * cache again and ask in turn. A token is cached per app version (client ID, tenant, credential):
 * saving the app asks anew.
 *
 * Also remembers, per service mailbox, whether Graph refused a draft there (no "Application
 * Mail.ReadWrite" role nor Mail.ReadWrite permission): those send with sendMail, at least once.
 * In memory: after a restart one refused draft finds it out again.
 */
export class AppOnlyTokens {
  readonly #cache = new Map<string, Cached>();
  readonly #inflight = new Map<string, Promise<Sensitive>>();
  readonly #noDrafts = new Set<string>();

  /**
   * A usable app-only token. `rejected`: the token Graph just refused (401); a new one is asked
   * for only if that is still the cached one. Throws the grant's error (app problems named:
   * wrong secret or certificate, tenant problems as app_only_tenant_required). `fresh`: ask
   * Microsoft even if a cached token would do (the admin's check).
   */
  get(deps: Pick<Deps, 'identity' | 'clock' | 'store' | 'outbox'>, app: MicrosoftApp, rejected?: Sensitive, fresh = false): Promise<Sensitive> {
    const tenant = requireTenant(app);
    const k = cacheKey(app, tenant);
    if (fresh) rejected = this.#cache.get(k)?.token ?? rejected;
    const cached = this.#cache.get(k);
    if (cached && cached.token !== rejected && cached.expiresAt - deps.clock.now().getTime() > RENEW_MARGIN_MS) return Promise.resolve(cached.token);
    const running = this.#inflight.get(k);
    if (running) return running;
    const p = this.#load(deps, app, tenant, k, rejected).finally(() => this.#inflight.delete(k));
    this.#inflight.set(k, p);
    return p;
  }

  /** Whether drafts are known to be refused for this mailbox (the app lacks Mail.ReadWrite there). */
  draftsRefused(address: string): boolean {
    return this.#noDrafts.has(address.toLowerCase());
  }

  /** Graph refused a draft in this mailbox (403) while sendMail may still work. */
  markDraftsRefused(address: string): void {
    this.#noDrafts.add(address.toLowerCase());
  }

  /** Forgets the app's tokens (the app changed or was removed) and what was learnt of mailboxes. */
  forget(): void {
    this.#cache.clear();
    this.#noDrafts.clear();
  }

  async #load(deps: Pick<Deps, 'identity' | 'clock' | 'store' | 'outbox'>, app: MicrosoftApp, tenant: string, k: string, rejected?: Sensitive): Promise<Sensitive> {
    const lease = `app-token:${app.id}`;
    const owner = deps.outbox.instanceId;
    for (let waited = 0; ; waited += LEASE_POLL_MS) {
      const now = deps.clock.now();
      if (await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + LEASE_MS), now)) {
        try {
          // Checked again holding the lease: a caller of this process may have filled it meanwhile.
          const cached = this.#cache.get(k);
          if (cached && cached.token !== rejected && cached.expiresAt - now.getTime() > RENEW_MARGIN_MS) return cached.token;
          return await this.#ask(deps, app, tenant, k);
        } finally {
          await deps.store.leases.release(lease, owner);
        }
      }
      if (waited >= LEASE_MS) throw new ProviderUnavailableError('Another Mailbridge instance is still asking Microsoft for an app-only token');
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
  }

  async #ask(deps: Pick<Deps, 'identity' | 'clock'>, app: MicrosoftApp, tenant: string, k: string): Promise<Sensitive> {
    const asked = deps.clock.now().getTime();
    let grant;
    try {
      grant = await deps.identity.clientCredentials(app, tenant);
    } catch (e) {
      throw named(e, tenant);
    }
    this.#cache.set(k, { token: grant.accessToken, expiresAt: asked + grant.expiresIn * 1000 });
    return grant.accessToken;
  }
}

const cacheKey = (app: MicrosoftApp, tenant: string): string =>
  `${app.id}|${appKey(app)}|${tenant.toLowerCase()}|${app.certificate?.thumbprintSha256 ?? ''}|${app.updatedAt.getTime()}`;

/** The app-only tenant, or the problem of not having a usable one. */
function requireTenant(app: MicrosoftApp): string {
  if (!app.appOnly?.enabled) throw new AppProblemError('App-only sending is switched off for the organisation app', { diagnosis: 'app_only_tenant_required', params: { clientId: app.clientId, tenant: app.appOnly?.tenant ?? '' } });
  const problem = appOnlyTenantProblem(app.appOnly.tenant);
  if (problem) throw new AppProblemError(problem, { diagnosis: 'app_only_tenant_required', params: { clientId: app.clientId, tenant: app.appOnly.tenant } });
  return app.appOnly.tenant;
}

/**
 * The grant's error with the app-only tenant in its text: "tenant not found" (AADSTS90002) means
 * the tenant was mistyped, which the delegated flows' table names otherwise.
 */
function named(e: unknown, tenant: string): unknown {
  if (!(e instanceof MailbridgeError)) return e;
  const params = { ...e.params, tenant };
  if (/AADSTS90002\b/.test(e.microsoftText ?? '')) {
    return new AppProblemError(`Microsoft does not know the tenant ${tenant}`, { diagnosis: 'app_only_tenant_required', params, ...(e.microsoftText ? { microsoftText: e.microsoftText } : {}) });
  }
  return MailbridgeError.fromJSON({ ...e.toJSON(), params });
}
