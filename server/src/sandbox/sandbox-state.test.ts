import { randomBytes } from 'node:crypto';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { afterEach, beforeEach, expect, it } from 'vitest';
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
