import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { startSqliteCheckpointer } from './sqlite-checkpointer.js';
import { sqliteGroupCommit } from './sqlite-group-commit.js';
import { WalSync, type DurableSync } from './sqlite-wal-sync.js';
import { useStore } from './testing/use-store.js';
import { sqliteBackend } from './testing/store-backends.js';
import { makeUser } from './testing/store-fixtures.js';

/**
 * Durable transactions on SQLite share commits when they come together (sqlite-group-commit.ts):
 * each caller still gets all of its own work committed, or none of it and its own error.
 */
const durable = <T>(store: Store, fn: (tx: Store) => Promise<T>) => store.transaction(fn, { durable: true });

describe('SQLite durable transactions committed together', () => {
  const opened = useStore(sqliteBackend());

  it('forty callers at once: every one committed, each answered with its own result', async () => {
    const users = Array.from({ length: 40 }, () => makeUser());
    const results = await Promise.all(users.map((u, i) => durable(opened.store, async (tx) => {
      await tx.users.create(u);
      return i;
    })));
    expect(results).toEqual(users.map((_, i) => i));
    for (const u of users) expect(await opened.raw.selectFrom('users').select('id').where('id', '=', u.id).executeTakeFirst()).toEqual({ id: u.id });
  });

  it('a part that throws after writing is rolled back alone; its caller gets its error, the others commit', async () => {
    const [a, b, c] = [makeUser(), makeUser(), makeUser()];
    const outcomes = await Promise.allSettled([
      durable(opened.store, (tx) => tx.users.create(a)),
      durable(opened.store, async (tx) => {
        await tx.users.create(b);
        throw new Error('b changed its mind');
      }),
      durable(opened.store, (tx) => tx.users.create(c)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('b changed its mind'));
    const stored = await opened.raw.selectFrom('users').select('id').where('id', 'in', [a.id, b.id, c.id]).execute();
    expect(stored.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
  });

  it('a part alone in its batch that throws: its error, and nothing it wrote is stored', async () => {
    const lone = makeUser();
    await expect(durable(opened.store, async (tx) => {
      await tx.users.create(lone);
      throw new Error('lone changed its mind');
    })).rejects.toThrow('lone changed its mind');
    expect(await opened.store.users.get(lone.id)).toBeNull();
  });

  it('a unique violation in one part leaves the parts before and after it committed', async () => {
    const taken = makeUser();
    await opened.store.users.create(taken);
    const fresh = makeUser();
    const outcomes = await Promise.allSettled([
      durable(opened.store, (tx) => tx.users.create({ ...makeUser(), email: taken.email })),
      durable(opened.store, (tx) => tx.users.create(fresh)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    expect(await opened.store.users.get(fresh.id)).toEqual(fresh);
  });

  it('a transaction inside a part joins it; one after the batch runs in the next', async () => {
    const [a, b] = [makeUser(), makeUser()];
    await durable(opened.store, async (tx) => {
      await tx.transaction((inner) => inner.users.create(a));
      await tx.users.create(b);
    });
    const late = makeUser();
    await durable(opened.store, async () => {
      // Queued from inside a running batch: answered by the next one, not waited for here.
      void durable(opened.store, (tx) => tx.users.create(late));
    });
    await new Promise((r) => setTimeout(r, 50));
    for (const u of [a, b, late]) expect(await opened.store.users.get(u.id)).toEqual(u);
  });
});

/**
 * Checkpoints run on their own thread (sqlite-checkpointer.ts): what the serving connection
 * commits reaches the database file without that connection copying it, which it would do only
 * past SQLITE_BACKSTOP_CHECKPOINT_PAGES (64 MiB).
 */
describe('SQLite WAL checkpoints', () => {
  const backend = sqliteBackend();
  const opened = useStore(backend);

  it('a checkpointer thread that cannot start says so, and closing it still returns', async () => {
    let stopped: unknown = null;
    const checkpointer = startSqliteCheckpointer(join(tmpdir(), `absent-${Date.now()}.db`), (e) => (stopped = e));
    await expect.poll(() => stopped).toBeInstanceOf(Error);
    await checkpointer.close();
  });

  it('committed pages reach the database file from the checkpointer thread, and the WAL starts over', async () => {
    const file = opened.url.slice('sqlite:'.length);
    const before = statSync(file).size;
    // About 3 MB committed in 300 durable transactions: well under the connection's own threshold.
    for (let i = 0; i < 30; i++) {
      await Promise.all(Array.from({ length: 10 }, () => durable(opened.store, (tx) => tx.users.create(makeUser({ name: randomBytes(5_000).toString('hex') })))));
    }
    const deadline = Date.now() + 5_000;
    while (statSync(file).size < before + 3_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before + 3_000_000);
    // Once everything is copied, the next commits write the WAL from its start: it stops growing.
    let restarted = false;
    while (!restarted && Date.now() < deadline + 5_000) {
      await new Promise((r) => setTimeout(r, 250));
      const wal = statSync(`${file}-wal`).size;
      for (let i = 0; i < 30; i++) await durable(opened.store, (tx) => tx.users.create(makeUser({ name: randomBytes(5_000).toString('hex') })));
      restarted = statSync(`${file}-wal`).size === wal;
    }
    expect(restarted).toBe(true);
  });
});

/** The WAL sync that answers a durable batch (sqlite-wal-sync.ts), when the disk fails it. */
describe('SQLite durable commits when the disk fails a sync', () => {
  const opened = useStore(sqliteBackend());

  it('the batch whose sync failed gets the error; after that nothing is committed, until a restart', async () => {
    const failure = new Error('The disk failed to sync the database\'s write-ahead log (EIO)');
    const disk: DurableSync = { failed: null, sync: () => Promise.reject((disk as { failed: Error | null }).failed = failure) };
    const commit = sqliteGroupCommit(opened.raw, disk);
    await expect(commit(async () => 'written')).rejects.toBe(failure);
    let ran = false;
    await expect(commit(async () => {
      ran = true;
    })).rejects.toBe(failure);
    expect(ran).toBe(false);
  });

  it('a WAL file that cannot be found fails that sync only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wal-sync-'));
    const sync = new WalSync(join(dir, 'late.db-wal'));
    await expect(sync.sync()).rejects.toThrow(/ENOENT/);
    expect(sync.failed).toBeNull();
    writeFileSync(join(dir, 'late.db-wal'), 'frames');
    await sync.sync();
    await sync.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
