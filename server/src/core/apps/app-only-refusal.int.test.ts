import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault } from '../../platform/vault.js';
import { createStore } from '../../storage/create-store.js';
import { makeAccount } from '../../storage/testing/store-fixtures.js';
import type { Store } from '../ports.js';
import { markServiceMailboxWorking } from './app-only-refusal.js';

/**
 * A send from a service mailbox went: the mailbox shows `linked` with the address it sent from,
 * unless its address changed while the message was on its way (the new one is unproven).
 */
describe('markServiceMailboxWorking', () => {
  let store: Store;
  const clock = { now: () => new Date('2030-01-01T00:00:00.000Z') };
  const service = makeAccount('ignored', { userId: null, email: 'old@contoso.test', sendingMethod: 'graph_app' });

  beforeEach(async () => {
    store = await createStore({ databaseUrl: 'sqlite::memory:', vault: new Vault([randomBytes(32)]) });
    await store.accounts.create(service);
  });
  afterEach(() => store.close());

  it('marks the address it sent from as linked', async () => {
    await markServiceMailboxWorking({ store, clock }, service);
    expect(await store.accounts.get(service.id)).toMatchObject({ status: 'linked', linkedAddress: 'old@contoso.test', lastError: null });
  });

  it('leaves a mailbox whose address changed during the send as it is', async () => {
    await store.accounts.update(service.id, { email: 'new@contoso.test', updatedAt: clock.now() });
    await markServiceMailboxWorking({ store, clock }, service);
    expect(await store.accounts.get(service.id)).toMatchObject({ status: 'not_linked', linkedAddress: null, email: 'new@contoso.test' });
  });
});
