import { randomBytes } from 'node:crypto';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import { Vault } from '../platform/vault.js';
import { createStore } from '../storage/create-store.js';
import { SandboxState } from './sandbox-state.js';

let store: Store;
let emulator: Emulator;
const warnings: string[] = [];
const logger = { warn: (_o: unknown, m?: string) => void warnings.push(m ?? ''), error: (_o: unknown, m?: string) => void warnings.push(m ?? '') };

beforeEach(async () => {
  store = await createStore({ databaseUrl: 'sqlite::memory:', vault: new Vault([randomBytes(32)]) });
  emulator = await startEmulator({ control: 'none' });
  warnings.length = 0;
});
afterEach(async () => {
  await emulator.close();
  await store.close();
});

it('saves concurrent changes in at most two writes, the last with every change', async () => {
  let writes = 0;
  const repo = { load: () => store.sandboxState.load(), save: async (s: Sensitive, at: Date) => { writes++; await store.sandboxState.save(s, at); } };
  const state = new SandboxState(repo, emulator, logger);
  const saves = ['a', 'b', 'c', 'd'].map((name) => {
    emulator.createTenant({ domain: `${name}.example` });
    return state.save();
  });
  await Promise.all(saves);
  expect(writes).toBeLessThanOrEqual(2);
  await state.save(); // nothing changed: nothing written
  expect(writes).toBeLessThanOrEqual(2);
  const saved = JSON.parse((await store.sandboxState.load())!.reveal()) as { tenants: Array<{ domain: string }> };
  expect(saved.tenants.map((t) => t.domain)).toEqual(expect.arrayContaining(['a.example', 'd.example']));
});

it('starts afresh, with a warning, from a state it cannot read back', async () => {
  await store.sandboxState.save(new Sensitive('{"version":99}'), new Date());
  const state = new SandboxState(store.sandboxState, emulator, logger);
  expect(await state.restore()).toBe(false);
  expect(warnings.join()).toContain('starts afresh');
});

describe('when it saves', () => {
  /** An emulator stand-in whose change counts the test moves by hand. */
  const fake = () => {
    const changes = { durable: 0, mail: 0 };
    return { changes, emulator: { changes: () => ({ ...changes }), snapshot: () => emulator.snapshot(), restore: () => {} } };
  };
  const counting = () => {
    const writes: string[] = [];
    return { writes, repo: { load: () => store.sandboxState.load(), save: async (s: Sensitive, at: Date) => { writes.push(s.reveal()); await store.sandboxState.save(s, at); } } };
  };

  it('saves a durable change before answering, mail a moment later and off the request, nothing unchanged', async () => {
    const { changes, emulator: em } = fake();
    const { writes, repo } = counting();
    const state = new SandboxState(repo, em, logger, () => new Date(), 30);
    await state.save();
    expect(writes).toHaveLength(1);
    expect(state.afterRequest()).toBeUndefined(); // a 404, a refused sign-in: nothing
    changes.durable++;
    await state.afterRequest(); // a token: saved before the answer
    expect(writes).toHaveLength(2);
    changes.mail++;
    expect(state.afterRequest()).toBeUndefined(); // mail: not on the request
    changes.mail++;
    expect(state.afterRequest()).toBeUndefined();
    expect(writes).toHaveLength(2);
    await vi.waitFor(() => expect(writes).toHaveLength(3), { timeout: 2_000, interval: 10 });
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toHaveLength(3); // both mail changes in one write
  });

  it('writes pending mail at flush (shutdown)', async () => {
    const { changes, emulator: em } = fake();
    const { writes, repo } = counting();
    const state = new SandboxState(repo, em, logger, () => new Date(), 60_000);
    await state.save();
    changes.mail++;
    expect(state.afterRequest()).toBeUndefined();
    await state.flush();
    expect(writes).toHaveLength(2);
  });

  it('writes nothing for a POST to an unknown path or a refused token request of the real emulator', async () => {
    const { writes, repo } = counting();
    let state: SandboxState | undefined;
    const em = await startEmulator({ control: 'none', recordRequests: false, onChange: () => state?.afterRequest() });
    try {
      state = new SandboxState(repo, em, logger);
      const tenant = em.createTenant({ domain: 'sandbox.example' });
      em.createApp({ tenantId: tenant.id });
      await state.save();
      expect(writes).toHaveLength(1);
      for (const path of ['/nope', '/_emulator/reset', '/common/oauth2/v2.0/token', '/v1.0/me/sendMail']) {
        const res = await fetch(`${em.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=x&client_id=y' });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
      }
      expect(writes).toHaveLength(1);
    } finally {
      await em.close();
    }
  });
});
