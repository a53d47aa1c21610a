import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Database } from './schema.js';
import { useStore } from './testing/use-store.js';
import { backends, postgresReachable } from './testing/store-backends.js';

const hasPostgres = await postgresReachable();

describe.each(backends(hasPostgres))('sandbox state on $name', (backend) => {
  let store: Store;
  let raw: Kysely<Database>;
  const test = it.skipIf(!backend.available);

  const opened = useStore(backend);
  beforeAll(() => void ({ store, raw } = opened));

  test('is empty at first, then keeps the last state saved, as a vault envelope only', async () => {
    expect(await store.sandboxState.load()).toBeNull();
    const secret = `rt-${randomBytes(16).toString('hex')}`;
    await store.sandboxState.save(new Sensitive(JSON.stringify({ version: 1, token: 'first' })), new Date('2025-01-01T00:00:00Z'));
    await store.sandboxState.save(new Sensitive(JSON.stringify({ version: 1, token: secret })), new Date('2025-01-02T00:00:00Z'));
    expect(JSON.parse((await store.sandboxState.load())!.reveal())).toEqual({ version: 1, token: secret });
    const rows = await raw.selectFrom('sandbox_state').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toMatch(/^v1:/);
    expect(rows[0]!.state).not.toContain(secret);
    expect(rows[0]!.updated_at).toBe('2025-01-02T00:00:00.000Z');
    if (backend.fileBytes) expect(backend.fileBytes().includes(Buffer.from(secret))).toBe(false);
  });
});
