import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault } from '../../platform/vault.js';
import { createStore } from '../../storage/create-store.js';
import { makeApp, makeTokens, seedAccount } from '../../storage/testing/store-fixtures.js';
import type { Deps } from '../deps.js';
import type { IdentityProvider, Store, TokenGrant } from '../ports.js';
import { Sensitive } from '../sensitive.js';
import { ReconnectNeededError } from '../errors.js';
import { AccessTokens } from './access-tokens.js';

/** A refresh that Microsoft answers only when the test says so. */
function slowIdentity() {
  let answer!: (g: TokenGrant) => void;
  let refuse!: (e: unknown) => void;
  let calls = 0;
  const identity = {
    refresh: () => {
      calls++;
      return new Promise<TokenGrant>((res, rej) => {
        answer = res;
        refuse = rej;
      });
    },
  } as unknown as IdentityProvider;
  return { identity, answer: (g: TokenGrant) => answer(g), refuse: (e: unknown) => refuse(e), calls: () => calls };
}

const grant = (n: string): TokenGrant => ({ accessToken: new Sensitive(`access-${n}`), refreshToken: new Sensitive(`refresh-${n}`), expiresIn: 3600, scope: 'Mail.Send' });

describe('AccessTokens against a store that changes during a refresh', () => {
  let store: Store;
  let deps: Deps;
  let ms: ReturnType<typeof slowIdentity>;
  const app = makeApp();
  const expired = () => makeTokens({ accessToken: new Sensitive('access-old'), refreshToken: new Sensitive('refresh-old'), accessTokenExpiresAt: new Date(Date.now() - 1000) });

  beforeEach(async () => {
    store = await createStore({ databaseUrl: 'sqlite::memory:', vault: new Vault([randomBytes(32)]) });
    ms = slowIdentity();
    // Refreshes take the store's lease `refresh:<account>` in the name of this process.
    deps = { store, identity: ms.identity, clock: { now: () => new Date() }, tokens: new AccessTokens(), outbox: { instanceId: 'instance-a' } } as unknown as Deps;
  });
  afterEach(() => store.close());

  it('concurrent callers share one refresh', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    await store.tokens.save(account.id, expired());
    const all = Promise.all(Array.from({ length: 20 }, () => deps.tokens.get(deps, account, app)));
    await new Promise((r) => setTimeout(r, 10));
    ms.answer(grant('new'));
    expect(new Set((await all).map((t) => t.reveal()))).toEqual(new Set(['access-new']));
    expect(ms.calls()).toBe(1);
    expect((await store.tokens.get(account.id))!.refreshToken.reveal()).toBe('refresh-new');
  });

  it('two instances on one store share one refresh through the lease', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    await store.tokens.save(account.id, expired());
    const other = { ...deps, tokens: new AccessTokens(), outbox: { instanceId: 'instance-b' } } as unknown as Deps;
    const first = deps.tokens.get(deps, account, app);
    await new Promise((r) => setTimeout(r, 10));
    const second = other.tokens.get(other, account, app);
    await new Promise((r) => setTimeout(r, 60));
    ms.answer(grant('new'));
    expect([(await first).reveal(), (await second).reveal()]).toEqual(['access-new', 'access-new']);
    expect(ms.calls()).toBe(1);
  });

  it('an unlink during the refresh is not undone by its answer', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    await store.tokens.save(account.id, expired());
    const pending = deps.tokens.get(deps, account, app);
    await new Promise((r) => setTimeout(r, 10));
    await store.tokens.delete(account.id);
    ms.answer(grant('late'));
    await expect(pending).rejects.toMatchObject({ code: 'not_linked' });
    expect(await store.tokens.get(account.id)).toBeNull();
  });

  it('a relink during the refresh wins over the older grant, and its failure does not mark the account', async () => {
    const account = await seedAccount(store, { status: 'linked' });
    await store.tokens.save(account.id, expired());
    const pending = deps.tokens.get(deps, account, app);
    await new Promise((r) => setTimeout(r, 10));
    await store.tokens.save(account.id, makeTokens({ accessToken: new Sensitive('access-relinked'), refreshToken: new Sensitive('refresh-relinked'), accessTokenExpiresAt: new Date(Date.now() + 3600_000) }));
    ms.refuse(new ReconnectNeededError('AADSTS50173', { diagnosis: 'grant_revoked' }));
    await expect(pending).rejects.toBeInstanceOf(ReconnectNeededError);
    expect((await store.accounts.get(account.id))!.status).toBe('linked');
    expect((await store.tokens.get(account.id))!.refreshToken.reveal()).toBe('refresh-relinked');
  });
});
