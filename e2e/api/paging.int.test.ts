import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type ApiResponse, type Stack } from '../support/stack.js';
import { databases } from '../support/databases.js';

/** Issue 6: GET /accounts and GET /users come in pages: `?cursor=&limit=` → `{items, nextCursor}`. */
describe.each(databases())('paged lists ($name)', (db) => {
  let s: Stack;
  let annKey: string;
  let benKey: string;
  const annAccounts: string[] = [];

  /** Creates in parallel batches: 120 one by one would be most of this file's time. */
  const createMany = async (count: number, make: (i: number) => Promise<string>, batch = 20) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += batch) ids.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => make(i + j)))));
    return ids;
  };

  const newUser = async (email: string) => {
    const u = await s.api('POST', '/api/v1/users', { email, role: 'user' });
    expect(u.status).toBe(201);
    return { id: u.body.id as string, key: (await s.api('POST', `/api/v1/users/${u.body.id}/api-keys`)).body.key as string };
  };

  /** Follows nextCursor to the end; `between` runs after each page (to add rows mid-walk). */
  const walk = async (path: string, opts: { key?: string; limit?: number; between?: (page: number) => Promise<void> } = {}) => {
    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const q: URLSearchParams = new URLSearchParams({ ...(opts.limit ? { limit: String(opts.limit) } : {}), ...(cursor ? { cursor } : {}) });
      const r: ApiResponse = await s.api('GET', `${path}${q.size ? `?${q}` : ''}`, undefined, opts.key ? { key: opts.key } : {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(['items', 'nextCursor']);
      pages.push(r.body.items);
      cursor = r.body.nextCursor;
      if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      await opts.between?.(pages.length);
    } while (cursor !== null && pages.length < 50);
    return pages;
  };

  beforeAll(async () => {
    s = await startStack(await db.options());
    await s.configureApp();
    const ann = await newUser('ann@contoso.example');
    const ben = await newUser('ben@contoso.example');
    annKey = ann.key;
    benKey = ben.key;
    // 120 accounts by the admin (for itself), 60 for ann with her key: 180 in all.
    await createMany(120, async (i) => (await s.createAccount(`box${i}@contoso.example`)).id);
    annAccounts.push(...(await createMany(60, async (i) => (await s.createAccount(`ann${i}@contoso.example`, {}, annKey)).id)));
  });
  afterAll(async () => {
    await s?.close();
    await db.cleanup();
  });

  it('walks every account in pages of the default 50, oldest first, no duplicates or gaps', async () => {
    const pages = await walk('/api/v1/accounts');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 30]);
    const items = pages.flat();
    expect(new Set(items.map((a) => a.id)).size).toBe(180);
    const keys = items.map((a) => `${a.createdAt} ${a.id}`);
    expect(keys).toEqual([...keys].sort());
    // A page carries the full account view, as GET /accounts/{id} does.
    expect(items[0]).toEqual((await s.api('GET', `/api/v1/accounts/${items[0].id}`)).body);
  });

  it('a user walks only their own accounts: 50 + 10, then with limit=25: 25, 25, 10', async () => {
    const pages = await walk('/api/v1/accounts', { key: annKey });
    expect(pages.map((p) => p.length)).toEqual([50, 10]);
    expect(pages.flat().map((a) => a.id).sort()).toEqual([...annAccounts].sort());
    const small = await walk('/api/v1/accounts', { key: annKey, limit: 25 });
    expect(small.map((p) => p.length)).toEqual([25, 25, 10]);
    expect(small.flat().map((a) => a.id)).toEqual(pages.flat().map((a) => a.id));
    expect(await walk('/api/v1/accounts', { key: benKey })).toEqual([[]]);
  });

  it("a cursor from someone else's walk does not widen what a user sees", async () => {
    const admin = await s.api('GET', '/api/v1/accounts?limit=10');
    const r = await s.api('GET', `/api/v1/accounts?cursor=${admin.body.nextCursor}`, undefined, { key: benKey });
    expect(r.body).toEqual({ items: [], nextCursor: null });
  });

  it('rows added between pages neither duplicate nor hide anything: they come at the end', async () => {
    const ownerKey = (await newUser('walker@contoso.example')).key;
    const before = await createMany(120, async (i) => (await s.createAccount(`w${i}@contoso.example`, {}, ownerKey)).id);
    const added: string[] = [];
    const pages = await walk('/api/v1/accounts', {
      key: ownerKey,
      between: async (n) => {
        if (n <= 2) added.push(...(await createMany(5, async (i) => (await s.createAccount(`w-new${n}-${i}@contoso.example`, {}, ownerKey)).id)));
      },
    });
    const ids = pages.flat().map((a) => a.id);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 120).sort()).toEqual([...before].sort());
    expect(ids.slice(120).sort()).toEqual([...added].sort());
  });

  it('exactly 120 in pages of 50: 50, 50, 20, then nextCursor null', async () => {
    const ownerKey = (await newUser('exact@contoso.example')).key;
    const made = await createMany(120, async (i) => (await s.createAccount(`e${i}@contoso.example`, {}, ownerKey)).id);
    const pages = await walk('/api/v1/accounts', { key: ownerKey, limit: 50 });
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat().map((a) => a.id).sort()).toEqual([...made].sort());
    // A page that ends exactly at the last row says so: no empty page after it.
    const sixty = await walk('/api/v1/accounts', { key: ownerKey, limit: 60 });
    expect(sixty.map((p) => p.length)).toEqual([60, 60]);
  });

  it('pages users the same way (admin only)', async () => {
    await createMany(60, async (i) => (await s.api('POST', '/api/v1/users', { email: `u${i}@contoso.example`, role: 'user' })).body.id);
    const total = (await walk('/api/v1/users', { limit: 100 })).flat();
    const pages = await walk('/api/v1/users', { limit: 7 });
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(pages.flat()).toEqual(total);
    expect(new Set(total.map((u) => u.id)).size).toBe(total.length);
    expect(total.length).toBeGreaterThanOrEqual(64);
    const first = await s.api('GET', '/api/v1/users');
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items).toEqual(total.slice(0, 50));
    expect((await s.api('GET', '/api/v1/users?limit=5', undefined, { key: annKey })).status).toBe(403);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['cursor=garbage!', 'cursor'],
    ['cursor=Z2FyYmFnZQ', 'cursor'],
    ['limt=5', 'limt'],
    ['cursor=a&cursor=b', 'cursor'],
    [`cursor=${'A'.repeat(600)}`, 'cursor'],
    ['constructor=1', 'constructor'],
  ])('%s → 400 invalid_request naming %s', async (query, name) => {
    for (const path of ['/api/v1/accounts', '/api/v1/users']) {
      const r = await s.api('GET', `${path}?${query}`);
      expect(r.status, `${path}?${query}`).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.details.map((d: any) => d.path)).toContain(name);
      expect(r.body.error.message).toContain(name);
    }
  });

  it('a tampered cursor → 400 naming cursor', async () => {
    const { nextCursor } = (await s.api('GET', '/api/v1/accounts?limit=3')).body;
    const decoded = Buffer.from(nextCursor, 'base64url').toString();
    const tampered = [`${nextCursor}x`, nextCursor.slice(0, -2), Buffer.from(decoded.replace(/\d{3}Z/, 'xyzZ')).toString('base64url'), Buffer.from(`${decoded} `).toString('base64url')];
    for (const cursor of tampered) {
      const r = await s.api('GET', `/api/v1/accounts?cursor=${encodeURIComponent(cursor)}`);
      expect(r.status, cursor).toBe(400);
      expect(r.body.error.details[0].path).toBe('cursor');
    }
  });

  it('an empty cursor is the first page; the OpenAPI document lists cursor and limit', async () => {
    const first = await s.api('GET', '/api/v1/accounts?cursor=&limit=2');
    expect(first.body.items).toEqual((await s.api('GET', '/api/v1/accounts?limit=2')).body.items);
    const doc = (await s.api('GET', '/api/openapi.json')).body;
    for (const [path, op] of [['/accounts', 'get'], ['/users', 'get']] as const) {
      const params = doc.paths[path][op].parameters;
      expect(params).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
          expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 50 }) }),
        ]),
      );
      const listed = doc.paths[path][op].responses['200'].content['application/json'].schema;
      expect(listed.required).toEqual(['items', 'nextCursor']);
    }
  });
});
