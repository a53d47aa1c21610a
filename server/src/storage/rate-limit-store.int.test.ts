import { createHash, randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { Vault } from '../platform/vault.js';
import { createStore } from './create-store.js';
import type { Database } from './schema.js';
import { useStore } from './testing/use-store.js';
import { backends, PG_ADMIN_URL, postgresReachable } from './testing/store-backends.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const MINUTE = 60_000;

/**
 * The storage contract of the attempt counters (migration 0005): fixed windows, atomic counting,
 * keys hashed, ended windows cleaned up a bounded batch per hit. Each test works later in time
 * than the one before, since a hit cleans up every window ended before it.
 */
describe.each(backends(hasPostgres))('Rate limits on $name', (backend) => {
  let store: Store;
  let raw: Kysely<Database>;
  let url: string;

  const opened = useStore(backend);
  beforeAll(() => void ({ store, raw, url } = opened));

  const test = it.skipIf(!backend.available);

  test('counts up to max in a window, then refuses until the window ends (Retry-After to its end); keys are independent', async () => {
    const t0 = Date.parse('2030-01-01T00:00:00.000Z');
    const limit = { max: 3, windowMs: MINUTE };
    const hit = (key: string, ms: number) => store.rateLimits.hit(key, limit, new Date(t0 + ms));
    for (const ms of [0, 1_000, 2_000]) expect(await hit('a', ms)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await hit('a', 10_500)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await hit('a', 59_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await hit('b', 30_000)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    // Fixed window: it ends a minute after its first hit, whatever came after, and starts over.
    for (const ms of [60_000, 61_000, 62_000]) expect((await hit('a', ms)).allowed).toBe(true);
    expect(await hit('a', 63_000)).toEqual({ allowed: false, retryAfterSeconds: 57 });
    // Refused hits do not push the end further.
    expect(await hit('a', 119_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await hit('a', 120_000)).allowed).toBe(true);
  });

  test('keys are stored as SHA-256: no client address or email in clear', async () => {
    const key = 'sign-in:client-email:203.0.113.7|victim@example.test';
    await store.rateLimits.hit(key, { max: 10, windowMs: MINUTE }, new Date('2030-02-01T00:00:00.000Z'));
    const rows = await raw.selectFrom('rate_limits').selectAll().execute();
    expect(rows.map((r) => r.key_hash)).toContain(sha256(key));
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('203.0.113.7');
    expect(dump).not.toContain('victim');
  });

  test('atomic under concurrency, and shared by two stores on the same database (two instances)', async () => {
    const now = new Date('2030-03-01T00:00:00.000Z');
    const limit = { max: 10, windowMs: MINUTE };
    const other = await createStore({ databaseUrl: url, vault: new Vault([randomBytes(32)]) });
    try {
      const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).rateLimits.hit('race', limit, now)));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
      const later = new Date(now.getTime() + 1_000);
      for (let i = 0; i < 5; i++) expect((await store.rateLimits.hit('shared', limit, later)).allowed).toBe(true);
      for (let i = 0; i < 5; i++) expect((await other.rateLimits.hit('shared', limit, later)).allowed).toBe(true);
      expect(await store.rateLimits.hit('shared', limit, later)).toEqual({ allowed: false, retryAfterSeconds: 60 });
      expect((await other.rateLimits.hit('shared', limit, later)).allowed).toBe(false);
    } finally {
      await other.close();
    }
  });

  test('each hit deletes up to 10 ended windows, oldest first, and never a live one', async () => {
    const t = Date.parse('2030-04-01T00:00:00.000Z');
    for (let i = 0; i < 23; i++) await store.rateLimits.hit(`dead-${i}`, { max: 1, windowMs: MINUTE }, new Date(t + i));
    await store.rateLimits.hit('live', { max: 1, windowMs: 60 * MINUTE }, new Date(t));
    const now = new Date(t + 2 * MINUTE);
    const ended = async () => Number((await raw.selectFrom('rate_limits').select((eb) => eb.fn.countAll().as('n')).where('window_ends_at', '<=', now.toISOString()).executeTakeFirstOrThrow()).n);
    let before = await ended();
    expect(before).toBeGreaterThanOrEqual(23);
    while (before > 0) {
      await store.rateLimits.hit('probe', { max: 100, windowMs: MINUTE }, now);
      const after = await ended();
      expect(after).toBe(Math.max(0, before - 10));
      before = after;
    }
    const left = (await raw.selectFrom('rate_limits').select('key_hash').execute()).map((r) => r.key_hash);
    expect(left).toEqual(expect.arrayContaining([sha256('live'), sha256('probe')]));
    expect(left).not.toContain(sha256('dead-22'));
  });

  test('check counts nothing: it says whether one more attempt fits, until the window ends', async () => {
    const t = Date.parse('2030-05-01T00:00:00.000Z');
    const limit = { max: 3, windowMs: 5 * MINUTE };
    const at = (ms: number) => new Date(t + ms);
    expect(await store.rateLimits.check('failures', limit, at(0))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    for (const ms of [0, 1_000]) await store.rateLimits.hit('failures', limit, at(ms));
    for (let i = 0; i < 5; i++) expect(await store.rateLimits.check('failures', limit, at(2_000))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    await store.rateLimits.hit('failures', limit, at(2_000));
    expect(await store.rateLimits.check('failures', limit, at(60_000))).toEqual({ allowed: false, retryAfterSeconds: 240 });
    expect(await store.rateLimits.check('other', limit, at(60_000))).toEqual({ allowed: true, retryAfterSeconds: 0 });
    // The window passes by itself.
    expect((await store.rateLimits.check('failures', limit, at(5 * MINUTE))).allowed).toBe(true);
  });
});
